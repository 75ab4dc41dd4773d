/* The body of randhash_batch.c, compiled once per SIMD path: FN names the
 * functions and TARGET gives their target attribute. */

TARGET static int FN(max_ops)(const bvm *m, unsigned mask) {
    int x = 0;
    for (int l = 0; l < K; l++) {
        int v = (mask >> l & 1) ? m->ops[l] : 0;
        x = v > x ? v : x;
    }
    return x;
}
TARGET static void FN(add_ops)(bvm *m, unsigned mask, int c) {
    for (int l = 0; l < K; l++) m->ops[l] += (mask >> l & 1) ? c : 0;
}

/* Runs from pc to the END closing the scope pc opens (pc != 0), for the
 * items in `mask`. Returns the END's index, or -1 to give the batch up. */
TARGET static int FN(run)(bvm *m, int pc, unsigned mask) {
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
    lane_t *const s = m->s;
    const pc_rh_insn *const code = m->insn;
    const int nested = pc != 0;
    int sp = m->sp;
    if (nested) sp++; /* the scope's marker slot */
    const int scope_start = sp;
    /* Every item in the mask runs the same instructions from here on, so
     * one counter serves them all; the limit is checked against the item
     * that has run the most. */
    int base = FN(max_ops)(m, mask);
    int c = 0;
    const pc_rh_insn *i;

#define NEXT                                                                                   \
    do {                                                                                       \
        if (base + c > MAX_OPS) goto give_up;                                                  \
        c++;                                                                                   \
        i = &code[pc];                                                                         \
        goto *op_label[i->op];                                                                 \
    } while (0)
#define STEP                                                                                   \
    do {                                                                                       \
        pc++;                                                                                  \
        NEXT;                                                                                  \
    } while (0)
#define EACH for (int l = 0; l < K; l++)
#define A (s[i->a1][l])
#define B (s[i->b1][l])
#define A64 ((uint64_t)s[i->a0][l] | ((uint64_t)s[i->a1][l] << 32))
#define B64 ((uint64_t)s[i->b0][l] | ((uint64_t)s[i->b1][l] << 32))
#define PUSH(expr)                                                                             \
    do {                                                                                       \
        uint32_t *d_ = s[sp];                                                                  \
        EACH d_[l] = (uint32_t)(expr);                                                         \
        sp++;                                                                                  \
        STEP;                                                                                  \
    } while (0)
#define PUSH2(expr)                                                                            \
    do {                                                                                       \
        uint32_t *lo_ = s[sp], *hi_ = s[sp + 1];                                               \
        EACH {                                                                                 \
            uint64_t v_ = (expr);                                                              \
            lo_[l] = (uint32_t)v_;                                                             \
            hi_[l] = (uint32_t)(v_ >> 32);                                                     \
        }                                                                                      \
        sp += 2;                                                                               \
        STEP;                                                                                  \
    } while (0)
#define PUSH4(expr)                                                                            \
    do {                                                                                       \
        EACH {                                                                                 \
            u128 v_ = (expr);                                                                  \
            s[sp][l] = (uint32_t)v_;                                                           \
            s[sp + 1][l] = (uint32_t)(v_ >> 32);                                               \
            s[sp + 2][l] = (uint32_t)(v_ >> 64);                                               \
            s[sp + 3][l] = (uint32_t)(v_ >> 96);                                               \
        }                                                                                      \
        sp += 4;                                                                               \
        STEP;                                                                                  \
    } while (0)

    NEXT;

give_up:
op_bad:
    m->abort = 1;
    return -1;
op_MEMORY: PUSH(m->memory[l][(i->a0 + (m->loop_cycle[l] + i->a1) * i->b0) & 255]);
op_IN: {
    uint32_t at = m->in_off + i->a1;
    PUSH(m->in[l][at]);
}
op_LOOP: {
    int ret = pc;
    FN(add_ops)(m, mask, c);
    m->sp = sp;
    for (int32_t k = 0; k < i->aux; k++) {
        for (int l = 0; l < K; l++)
            if (mask >> l & 1) m->loop_cycle[l] = (uint32_t)k;
        ret = FN(run)(m, pc + 1, mask);
        if (ret < 0) return -1;
    }
    c = 0;
    base = FN(max_ops)(m, mask);
    if (base > MAX_OPS) goto give_up;
    pc = ret;
    if (pc == m->len - 1) {
        m->sp = sp;
        return pc;
    }
    STEP;
}
op_IF_LIKELY:
op_IF_RANDOM: {
    unsigned taken = 0;
    uint32_t bits = i->op == OP_IF_LIKELY ? 7 : 1;
    for (int l = 0; l < K; l++)
        if ((A & bits) != 0) taken |= 1u << l;
    taken &= mask;
    FN(add_ops)(m, mask, c);
    c = 0;
    m->sp = sp;
    if (taken == mask || taken == 0) {
        pc = FN(run)(m, taken ? pc + 2 : pc + 1, mask);
        if (pc < 0) return -1;
    } else {
        int r1 = FN(run)(m, pc + 2, taken);
        if (r1 < 0) return -1;
        int r2 = FN(run)(m, pc + 1, mask & ~taken);
        if (r2 < 0) return -1;
        /* RandGen's shape: the taken side ends just before a JMP to the
         * other side's END; that JMP runs for the taken items. */
        if (r1 + 1 >= m->len || code[r1 + 1].op != OP_JMP || code[r1 + 1].aux != r2) goto give_up;
        FN(add_ops)(m, taken, 1);
        pc = r2;
    }
    base = FN(max_ops)(m, mask);
    STEP;
}
op_JMP:
    pc = i->aux;
    STEP;
op_END:
    FN(add_ops)(m, mask, c);
    for (int l = 0; l < K; l++) {
        if (!(mask >> l & 1)) continue;
        uint32_t *out = m->in[l] + m->out_off;
        uint32_t ctr = m->hash_ctr[l];
        for (int k = scope_start; k < sp; k++) {
            out[ctr] += s[k][l];
            ctr = (ctr + 1) & 255;
        }
        m->hash_ctr[l] = ctr;
    }
    m->sp = nested ? scope_start - 1 : 0;
    return pc;

op_POPCNT8: PUSH(popcnt8(A));
op_POPCNT16: PUSH(popcnt16(A));
op_POPCNT32: PUSH(popcnt32(A));
op_CLZ8: PUSH(clz8(A));
op_CLZ16: PUSH(clz16(A));
op_CLZ32: PUSH(A ? (uint32_t)__builtin_clz(A) : 32);
op_CTZ8: PUSH(ctz8(A));
op_CTZ16: PUSH(ctz16(A));
op_CTZ32: PUSH(A ? (uint32_t)__builtin_ctz(A) : 32);
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
}

TARGET static int FN(batch)(const pc_rh_program *d, uint8_t *const state[PC_RH_BATCH],
                             const uint32_t *const memory[PC_RH_BATCH], int cycles) {
    lane_t *const stack = batch_stack;
    uint32_t (*const words)[512] = batch_words;
    for (int k = 0; k < 2 * d->consts_used; k++)
        for (int l = 0; l < K; l++) stack[STACK_MAX + k][l] = d->consts[k];
    bvm m = {.insn = d->insn, .len = d->len, .s = stack, .in = words};
    for (int l = 0; l < K; l++) {
        memcpy(words[l], state[l], sizeof words[l]);
        m.memory[l] = memory[l];
    }
    m.in_off = 0;
    m.out_off = 256;
    for (int c = 0; c < cycles; c++) {
        for (int l = 0; l < K; l++) m.ops[l] = 0, m.hash_ctr[l] = 0;
        m.sp = 0;
        FN(run)(&m, 0, (1u << K) - 1);
        if (m.abort) return -1;
        uint32_t t = m.in_off;
        m.in_off = m.out_off;
        m.out_off = t;
    }
    for (int l = 0; l < K; l++) memcpy(state[l], words[l], sizeof words[l]);
    return 0;
}
