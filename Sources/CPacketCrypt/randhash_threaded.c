/* The RandHash interpreter for table items: the program is decoded once
 * into operand indices (immediates become constant slots after the value
 * stack) and run with computed-goto dispatch. Same semantics as the
 * reference interpreter in randhash.c, which the tests compare it with, for
 * programs whose scopes all close (RandGen's): a scope left open by a loop
 * ending the program is summed by position here, by count there. */
#include <stdatomic.h>

#include "internal.h"
#include "opcodes.h"
#include "randhash_ops.h"

enum { MAX_OPS = 20000, STACK_MAX = 6 * PC_PROGRAM_MAX_WORDS };

static const void *const *handlers(void);

static uint16_t pair_lo(uint32_t i) { return (uint16_t)((i - 1) & 0x1ff); }

int pc_rh_decode(pc_rh_program *d, const uint32_t *prog, int len) {
    if (len <= 0 || len > PC_PROGRAM_MAX_WORDS) return -1;
    d->len = len;
    int consts = 0;
    for (int pc = 0; pc < len; pc++) {
        uint32_t w = prog[pc];
        pc_rh_insn *o = &d->insn[pc];
        uint32_t op = insn_op(w);
        o->op = (uint16_t)(op <= OP_INVALID_ZERO || op >= OP_INVALID_BIG ? OP_INVALID_ZERO : op);
        o->a1 = (uint16_t)insn_rega(w);
        o->a0 = pair_lo(insn_rega(w));
        o->b1 = (uint16_t)insn_regb(w);
        o->b0 = pair_lo(insn_regb(w));
        o->aux = 0;
        int64_t imm = insn_imm(w);
        switch (op) {
        case OP_MEMORY:
            o->a0 = (uint16_t)insn_mem_base(w);
            o->a1 = (uint16_t)insn_mem_carry(w);
            o->b0 = (uint16_t)insn_mem_step(w);
            break;
        case OP_IN: o->a1 = (uint16_t)(insn_imm_lo(w) % 256); break;
        case OP_LOOP: o->aux = imm < 0 ? 0 : imm > 0x7fffffff ? 0x7fffffff : (int32_t)imm; break;
        case OP_JMP: {
            int64_t target = (int64_t)pc + (int64_t)(w >> 8);
            o->aux = (int32_t)(target < len ? target : len); /* past the end: the fail slot */
            break;
        }
        default:
            if (op >= OP_ADD8 && op <= OP_MULU64C && insn_has_imm(w)) {
                /* The immediate lives in two constant slots: low word, high word. */
                uint16_t at = (uint16_t)(STACK_MAX + 2 * consts++);
                d->consts[at - STACK_MAX] = (uint32_t)imm;
                d->consts[at - STACK_MAX + 1] = (uint32_t)((uint64_t)imm >> 32);
                o->b0 = at;
                o->b1 = (uint16_t)(at + 1);
                if (op < OP_ADD64) o->b1 = at; /* 32-bit operand: the low word */
            }
        }
    }
    /* Running off the end (or IF at the end taking pc + 2) fails. */
    d->insn[len].op = OP_INVALID_ZERO;
    d->insn[len + 1].op = OP_INVALID_ZERO;
    const void *const *h = handlers();
    for (int pc = 0; pc < len + 2; pc++) d->insn[pc].handler = h[d->insn[pc].op];
    d->consts_used = consts;
    return 0;
}

typedef struct {
    const pc_rh_insn *insn;
    int len;
    uint32_t *hash_in;
    uint32_t *hash_out;
    const uint32_t *memory;
    uint32_t *s; /* value stack, then the constant slots */
    int sp;
    int op_ctr;
    uint32_t hash_ctr;
    uint32_t loop_cycle;
} vm;

static int fail(vm *m) {
    m->op_ctr = MAX_OPS + 1;
    return -1;
}

/* END: adds n values into the output half from word ctr on, wrapping at
 * 256; the next ctr. */
static inline __attribute__((always_inline)) uint32_t add_to_out(uint32_t *out, uint32_t ctr, const uint32_t *v,
                                                                 int n) {
    if (ctr + (uint32_t)n <= 256) {
        uint32_t *o = out + ctr;
        for (int k = 0; k < n; k++) o[k] += v[k];
        return (ctr + (uint32_t)n) & 255;
    }
    for (int k = 0; k < n; k++) {
        out[ctr] += v[k];
        ctr = (ctr + 1) & 255;
    }
    return ctr;
}

