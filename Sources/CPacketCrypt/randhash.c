/* The reference RandHash interpreter (pc_randhash_reference): runs a
 * RandGen program over a CryptoCycle state, one switch per instruction word.
 * randhash_threaded.c is the one in use; tests compare the two.
 * Registers are absolute positions on a value stack that also holds one
 * marker per open scope; END adds its scope's values into the output half. */
#include "internal.h"
#include "opcodes.h"
#include "randhash_ops.h"

enum { MAX_OPS = 20000, STACK_MAX = 6 * PC_PROGRAM_MAX_WORDS };
static const uint32_t MARK = 0xffffffffu;

typedef struct {
    const uint32_t *prog;
    int prog_len;
    uint32_t *hash_in;
    uint32_t *hash_out;
    const uint32_t *memory;
    uint32_t stack[STACK_MAX];
    int sp;
    int var_count;
    int op_ctr;
    uint32_t hash_ctr;
    uint32_t loop_cycle;
} vm;

static inline void push(vm *m, uint32_t v) {
    m->stack[m->sp++] = v;
    m->var_count++;
}
static inline void push2(vm *m, uint64_t v) {
    m->stack[m->sp] = (uint32_t)v;
    m->stack[m->sp + 1] = (uint32_t)(v >> 32);
    m->sp += 2;
    m->var_count += 2;
}
static inline void push4(vm *m, u128 v) {
    push2(m, (uint64_t)v);
    push2(m, (uint64_t)(v >> 64));
}
static inline uint32_t reg_a(const vm *m, uint32_t w) { return m->stack[insn_rega(w)]; }
static inline uint32_t reg_b(const vm *m, uint32_t w) {
    return insn_has_imm(w) ? insn_imm_lo(w) : m->stack[insn_regb(w)];
}
/* A 64-bit operand: the register pair (i - 1, i), low word first. RandGen
 * never names i = 0 for a pair; the mask keeps any other program in bounds. */
static inline uint64_t reg_pair(const vm *m, uint32_t i) {
    return (uint64_t)m->stack[(i - 1) & 0x1ff] | ((uint64_t)m->stack[i] << 32);
}
static inline uint64_t reg_a64(const vm *m, uint32_t w) { return reg_pair(m, insn_rega(w)); }
static inline uint64_t reg_b64(const vm *m, uint32_t w) {
    return insn_has_imm(w) ? (uint64_t)insn_imm(w) : reg_pair(m, insn_regb(w));
}

static int exec(vm *m, int pc);

/* Ends the cycle as failed (pc_randhash reports TOO_LONG). */
static int fail(vm *m) {
    m->op_ctr = MAX_OPS + 1;
    return -1;
}

static inline int run_branch(vm *m, int taken, int pc) { return taken ? exec(m, pc + 2) : exec(m, pc + 1); }

/* Executes from pc until the END that closes the scope it opens (pc != 0).
 * Returns the END's index, or -1 once the op limit is passed. */
