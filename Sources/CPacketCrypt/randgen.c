/* RandGen: the random program a 32-byte seed determines. The draw order of
 * every random number is consensus: it follows pktd's generator exactly. */
#include "internal.h"
#include "opcodes.h"

enum {
    BUDGET_INITIAL = 20000,
    COST_MEMORY = 20,
    COST_INPUT = 2,
    COST_BRANCH = 50,
    LOOP_MIN_CYCLES = 2,
    VARS_MAX = 4 * PC_PROGRAM_MAX_WORDS + 64,
    REFILL = 16,
};

static const uint32_t VAR_MARK = 0xffffffffu;

typedef struct {
    const uint8_t *seed;
    uint32_t buf[16 * REFILL];
    uint32_t next;
    uint32_t ctr;
    uint32_t *insns;
    int insn_count;
    int var_count;
    int mark_count;
    int scope;
    int invalid; /* over PC_PROGRAM_MAX_WORDS words, or no variable to use */
    /* Not cleared between programs: */
    uint32_t vars[VARS_MAX];
    int marks[VARS_MAX]; /* where the scope marks in vars are, in order */
} gen;

/* The draws are the words of HashExpand(seed, ctr) for ctr = 0, 1, ...;
 * REFILL counters' blocks are made at once. */
static uint32_t rand32(gen *g) {
    if (g->next >= 16 * REFILL) {
        pc_hash_expand_blocks((uint8_t *)g->buf, REFILL, g->seed, g->ctr);
        g->ctr += REFILL;
        g->next = 0;
    }
    return g->buf[g->next++];
}
static int toss(gen *g, uint32_t n) { return rand32(g) % n == 0; }
static uint32_t range(gen *g, uint32_t lo, uint32_t hi) { return rand32(g) % (hi - lo) + lo; }
static int spend(uint32_t *budget, uint32_t x) {
    if (*budget < x) return 0;
    *budget -= x;
    return 1;
}
static void emit(gen *g, uint32_t w) {
    if (g->insn_count >= PC_PROGRAM_MAX_WORDS) {
        g->invalid = 1;
        return;
    }
    g->insns[g->insn_count++] = w;
}
static void push_var(gen *g, uint32_t v) {
    /* The op budget bounds the variable count far below VARS_MAX. */
    if (g->var_count < VARS_MAX) {
        if (v == VAR_MARK) g->marks[g->mark_count++] = g->var_count;
        g->vars[g->var_count++] = v;
    } else {
        g->invalid = 1;
    }
}
static void scope_open(gen *g) {
    g->scope++;
    push_var(g, VAR_MARK);
}
static void scope_close(gen *g) {
    emit(g, OP_END);
    g->scope--;
    while (g->var_count > 0 && g->vars[--g->var_count] != VAR_MARK) {}
    while (g->mark_count > 0 && g->marks[g->mark_count - 1] >= g->var_count) g->mark_count--;
}

/* Scope by scope from the innermost (bof at its mark), as pktd scans for the
 * marks; the mark index skips the scan. */
static uint32_t get_var(gen *g, int dbl) {
    int eof = g->var_count, bof = -1;
    for (int k = g->mark_count - 1; k >= 0; k--) {
        int at = g->marks[k];
        int too_small = dbl ? (at >= eof - 2) : (at >= eof - 1);
        if (!too_small && (at == 0 || !toss(g, 4))) {
            bof = at;
            break;
        }
        eof = at;
    }
    if (bof + 1 >= eof) {
        /* No scope holds a usable variable. pktd's generator would panic on
         * such a seed; it never occurs in practice. Call the program invalid. */
        g->invalid = 1;
        return 0;
    }
    uint32_t start = range(g, (uint32_t)(bof + 1), (uint32_t)eof);
    for (int j = (int)start + 1;; j++) {
        if (j >= eof) j = bof + 1;
        if ((!dbl || j > bof + 1) && toss(g, 8)) {
        } else if ((g->vars[j] & 1) == 0 && (!dbl || (g->vars[j - 1] & 1) == 0)) {
        } else {
            continue;
        }
        g->vars[j] |= 1;
        if (dbl) g->vars[j - 1] |= 1;
        return (uint32_t)j;
    }
}

static uint32_t operand_a(gen *g, int dbl) { return get_var(g, dbl) << 9; }
static uint32_t operand_b(gen *g, int dbl) {
    if (toss(g, 4)) return (rand32(g) << 20) | (1u << 18);
    return get_var(g, dbl) << 20;
}

static const uint8_t CODES_1_1[] = {OP_POPCNT8, OP_POPCNT16, OP_POPCNT32, OP_CLZ8, OP_CLZ16,
                                    OP_CLZ32, OP_CTZ8, OP_CTZ16, OP_CTZ32, OP_BSWAP16, OP_BSWAP32};
static const uint8_t CODES_2_1[] = {OP_ADD8, OP_ADD16, OP_ADD32, OP_SUB8, OP_SUB16, OP_SUB32,
                                    OP_SHLL8, OP_SHLL16, OP_SHLL32, OP_SHRL8, OP_SHRL16, OP_SHRL32,
                                    OP_SHRA8, OP_SHRA16, OP_SHRA32, OP_ROTL8, OP_ROTL16, OP_ROTL32,
                                    OP_MUL8, OP_MUL16, OP_MUL32, OP_AND, OP_OR, OP_XOR};
static const uint8_t CODES_2_2[] = {OP_ADD8C, OP_ADD16C, OP_ADD32C, OP_SUB8C, OP_SUB16C,
                                    OP_SUB32C, OP_MUL8C, OP_MUL16C, OP_MUL32C, OP_MULSU8C,
                                    OP_MULSU16C, OP_MULSU32C, OP_MULU8C, OP_MULU16C, OP_MULU32C};