/* Runs from pc to the END closing the scope that pc opens (pc != 0). A loop
 * body runs iterations `iteration` .. `iterations` - 1 in one call (its END
 * starts the next in place); other scopes pass 0, 0. */
static _Atomic(const void *const *) exported_labels;

static int run(vm *m, int pc, int32_t iteration, const int32_t iterations) {
    static const void *const op_label[OP_INVALID_BIG + 1] = {
#define L(x) [OP_##x] = &&op_##x
        [OP_INVALID_ZERO] = &&op_bad, L(POPCNT8), L(POPCNT16), L(POPCNT32), L(CLZ8), L(CLZ16), L(CLZ32),
        L(CTZ8), L(CTZ16), L(CTZ32), L(BSWAP16), L(BSWAP32), L(ADD8), L(ADD16), L(ADD32), L(SUB8), L(SUB16),
        L(SUB32), L(SHLL8), L(SHLL16), L(SHLL32), L(SHRL8), L(SHRL16), L(SHRL32), L(SHRA8), L(SHRA16), L(SHRA32),
        L(ROTL8), L(ROTL16), L(ROTL32), L(MUL8), L(MUL16), L(MUL32), L(AND), L(OR), L(XOR), L(ADD8C), L(ADD16C),
        L(ADD32C), L(SUB8C), L(SUB16C), L(SUB32C), L(MUL8C), L(MUL16C), L(MUL32C), L(MULSU8C), L(MULSU16C),
        L(MULSU32C), L(MULU8C), L(MULU16C), L(MULU32C), L(ADD64), L(SUB64), L(SHLL64), L(SHRL64), L(SHRA64),
        L(ROTL64), L(ROTR64), L(MUL64), L(ADD64C), L(SUB64C), L(MUL64C), L(MULSU64C), L(MULU64C), L(IN),
        L(MEMORY), L(LOOP), L(IF_LIKELY), L(IF_RANDOM), L(JMP), L(END), [OP_INVALID_BIG] = &&op_bad,
#undef L
    };
    if (!m) { /* asked for the handler addresses */
        atomic_store_explicit(&exported_labels, op_label, memory_order_relaxed);
        return 0;
    }
    /* The stack pointer and op counter live in registers and are written
     * back around calls and returns. */
    uint32_t *const s = m->s;
    const pc_rh_insn *const code = m->insn;
    int sp = m->sp, ops = m->op_ctr;
    const int nested = pc != 0;
    if (nested) s[sp++] = 0xffffffffu; /* the scope's marker, as in randhash.c */
    int scope_start = sp;
    const int body = pc;
    const pc_rh_insn *i;

#define NEXT                                                                                   \
    do {                                                                                       \
        if (ops > MAX_OPS) goto out_of_ops;                                                    \
        ops++;                                                                                 \
        i = &code[pc];                                                                         \
        goto *i->handler;                                                                      \
    } while (0)
#define STEP                                                                                   \
    do {                                                                                       \
        pc++;                                                                                  \
        NEXT;                                                                                  \
    } while (0)
#define A (s[i->a1])
#define B (s[i->b1])
#define A64 ((uint64_t)s[i->a0] | ((uint64_t)s[i->a1] << 32))
#define B64 ((uint64_t)s[i->b0] | ((uint64_t)s[i->b1] << 32))
#define PUSH(v)                                                                                \
    do {                                                                                       \
        s[sp++] = (uint32_t)(v);                                                               \
        STEP;                                                                                  \
    } while (0)
#define PUSH2(v)                                                                               \
    do {                                                                                       \
        uint64_t v2_ = (v);                                                                    \
        s[sp] = (uint32_t)v2_;                                                                 \
        s[sp + 1] = (uint32_t)(v2_ >> 32);                                                     \
        sp += 2;                                                                               \
        STEP;                                                                                  \
    } while (0)
#define PUSH4(v)                                                                               \
    do {                                                                                       \
        u128 v4_ = (v);                                                                        \
        s[sp] = (uint32_t)v4_;                                                                 \
        s[sp + 1] = (uint32_t)(v4_ >> 32);                                                     \
        s[sp + 2] = (uint32_t)(v4_ >> 64);                                                     \
        s[sp + 3] = (uint32_t)(v4_ >> 96);                                                     \
        sp += 4;                                                                               \
        STEP;                                                                                  \
    } while (0)

    NEXT;

out_of_ops:
    m->op_ctr = ops;
    m->sp = sp;
    return -1;
op_bad:
    m->sp = sp;
    return fail(m);
op_MEMORY: PUSH(m->memory[(i->a0 + (m->loop_cycle + i->a1) * i->b0) & 255]);
op_IN: PUSH(m->hash_in[i->a1]);
op_LOOP: {
    int ret = pc;
    m->sp = sp;
    m->op_ctr = ops;
    if (i->aux > 0) {
        m->loop_cycle = 0;
        ret = run(m, pc + 1, 0, i->aux);
        if (ret < 0) return -1;
    }
    sp = m->sp;
    ops = m->op_ctr;
    if (ops > MAX_OPS) return -1;
    pc = ret;
    if (pc == m->len - 1) {
        /* Left without closing this scope: a loop body's next iteration
         * opens a new scope (and marker) on top of it. */
        if (++iteration < iterations) {
            m->loop_cycle = (uint32_t)iteration;
            s[sp++] = 0xffffffffu;
            scope_start = sp;
            pc = body;
            NEXT;
        }
        return pc;
    }
    STEP;
}
op_IF_LIKELY:
    m->sp = sp;
    m->op_ctr = ops;
    pc = run(m, (A & 7) != 0 ? pc + 2 : pc + 1, 0, 0);
    if (pc < 0) return -1;
    sp = m->sp;
    ops = m->op_ctr;
    STEP;
op_IF_RANDOM:
    m->sp = sp;
    m->op_ctr = ops;
    pc = run(m, (A & 1) != 0 ? pc + 2 : pc + 1, 0, 0);
    if (pc < 0) return -1;
    sp = m->sp;
    ops = m->op_ctr;
    STEP;
op_JMP:
    pc = i->aux;
    STEP;
op_END: {
    m->hash_ctr = add_to_out(m->hash_out, m->hash_ctr, s + scope_start, sp - scope_start);
    if (++iteration < iterations) { /* the scope reopens on the same marker */
        sp = scope_start;
        m->loop_cycle = (uint32_t)iteration;
        pc = body;
        NEXT;
    }
    m->sp = nested ? scope_start - 1 : 0; /* the values and this scope's marker */
    m->op_ctr = ops;
    return pc;
}

op_POPCNT8: PUSH(popcnt8(A));
op_POPCNT16: PUSH(popcnt16(A));
op_POPCNT32: PUSH(popcnt32(A));
op_CLZ8: PUSH(clz8(A));
op_CLZ16: PUSH(clz16(A));
op_CLZ32: { uint32_t a = A; PUSH(a ? (uint32_t)__builtin_clz(a) : 32); }
op_CTZ8: PUSH(ctz8(A));
op_CTZ16: PUSH(ctz16(A));
op_CTZ32: { uint32_t a = A; PUSH(a ? (uint32_t)__builtin_ctz(a) : 32); }
op_BSWAP16: PUSH(bswap16(A));
op_BSWAP32: PUSH(__builtin_bswap32(A));
op_ADD8: PUSH(add8(A, B));
op_ADD16: PUSH(add16(A, B));
op_ADD32: PUSH(A + B);
op_SUB8: PUSH(sub8(A, B));
op_SUB16: PUSH(sub16(A, B));
op_SUB32: PUSH(A - B);
op_SHLL8: PUSH(shll8(A, B));
op_SHLL16: PUSH(shll16(A, B));
op_SHLL32: PUSH(A << (B & 31));
op_SHRL8: PUSH(shrl8(A, B));
op_SHRL16: PUSH(shrl16(A, B));
op_SHRL32: PUSH(A >> (B & 31));
op_SHRA8: PUSH(shra8(A, B));
op_SHRA16: PUSH(shra16(A, B));
op_SHRA32: PUSH((uint32_t)((int32_t)A >> (B & 31)));
op_ROTL8: PUSH(rotl8(A, B));
op_ROTL16: PUSH(rotl16(A, B));
op_ROTL32: PUSH(rotl32(A, B));
op_MUL8: PUSH(mul8(A, B));
op_MUL16: PUSH(mul16(A, B));
op_MUL32: PUSH(A * B);
op_AND: PUSH(A & B);
op_OR: PUSH(A | B);
op_XOR: PUSH(A ^ B);
op_ADD8C: PUSH2(add8c(A, B));
op_ADD16C: PUSH2(add16c(A, B));
op_ADD32C: PUSH2((uint64_t)A + B);
op_SUB8C: PUSH2(sub8c(A, B));
op_SUB16C: PUSH2(sub16c(A, B));
op_SUB32C: PUSH2((uint64_t)A - (uint64_t)B);
op_MUL8C: PUSH2(mul8c(A, B));
op_MUL16C: PUSH2(mul16c(A, B));
op_MUL32C: PUSH2((uint64_t)((int64_t)(int32_t)A * (int64_t)(int32_t)B));
op_MULSU8C: PUSH2(mulsu8c(A, B));
op_MULSU16C: PUSH2(mulsu16c(A, B));
op_MULSU32C: PUSH2((uint64_t)((int64_t)(int32_t)A * (int64_t)B));
op_MULU8C: PUSH2(mulu8c(A, B));
op_MULU16C: PUSH2(mulu16c(A, B));
op_MULU32C: PUSH2((uint64_t)A * B);
op_ADD64: PUSH2(A64 + B64);
op_SUB64: PUSH2(A64 - B64);
op_SHLL64: PUSH2(A64 << (B64 & 63));
op_SHRL64: PUSH2(A64 >> (B64 & 63));
op_SHRA64: PUSH2((uint64_t)((int64_t)A64 >> (B64 & 63)));
op_ROTL64: PUSH2(rotl64(A64, B64));
op_ROTR64: PUSH2(rotr64(A64, B64));
op_MUL64: PUSH2(A64 * B64);
op_ADD64C: PUSH4(add64c(A64, B64));
op_SUB64C: PUSH4(sub64c(A64, B64));
op_MUL64C: PUSH4(mul64c(A64, B64));
op_MULSU64C: PUSH4(mulsu64c(A64, B64));
op_MULU64C: PUSH4(mulu64c(A64, B64));
#undef NEXT
#undef STEP
#undef A
#undef B
#undef A64
#undef B64
#undef PUSH
#undef PUSH2
#undef PUSH4
}