static int exec(vm *m, int pc) {
    int saved_var_count = 0;
    if (pc != 0) {
        if (m->sp >= STACK_MAX - 8) return fail(m);
        m->stack[m->sp++] = MARK;
        saved_var_count = m->var_count;
        m->var_count = 0;
    }
    for (;; pc++) {
        if (m->op_ctr > MAX_OPS) return -1;
        m->op_ctr++;
        if (pc < 0 || pc >= m->prog_len || m->sp >= STACK_MAX - 8) return fail(m);
        uint32_t w = m->prog[pc];
        switch (insn_op(w)) {
        case OP_MEMORY: {
            uint32_t i = insn_mem_base(w) + (m->loop_cycle + insn_mem_carry(w)) * insn_mem_step(w);
            push(m, m->memory[i & 255]);
            break;
        }
        case OP_IN: push(m, m->hash_in[insn_imm_lo(w) % 256]); break;
        case OP_LOOP: {
            int64_t count = insn_imm(w);
            int ret = pc;
            for (int64_t i = 0; i < count; i++) {
                m->loop_cycle = (uint32_t)i;
                ret = exec(m, pc + 1);
                if (ret < 0) return -1;
            }
            if (m->op_ctr > MAX_OPS) return -1;
            pc = ret;
            if (pc == m->prog_len - 1) return pc;
            break;
        }
        case OP_IF_LIKELY:
            pc = run_branch(m, (reg_a(m, w) & 7) != 0, pc);
            if (pc < 0) return -1;
            break;
        case OP_IF_RANDOM:
            pc = run_branch(m, (reg_a(m, w) & 1) != 0, pc);
            if (pc < 0) return -1;
            break;
        case OP_JMP: pc += (int)(w >> 8); break;
        case OP_END: {
            uint32_t *out = m->hash_out;
            uint32_t ctr = m->hash_ctr;
            for (int i = m->sp - m->var_count; i < m->sp; i++) {
                out[ctr] += m->stack[i];
                ctr = (ctr + 1) & 255;
            }
            m->hash_ctr = ctr;
            m->sp -= m->var_count + 1; /* the values and this scope's marker */
            m->var_count = saved_var_count;
            return pc;
        }

        case OP_POPCNT8: push(m, popcnt8(reg_a(m, w))); break;
        case OP_POPCNT16: push(m, popcnt16(reg_a(m, w))); break;
        case OP_POPCNT32: push(m, popcnt32(reg_a(m, w))); break;
        case OP_CLZ8: push(m, clz8(reg_a(m, w))); break;
        case OP_CLZ16: push(m, clz16(reg_a(m, w))); break;
        case OP_CLZ32: { uint32_t a = reg_a(m, w); push(m, a ? (uint32_t)__builtin_clz(a) : 32); break; }
        case OP_CTZ8: push(m, ctz8(reg_a(m, w))); break;
        case OP_CTZ16: push(m, ctz16(reg_a(m, w))); break;
        case OP_CTZ32: { uint32_t a = reg_a(m, w); push(m, a ? (uint32_t)__builtin_ctz(a) : 32); break; }
        case OP_BSWAP16: push(m, bswap16(reg_a(m, w))); break;
        case OP_BSWAP32: push(m, __builtin_bswap32(reg_a(m, w))); break;

        case OP_ADD8: push(m, add8(reg_a(m, w), reg_b(m, w))); break;
        case OP_ADD16: push(m, add16(reg_a(m, w), reg_b(m, w))); break;
        case OP_ADD32: push(m, reg_a(m, w) + reg_b(m, w)); break;
        case OP_SUB8: push(m, sub8(reg_a(m, w), reg_b(m, w))); break;
        case OP_SUB16: push(m, sub16(reg_a(m, w), reg_b(m, w))); break;
        case OP_SUB32: push(m, reg_a(m, w) - reg_b(m, w)); break;
        case OP_SHLL8: push(m, shll8(reg_a(m, w), reg_b(m, w))); break;
        case OP_SHLL16: push(m, shll16(reg_a(m, w), reg_b(m, w))); break;
        case OP_SHLL32: push(m, reg_a(m, w) << (reg_b(m, w) & 31)); break;
        case OP_SHRL8: push(m, shrl8(reg_a(m, w), reg_b(m, w))); break;
        case OP_SHRL16: push(m, shrl16(reg_a(m, w), reg_b(m, w))); break;
        case OP_SHRL32: push(m, reg_a(m, w) >> (reg_b(m, w) & 31)); break;
        case OP_SHRA8: push(m, shra8(reg_a(m, w), reg_b(m, w))); break;
        case OP_SHRA16: push(m, shra16(reg_a(m, w), reg_b(m, w))); break;
        case OP_SHRA32: push(m, (uint32_t)((int32_t)reg_a(m, w) >> (reg_b(m, w) & 31))); break;
        case OP_ROTL8: push(m, rotl8(reg_a(m, w), reg_b(m, w))); break;
        case OP_ROTL16: push(m, rotl16(reg_a(m, w), reg_b(m, w))); break;
        case OP_ROTL32: push(m, rotl32(reg_a(m, w), reg_b(m, w))); break;
        case OP_MUL8: push(m, mul8(reg_a(m, w), reg_b(m, w))); break;
        case OP_MUL16: push(m, mul16(reg_a(m, w), reg_b(m, w))); break;
        case OP_MUL32: push(m, reg_a(m, w) * reg_b(m, w)); break;
        case OP_AND: push(m, reg_a(m, w) & reg_b(m, w)); break;
        case OP_OR: push(m, reg_a(m, w) | reg_b(m, w)); break;
        case OP_XOR: push(m, reg_a(m, w) ^ reg_b(m, w)); break;

        case OP_ADD8C: push2(m, add8c(reg_a(m, w), reg_b(m, w))); break;
        case OP_ADD16C: push2(m, add16c(reg_a(m, w), reg_b(m, w))); break;
        case OP_ADD32C: push2(m, (uint64_t)reg_a(m, w) + reg_b(m, w)); break;
        case OP_SUB8C: push2(m, sub8c(reg_a(m, w), reg_b(m, w))); break;
        case OP_SUB16C: push2(m, sub16c(reg_a(m, w), reg_b(m, w))); break;
        case OP_SUB32C: push2(m, (uint64_t)reg_a(m, w) - (uint64_t)reg_b(m, w)); break;
        case OP_MUL8C: push2(m, mul8c(reg_a(m, w), reg_b(m, w))); break;
        case OP_MUL16C: push2(m, mul16c(reg_a(m, w), reg_b(m, w))); break;
        case OP_MUL32C:
            push2(m, (uint64_t)((int64_t)(int32_t)reg_a(m, w) * (int64_t)(int32_t)reg_b(m, w)));
            break;
        case OP_MULSU8C: push2(m, mulsu8c(reg_a(m, w), reg_b(m, w))); break;
        case OP_MULSU16C: push2(m, mulsu16c(reg_a(m, w), reg_b(m, w))); break;
        case OP_MULSU32C:
            push2(m, (uint64_t)((int64_t)(int32_t)reg_a(m, w) * (int64_t)reg_b(m, w)));
            break;
        case OP_MULU8C: push2(m, mulu8c(reg_a(m, w), reg_b(m, w))); break;
        case OP_MULU16C: push2(m, mulu16c(reg_a(m, w), reg_b(m, w))); break;
        case OP_MULU32C: push2(m, (uint64_t)reg_a(m, w) * reg_b(m, w)); break;

        case OP_ADD64: push2(m, reg_a64(m, w) + reg_b64(m, w)); break;
        case OP_SUB64: push2(m, reg_a64(m, w) - reg_b64(m, w)); break;
        case OP_SHLL64: push2(m, reg_a64(m, w) << (reg_b64(m, w) & 63)); break;
        case OP_SHRL64: push2(m, reg_a64(m, w) >> (reg_b64(m, w) & 63)); break;
        case OP_SHRA64: push2(m, (uint64_t)((int64_t)reg_a64(m, w) >> (reg_b64(m, w) & 63))); break;
        case OP_ROTL64: push2(m, rotl64(reg_a64(m, w), reg_b64(m, w))); break;
        case OP_ROTR64: push2(m, rotr64(reg_a64(m, w), reg_b64(m, w))); break;
        case OP_MUL64: push2(m, reg_a64(m, w) * reg_b64(m, w)); break;

        case OP_ADD64C: push4(m, add64c(reg_a64(m, w), reg_b64(m, w))); break;
        case OP_SUB64C: push4(m, sub64c(reg_a64(m, w), reg_b64(m, w))); break;
        case OP_MUL64C: push4(m, mul64c(reg_a64(m, w), reg_b64(m, w))); break;
        case OP_MULSU64C: push4(m, mulsu64c(reg_a64(m, w), reg_b64(m, w))); break;
        case OP_MULU64C: push4(m, mulu64c(reg_a64(m, w), reg_b64(m, w))); break;

        default:
            /* RandGen never emits anything else. */
            return fail(m);
        }
    }
}

