/* Compact targets, work, the soft-nonce limit, aged announcement targets and
 * the PcP v2 effective target, with pktd's big-integer semantics. */
#include "bignum.h"
#include "internal.h"

enum { ANN_WAIT_PERIOD = 3 };

/* CompactToBig for non-negative values; returns -1 for a negative target. */
static int compact_to_bn(bn *out, uint32_t bits) {
    uint32_t mantissa = bits & 0x007fffff;
    uint32_t exponent = bits >> 24;
    if (exponent <= 3) {
        bn_set_u64(out, mantissa >> (8 * (3 - exponent)));
    } else {
        bn_set_u64(out, mantissa);
        bn_shl(out, out, 8 * (exponent - 3));
    }
    if ((bits & 0x00800000) && !bn_is_zero(out)) return -1;
    return 0;
}

static uint32_t bn_to_compact(const bn *n) {
    if (bn_is_zero(n)) return 0;
    uint32_t exponent = (bn_bitlen(n) + 7) / 8;
    uint32_t mantissa;
    if (exponent <= 3) {
        mantissa = n->w[0] << (8 * (3 - exponent));
    } else {
        bn t;
        bn_shr(&t, n, 8 * (exponent - 3));
        mantissa = t.w[0];
    }
    if (mantissa & 0x00800000) {
        mantissa >>= 8;
        exponent++;
    }
    return (exponent << 24) | mantissa;
}

/* floor(2^256 / (target + 1)) */
static void work_for(bn *work, const bn *target) {
    bn one, divisor, top;
    bn_set_u64(&one, 1);
    bn_add(&divisor, target, &one);
    bn_set_pow2(&top, 256);
    bn_div(work, &top, &divisor);
}

/* work == 0 ? 2^256 : floor((2^256 - work) / work), for work <= 2^256 */
static void target_for(bn *target, const bn *work) {
    bn top;
    bn_set_pow2(&top, 256);
    if (bn_is_zero(work)) {
        *target = top;
        return;
    }
    bn_sub(&top, &top, work);
    bn_div(target, &top, work);
}

int pc_bits_to_target(uint8_t target[32], uint32_t bits) {
    bn t;
    memset(target, 0, 32);
    if (compact_to_bn(&t, bits) != 0 || bn_bitlen(&t) > 256) return -1;
    bn_to_le(target, 32, &t);
    return 0;
}

uint32_t pc_target_to_bits(const uint8_t target[32]) {
    bn t;
    bn_from_le(&t, target, 32);
    return bn_to_compact(&t);
}

void pc_work_for_target(uint8_t work[33], const uint8_t target[32]) {
    bn t, w;
    bn_from_le(&t, target, 32);
    work_for(&w, &t);
    bn_to_le(work, 33, &w);
}

void pc_target_from_bits(pc_target *t, uint32_t bits) {
    bn n;
    memset(t, 0, sizeof *t);
    if (compact_to_bn(&n, bits) != 0) {
        t->kind = PC_TARGET_NEVER;
    } else if (bn_bitlen(&n) > 256) {
        t->kind = PC_TARGET_ALWAYS;
    } else {
        uint8_t le[32];
        bn_to_le(le, 32, &n);
        for (int i = 0; i < 4; i++) t->limb[i] = pc_le64(le + 8 * i);
    }
}

int pc_work_is_ok(const uint8_t hash[32], uint32_t bits) {
    pc_target t;
    pc_target_from_bits(&t, bits);
    return pc_target_ok(&t, hash);
}

uint32_t pc_ann_soft_nonce_max(uint32_t bits) {
    uint32_t mantissa = bits & 0x007fffff;
    if (mantissa == 0) return 0;
    int log2floor = 31 - __builtin_clz(mantissa);
    int n = 22 - log2floor + (0x20 - (int)(bits >> 24)) * 8 + 10;
    if (n >= 24) return 0x00ffffff;
    int shift = 24 - n;
    return shift >= 32 ? 0 : 0x00ffffffu >> shift;
}

uint32_t pc_ann_aged_target(uint32_t bits, uint32_t age) {
    if (age < ANN_WAIT_PERIOD) return 0xffffffff;
    if (age == ANN_WAIT_PERIOD) return bits;
    bn t;
    if (compact_to_bn(&t, bits) != 0) return 0xffffffff; /* a negative target never ages into use */
    uint32_t shift = age - ANN_WAIT_PERIOD;
    if ((uint64_t)bn_bitlen(&t) + (bn_is_zero(&t) ? 0 : shift) > 255) return 0xffffffff;
    bn_shl(&t, &t, shift);
    return bn_to_compact(&t);
}

uint32_t pc_effective_target(uint32_t block_bits, uint32_t ann_min_target, uint64_t ann_count) {
    bn block_target, ann_target, block_work, ann_work, eff, count, target;
    if (compact_to_bn(&block_target, block_bits) != 0) bn_zero(&block_target);
    if (compact_to_bn(&ann_target, ann_min_target) != 0) bn_zero(&ann_target);
    work_for(&block_work, &block_target);
    work_for(&ann_work, &ann_target);
    if (bn_is_zero(&ann_work) || ann_count == 0) {
        bn one;
        bn_set_pow2(&eff, 256);
        bn_set_u64(&one, 1);
        bn_sub(&eff, &eff, &one);
    } else {
        bn_mul(&eff, &block_work, &block_work);
        bn_mul(&eff, &eff, &block_work);
        bn_shr(&eff, &eff, 10);
        bn_div(&eff, &eff, &ann_work);
        bn_set_u64(&count, ann_count);
        bn_mul(&count, &count, &count);
        bn_div(&eff, &eff, &count);
    }
    bn top;
    bn_set_pow2(&top, 256);
    if (bn_cmp(&eff, &top) > 0) return 0; /* only for malformed header bits: no hash can pass */
    target_for(&target, &eff);
    uint32_t compact = bn_to_compact(&target);
    return compact > 0x207fffff ? 0x207fffff : compact;
}

int pc_ann_min_target_ok(uint32_t bits) {
    if (bits == 0 || bits > 0x207fffff) return 0;
    bn t, w, top;
    if (compact_to_bn(&t, bits) != 0 || bn_is_zero(&t)) return 0;
    work_for(&w, &t);
    bn_set_pow2(&top, 256);
    return !bn_is_zero(&w) && bn_cmp(&w, &top) < 0;
}
