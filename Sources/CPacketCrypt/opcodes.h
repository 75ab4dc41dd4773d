/* RandHash opcode numbers (the enum order pktd and the reference share) and
 * the instruction-word field decoders. */
#ifndef PC_OPCODES_H
#define PC_OPCODES_H

#include <stdint.h>

enum {
    OP_INVALID_ZERO = 0,
    OP_POPCNT8, OP_POPCNT16, OP_POPCNT32, OP_CLZ8, OP_CLZ16, OP_CLZ32,
    OP_CTZ8, OP_CTZ16, OP_CTZ32, OP_BSWAP16, OP_BSWAP32,
    OP_ADD8, OP_ADD16, OP_ADD32, OP_SUB8, OP_SUB16, OP_SUB32,
    OP_SHLL8, OP_SHLL16, OP_SHLL32, OP_SHRL8, OP_SHRL16, OP_SHRL32,
    OP_SHRA8, OP_SHRA16, OP_SHRA32, OP_ROTL8, OP_ROTL16, OP_ROTL32,
    OP_MUL8, OP_MUL16, OP_MUL32, OP_AND, OP_OR, OP_XOR,
    OP_ADD8C, OP_ADD16C, OP_ADD32C, OP_SUB8C, OP_SUB16C, OP_SUB32C,
    OP_MUL8C, OP_MUL16C, OP_MUL32C, OP_MULSU8C, OP_MULSU16C, OP_MULSU32C,
    OP_MULU8C, OP_MULU16C, OP_MULU32C,
    OP_ADD64, OP_SUB64, OP_SHLL64, OP_SHRL64, OP_SHRA64, OP_ROTL64, OP_ROTR64, OP_MUL64,
    OP_ADD64C, OP_SUB64C, OP_MUL64C, OP_MULSU64C, OP_MULU64C,
    OP_IN, OP_MEMORY, OP_LOOP, OP_IF_LIKELY, OP_IF_RANDOM, OP_JMP, OP_END,
    OP_INVALID_BIG,
};

static inline uint32_t insn_op(uint32_t w) { return w & 0xff; }
static inline uint32_t insn_rega(uint32_t w) { return (w >> 9) & 0x1ff; }
static inline uint32_t insn_regb(uint32_t w) { return (w >> 20) & 0x1ff; }
static inline int insn_has_imm(uint32_t w) { return (w >> 18) & 1; }
static inline uint32_t insn_mem_carry(uint32_t w) { return (w >> 9) & 0xf; }
static inline uint32_t insn_mem_step(uint32_t w) { return (w >> 13) & 0xf; }
static inline uint32_t insn_mem_base(uint32_t w) { return w >> 17; }

static inline int64_t insn_imm(uint32_t w) {
    if (!((w >> 19) & 1)) return (int64_t)((int32_t)w >> 20);
    uint32_t v = w >> 20;
    uint64_t a = v & 31, b = (v >> 5) & 31, i = (v >> 10) & 1, s = (v >> 11) & 1;
    uint64_t out = ((i << 63) - 1) ^ ((uint64_t)1 << b) ^ ((uint64_t)1 << a);
    out |= s << 63;
    return (int64_t)out;
}
static inline uint32_t insn_imm_lo(uint32_t w) { return (uint32_t)insn_imm(w); }

#endif