int pc_randhash_reference(const uint32_t *prog, int prog_len, uint8_t state[PC_CC_STATE_SIZE],
                const uint32_t memory[PC_RANDHASH_MEMORY_WORDS], int cycles) {
    static _Thread_local vm m;
    /* The state's bytes as words (memcpy: no access through a wider type). */
    static _Thread_local uint32_t words[PC_CC_STATE_SIZE / 4];
    if (prog_len <= 0) return PC_RANDHASH_EMPTY;
    memcpy(words, state, sizeof words);
    m.prog = prog;
    m.prog_len = prog_len;
    m.memory = memory;
    m.hash_in = words;
    m.hash_out = words + PC_CC_STATE_SIZE / 8;
    m.sp = 0;
    m.var_count = 0;
    m.hash_ctr = 0;
    m.loop_cycle = 0;
    int rc = 0;
    for (int c = 0; c < cycles; c++) {
        m.op_ctr = 0;
        exec(&m, 0);
        if (m.op_ctr > MAX_OPS) {
            rc = PC_RANDHASH_TOO_LONG;
            break;
        }
        m.hash_ctr = 0;
        uint32_t *t = m.hash_in;
        m.hash_in = m.hash_out;
        m.hash_out = t;
        m.sp = 0;
        m.var_count = 0;
    }
    memcpy(state, words, sizeof words);
    return rc;
}