static const uint8_t CODES_4_2[] = {OP_ADD64, OP_SUB64, OP_SHLL64, OP_SHRL64,
                                    OP_SHRA64, OP_ROTL64, OP_ROTR64, OP_MUL64};
static const uint8_t CODES_4_4[] = {OP_ADD64C, OP_SUB64C, OP_MUL64C, OP_MULSU64C, OP_MULU64C};

typedef enum { CLASS_1_1, CLASS_2_1, CLASS_2_2, CLASS_4_2, CLASS_4_4 } op_class;

/* Per class: its opcodes, budget cost, whether operands are 64-bit pairs,
 * whether it takes a B operand, and how many words its result pushes. */
static const struct {
    const uint8_t *codes;
    uint32_t count;
    uint32_t cost;
    int dbl;
    int has_b;
    int outputs;
} CLASSES[] = {
    [CLASS_1_1] = {CODES_1_1, sizeof CODES_1_1, 1, 0, 0, 1},
    [CLASS_2_1] = {CODES_2_1, sizeof CODES_2_1, 2, 0, 1, 1},
    [CLASS_2_2] = {CODES_2_2, sizeof CODES_2_2, 4, 0, 1, 2},
    [CLASS_4_2] = {CODES_4_2, sizeof CODES_4_2, 8, 1, 1, 2},
    [CLASS_4_4] = {CODES_4_4, sizeof CODES_4_4, 16, 1, 1, 4},
};

/* The opcode draw comes before the budget check; A is drawn before B. */
static int op(gen *g, op_class c, uint32_t *budget) {
    uint32_t rnd = rand32(g);
    if (!spend(budget, CLASSES[c].cost)) return 0;
    uint32_t a = operand_a(g, CLASSES[c].dbl);
    uint32_t b = CLASSES[c].has_b ? operand_b(g, CLASSES[c].dbl) : 0;
    emit(g, CLASSES[c].codes[rnd % CLASSES[c].count] | a | b);
    for (int i = 0; i < CLASSES[c].outputs; i++) push_var(g, 0);
    return 1;
}

static int input(gen *g, uint32_t *budget) {
    if (!spend(budget, COST_INPUT)) return 0;
    push_var(g, 0);
    emit(g, (rand32(g) << 8) | OP_IN);
    return 1;
}

static void body(gen *g, uint32_t budget, int new_scope);

static int branch(gen *g, uint32_t *budget) {
    if (!spend(budget, COST_BRANCH)) return 0;
    uint32_t kind = toss(g, 2) ? OP_IF_RANDOM : OP_IF_LIKELY;
    emit(g, operand_a(g, 0) | kind | (2u << 20));
    int j1 = g->insn_count;
    emit(g, OP_JMP);
    body(g, *budget * 7 / 32, 1);
    int j2 = g->insn_count;
    emit(g, OP_JMP);
    body(g, *budget * 7 / 32, 1);
    /* After an overflow the placeholders may be missing; the program is
     * invalid anyway, so only patch what exists. */
    if (j1 < g->insn_count) g->insns[j1] = ((uint32_t)(j2 - j1) << 8) | OP_JMP;
    if (j2 < g->insn_count) g->insns[j2] = ((uint32_t)(g->insn_count - j2 - 1) << 8) | OP_JMP;
    return 1;
}

static void loop(gen *g, uint32_t *budget) {
    uint32_t n = range(g, LOOP_MIN_CYCLES, 7 + 29 * (uint32_t)g->scope);
    uint32_t m = range(g, 2, 4);
    if (*budget < COST_MEMORY * n) return;
    *budget /= n;
    emit(g, (n << 20) | OP_LOOP);
    scope_open(g);
    uint32_t tmpl = (rand32(g) << 8) | OP_MEMORY;
    for (uint32_t i = 0; i < m; i++) {
        if (!spend(budget, COST_MEMORY)) break;
        push_var(g, 0);
        emit(g, (tmpl & ~(0xfu << 9)) | ((rand32(g) & 0xf) << 9));
    }
    body(g, *budget, 0);
    scope_close(g);
}

static void body(gen *g, uint32_t budget, int new_scope) {
    if (new_scope) scope_open(g);
    for (;;) {
        if (g->invalid) break;
        uint32_t max = range(g, 2, 12);
        uint32_t i;
        for (i = 1; i <= max; i++) {
            if (toss(g, 4 * max / i) && op(g, CLASS_4_4, &budget)) continue;
            if (toss(g, 3 * max / i) && op(g, CLASS_4_2, &budget)) continue;
            if (toss(g, 3 * max / i) && op(g, CLASS_2_2, &budget)) continue;
            if (toss(g, 2 * max / i) && op(g, CLASS_2_1, &budget)) continue;
            if (toss(g, i) && input(g, &budget)) continue;
            if (op(g, CLASS_1_1, &budget)) continue;
            break;
        }
        if (i <= max) break;
        if ((rand32(g) % 64) + ((uint32_t)g->insn_count * 25 / 2048) < 50 && !branch(g, &budget)) break;
        if (rand32(g) % 32 < 23) {
            loop(g, &budget);
            break;
        }
    }
    if (new_scope) scope_close(g);
}

int pc_randgen(uint32_t prog[PC_PROGRAM_MAX_WORDS], const uint8_t seed[32]) {
    static _Thread_local gen g;
    memset(&g, 0, offsetof(gen, vars));
    g.seed = seed;
    g.next = 16 * REFILL;
    g.insns = prog;
    uint32_t budget = BUDGET_INITIAL;
    loop(&g, &budget);
    return g.invalid ? PC_RANDGEN_TOO_BIG : g.insn_count;
}