static const void *const *handlers(void) {
    const void *const *h = atomic_load_explicit(&exported_labels, memory_order_relaxed);
    if (!h) {
        run(NULL, 0, 0, 0);
        h = atomic_load_explicit(&exported_labels, memory_order_relaxed);
    }
    return h;
}

int pc_rh_run(const pc_rh_program *d, uint8_t state[PC_CC_STATE_SIZE],
              const uint32_t memory[PC_RANDHASH_MEMORY_WORDS], int cycles) {
    static _Thread_local uint32_t stack[STACK_MAX + 2 * PC_PROGRAM_MAX_WORDS];
    static _Thread_local uint32_t words[PC_CC_STATE_SIZE / 4];
    if (d->len <= 0) return PC_RANDHASH_EMPTY;
    memcpy(stack + STACK_MAX, d->consts, 2 * sizeof(uint32_t) * (size_t)d->consts_used);
    memcpy(words, state, sizeof words);
    vm m = {.insn = d->insn, .len = d->len, .hash_in = words, .hash_out = words + PC_CC_STATE_SIZE / 8,
            .memory = memory, .s = stack};
    int rc = 0;
    for (int c = 0; c < cycles; c++) {
        m.op_ctr = 0;
        m.sp = 0;
        m.hash_ctr = 0;
        run(&m, 0, 0, 0);
        if (m.op_ctr > MAX_OPS) {
            rc = PC_RANDHASH_TOO_LONG;
            break;
        }
        uint32_t *t = m.hash_in;
        m.hash_in = m.hash_out;
        m.hash_out = t;
    }
    memcpy(state, words, sizeof words);
    return rc;
}

int pc_randhash(const uint32_t *prog, int prog_len, uint8_t state[PC_CC_STATE_SIZE],
                const uint32_t memory[PC_RANDHASH_MEMORY_WORDS], int cycles) {
    static _Thread_local pc_rh_program decoded;
    if (prog_len <= 0) return PC_RANDHASH_EMPTY;
    if (pc_rh_decode(&decoded, prog, prog_len) != 0) return pc_randhash_reference(prog, prog_len, state, memory, cycles);
    return pc_rh_run(&decoded, state, memory, cycles);
}
