#include "bignum.h"

#include <string.h>

void bn_zero(bn *a) { memset(a, 0, sizeof *a); }

void bn_set_u64(bn *a, uint64_t v) {
    bn_zero(a);
    a->w[0] = (uint32_t)v;
    a->w[1] = (uint32_t)(v >> 32);
}

void bn_set_pow2(bn *a, unsigned bit) {
    bn_zero(a);
    if (bit < BN_WORDS * 32) a->w[bit / 32] = 1u << (bit % 32);
}

int bn_is_zero(const bn *a) {
    for (int i = 0; i < BN_WORDS; i++)
        if (a->w[i]) return 0;
    return 1;
}

int bn_cmp(const bn *a, const bn *b) {
    for (int i = BN_WORDS - 1; i >= 0; i--) {
        if (a->w[i] != b->w[i]) return a->w[i] < b->w[i] ? -1 : 1;
    }
    return 0;
}

unsigned bn_bitlen(const bn *a) {
    for (int i = BN_WORDS - 1; i >= 0; i--) {
        if (a->w[i]) return (unsigned)i * 32 + 32 - (unsigned)__builtin_clz(a->w[i]);
    }
    return 0;
}

void bn_add(bn *r, const bn *a, const bn *b) {
    uint64_t carry = 0;
    for (int i = 0; i < BN_WORDS; i++) {
        carry += (uint64_t)a->w[i] + b->w[i];
        r->w[i] = (uint32_t)carry;
        carry >>= 32;
    }
}

void bn_sub(bn *r, const bn *a, const bn *b) {
    int64_t borrow = 0;
    for (int i = 0; i < BN_WORDS; i++) {
        int64_t d = (int64_t)a->w[i] - b->w[i] - borrow;
        borrow = d < 0;
        r->w[i] = (uint32_t)d;
    }
}

void bn_shl(bn *r, const bn *a, unsigned bits) {
    bn t;
    bn_zero(&t);
    unsigned words = bits / 32, sh = bits % 32;
    for (int i = BN_WORDS - 1; i >= (int)words; i--) {
        uint64_t v = (uint64_t)a->w[i - words] << sh;
        t.w[i] |= (uint32_t)v;
        if (i + 1 < BN_WORDS) t.w[i + 1] |= (uint32_t)(v >> 32);
    }
    *r = t;
}

void bn_shr(bn *r, const bn *a, unsigned bits) {
    bn t;
    bn_zero(&t);
    unsigned words = bits / 32, sh = bits % 32;
    for (unsigned i = words; i < BN_WORDS; i++) {
        uint64_t v = ((uint64_t)a->w[i] << 32) >> sh;
        t.w[i - words] |= (uint32_t)(v >> 32);
        if (i - words >= 1) t.w[i - words - 1] |= (uint32_t)v;
    }
    *r = t;
}

void bn_mul(bn *r, const bn *a, const bn *b) {
    bn t;
    bn_zero(&t);
    for (int i = 0; i < BN_WORDS; i++) {
        if (!a->w[i]) continue;
        uint64_t carry = 0;
        for (int j = 0; i + j < BN_WORDS; j++) {
            carry += (uint64_t)a->w[i] * b->w[j] + t.w[i + j];
            t.w[i + j] = (uint32_t)carry;
            carry >>= 32;
        }
    }
    *r = t;
}

void bn_div(bn *q, const bn *a, const bn *d) {
    bn quo, rem;
    bn_zero(&quo);
    bn_zero(&rem);
    for (int bit = (int)bn_bitlen(a) - 1; bit >= 0; bit--) {
        bn_shl(&rem, &rem, 1);
        rem.w[0] |= (a->w[bit / 32] >> (bit % 32)) & 1;
        if (bn_cmp(&rem, d) >= 0) {
            bn_sub(&rem, &rem, d);
            quo.w[bit / 32] |= 1u << (bit % 32);
        }
    }
    *q = quo;
}

void bn_from_le(bn *a, const uint8_t *bytes, unsigned len) {
    bn_zero(a);
    for (unsigned i = 0; i < len && i < BN_WORDS * 4; i++) a->w[i / 4] |= (uint32_t)bytes[i] << (8 * (i % 4));
}

void bn_to_le(uint8_t *bytes, unsigned len, const bn *a) {
    for (unsigned i = 0; i < len; i++) bytes[i] = i < BN_WORDS * 4 ? (uint8_t)(a->w[i / 4] >> (8 * (i % 4))) : 0;
}
