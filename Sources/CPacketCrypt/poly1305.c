/* Poly1305 for CryptoCycle: whole 16-byte blocks, then the length block.
 * The AVX2 and AVX-512 paths run 4 or 8 interleaved Horner chains over one
 * message (each multiplied by r^4 or r^8 per step) in radix 2^26, and join
 * them with the powers r^k at the end; the few blocks left run on a scalar
 * radix-2^26 chain. */
#include <immintrin.h>
#include <sodium.h>

#include "internal.h"
#include "simd.h"

enum { M26 = 0x3ffffff };

typedef struct { uint32_t h[5]; } limbs;

static void clamp_r(limbs *r, const uint8_t key[16]) {
    r->h[0] = pc_le32(key + 0) & 0x3ffffff;
    r->h[1] = (pc_le32(key + 3) >> 2) & 0x3ffff03;
    r->h[2] = (pc_le32(key + 6) >> 4) & 0x3ffc0ff;
    r->h[3] = (pc_le32(key + 9) >> 6) & 0x3f03fff;
    r->h[4] = (pc_le32(key + 12) >> 8) & 0x00fffff;
}

/* h = h * r mod 2^130 - 5, limbs carried to 26 bits (h[1] may hold a bit more). */
static void mul(limbs *h, const limbs *r) {
    uint64_t r0 = r->h[0], r1 = r->h[1], r2 = r->h[2], r3 = r->h[3], r4 = r->h[4];
    uint64_t s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;
    uint64_t h0 = h->h[0], h1 = h->h[1], h2 = h->h[2], h3 = h->h[3], h4 = h->h[4];
    uint64_t d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
    uint64_t d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
    uint64_t d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
    uint64_t d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
    uint64_t d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;
    uint64_t c;
    c = d0 >> 26; d1 += c;
    c = d1 >> 26; d2 += c;
    c = d2 >> 26; d3 += c;
    c = d3 >> 26; d4 += c;
    c = d4 >> 26;
    uint64_t t0 = (d0 & M26) + c * 5;
    h->h[0] = (uint32_t)(t0 & M26);
    h->h[1] = (uint32_t)((d1 & M26) + (t0 >> 26));
    h->h[2] = (uint32_t)(d2 & M26);
    h->h[3] = (uint32_t)(d3 & M26);
    h->h[4] = (uint32_t)(d4 & M26);
}

static void add_block(limbs *h, const uint8_t m[16]) {
    h->h[0] += pc_le32(m + 0) & M26;
    h->h[1] += (pc_le32(m + 3) >> 2) & M26;
    h->h[2] += (pc_le32(m + 6) >> 4) & M26;
    h->h[3] += (pc_le32(m + 9) >> 6) & M26;
    h->h[4] += (pc_le32(m + 12) >> 8) | (1u << 24);
}

static void finish(uint8_t tag[16], limbs *hl, const uint8_t s[16]) {
    uint32_t h0 = hl->h[0], h1 = hl->h[1], h2 = hl->h[2], h3 = hl->h[3], h4 = hl->h[4], c;
    c = h1 >> 26; h1 &= M26;
    h2 += c; c = h2 >> 26; h2 &= M26;
    h3 += c; c = h3 >> 26; h3 &= M26;
    h4 += c; c = h4 >> 26; h4 &= M26;
    h0 += c * 5; c = h0 >> 26; h0 &= M26;
    h1 += c;
    /* h - p when h >= p */
    uint32_t g0 = h0 + 5; c = g0 >> 26; g0 &= M26;
    uint32_t g1 = h1 + c; c = g1 >> 26; g1 &= M26;
    uint32_t g2 = h2 + c; c = g2 >> 26; g2 &= M26;
    uint32_t g3 = h3 + c; c = g3 >> 26; g3 &= M26;
    uint32_t g4 = h4 + c - (1u << 26);
    uint32_t keep_g = (g4 >> 31) - 1; /* all ones when g4 did not go negative */
    h0 = (h0 & ~keep_g) | (g0 & keep_g);
    h1 = (h1 & ~keep_g) | (g1 & keep_g);
    h2 = (h2 & ~keep_g) | (g2 & keep_g);
    h3 = (h3 & ~keep_g) | (g3 & keep_g);
    h4 = (h4 & ~keep_g) | (g4 & keep_g);
    uint64_t w0 = (h0 | (h1 << 26)) & 0xffffffffu;
    uint64_t w1 = ((h1 >> 6) | (h2 << 20)) & 0xffffffffu;
    uint64_t w2 = ((h2 >> 12) | (h3 << 14)) & 0xffffffffu;
    uint64_t w3 = ((h3 >> 18) | (h4 << 8)) & 0xffffffffu;
    uint64_t f;
    f = w0 + pc_le32(s + 0); pc_put_le32(tag + 0, (uint32_t)f);
    f = w1 + pc_le32(s + 4) + (f >> 32); pc_put_le32(tag + 4, (uint32_t)f);
    f = w2 + pc_le32(s + 8) + (f >> 32); pc_put_le32(tag + 8, (uint32_t)f);
    f = w3 + pc_le32(s + 12) + (f >> 32); pc_put_le32(tag + 12, (uint32_t)f);
}

static void scalar_blocks(limbs *h, const limbs *r, const uint8_t *m, size_t blocks) {
    for (size_t i = 0; i < blocks; i++) {
        add_block(h, m + 16 * i);
        mul(h, r);
    }
}

/* ---- AVX2: 4 chains ---- */

#define TGT2 __attribute__((target("avx2")))

typedef struct { __m256i r[5], s[5]; } vr4;

TGT2 static void vr4_set(vr4 *v, const limbs *lane[4]) {
    for (int i = 0; i < 5; i++) {
        v->r[i] = _mm256_setr_epi64x(lane[0]->h[i], lane[1]->h[i], lane[2]->h[i], lane[3]->h[i]);
        v->s[i] = _mm256_mul_epu32(v->r[i], _mm256_set1_epi64x(5));
    }
}

/* h = h * r with the same carry chain as the scalar mul. */
TGT2 static void vmul4(__m256i h[5], const vr4 *v) {
    const __m256i mask = _mm256_set1_epi64x(M26);
#define MU(a, b) _mm256_mul_epu32(a, b)
#define AD(a, b) _mm256_add_epi64(a, b)
    __m256i d0 = AD(AD(AD(AD(MU(h[0], v->r[0]), MU(h[1], v->s[4])), MU(h[2], v->s[3])), MU(h[3], v->s[2])), MU(h[4], v->s[1]));
    __m256i d1 = AD(AD(AD(AD(MU(h[0], v->r[1]), MU(h[1], v->r[0])), MU(h[2], v->s[4])), MU(h[3], v->s[3])), MU(h[4], v->s[2]));
    __m256i d2 = AD(AD(AD(AD(MU(h[0], v->r[2]), MU(h[1], v->r[1])), MU(h[2], v->r[0])), MU(h[3], v->s[4])), MU(h[4], v->s[3]));
    __m256i d3 = AD(AD(AD(AD(MU(h[0], v->r[3]), MU(h[1], v->r[2])), MU(h[2], v->r[1])), MU(h[3], v->r[0])), MU(h[4], v->s[4]));
    __m256i d4 = AD(AD(AD(AD(MU(h[0], v->r[4]), MU(h[1], v->r[3])), MU(h[2], v->r[2])), MU(h[3], v->r[1])), MU(h[4], v->r[0]));
    d1 = AD(d1, _mm256_srli_epi64(d0, 26));
    d2 = AD(d2, _mm256_srli_epi64(d1, 26));
    d3 = AD(d3, _mm256_srli_epi64(d2, 26));
    d4 = AD(d4, _mm256_srli_epi64(d3, 26));
    __m256i c = _mm256_srli_epi64(d4, 26);
    __m256i t0 = AD(_mm256_and_si256(d0, mask), MU(c, _mm256_set1_epi64x(5)));
    h[0] = _mm256_and_si256(t0, mask);
    h[1] = AD(_mm256_and_si256(d1, mask), _mm256_srli_epi64(t0, 26));
    h[2] = _mm256_and_si256(d2, mask);
    h[3] = _mm256_and_si256(d3, mask);
    h[4] = _mm256_and_si256(d4, mask);
#undef MU
#undef AD
}

/* Blocks m[0..4) as lanes (0, 2, 1, 3), limbs added to h. */
TGT2 static void vload4(__m256i h[5], const uint8_t *m) {
    const __m256i mask = _mm256_set1_epi64x(M26);
    __m256i a = _mm256_loadu_si256((const __m256i *)m), b = _mm256_loadu_si256((const __m256i *)(m + 32));
    __m256i lo = _mm256_unpacklo_epi64(a, b), hi = _mm256_unpackhi_epi64(a, b);
    h[0] = _mm256_add_epi64(h[0], _mm256_and_si256(lo, mask));
    h[1] = _mm256_add_epi64(h[1], _mm256_and_si256(_mm256_srli_epi64(lo, 26), mask));
    h[2] = _mm256_add_epi64(h[2], _mm256_and_si256(_mm256_or_si256(_mm256_srli_epi64(lo, 52), _mm256_slli_epi64(hi, 12)), mask));
    h[3] = _mm256_add_epi64(h[3], _mm256_and_si256(_mm256_srli_epi64(hi, 14), mask));
    h[4] = _mm256_add_epi64(h[4], _mm256_or_si256(_mm256_srli_epi64(hi, 40), _mm256_set1_epi64x(1 << 24)));
}

/* Runs blocks/4*4 blocks; returns how many. */
TGT2 static size_t blocks_avx2(limbs *out, const limbs pw[9], const uint8_t *m, size_t blocks) {
    size_t groups = blocks / 4;
    if (groups == 0) return 0;
    vr4 step, fin;
    const limbs *st[4] = {&pw[4], &pw[4], &pw[4], &pw[4]};
    const limbs *fn[4] = {&pw[4], &pw[2], &pw[3], &pw[1]};
    vr4_set(&step, st);
    vr4_set(&fin, fn);
    __m256i h[5];
    for (int i = 0; i < 5; i++) h[i] = _mm256_setzero_si256();
    vload4(h, m);
    for (size_t g = 1; g < groups; g++) {
        vmul4(h, &step);
        vload4(h, m + 64 * g);
    }
    vmul4(h, &fin);
    for (int i = 0; i < 5; i++) {
        _Alignas(32) uint64_t t[4];
        _mm256_store_si256((__m256i *)t, h[i]);
        out->h[i] = (uint32_t)(t[0] + t[1] + t[2] + t[3]);
    }
    return groups * 4;
}

/* ---- AVX-512: 8 chains ---- */

#define TGT5 __attribute__((target("avx512f,avx512bw,avx512vl")))

typedef struct { __m512i r[5], s[5]; } vr8;

TGT5 static void vr8_set(vr8 *v, const limbs *lane[8]) {
    for (int i = 0; i < 5; i++) {
        v->r[i] = _mm512_setr_epi64(lane[0]->h[i], lane[1]->h[i], lane[2]->h[i], lane[3]->h[i], lane[4]->h[i],
                                    lane[5]->h[i], lane[6]->h[i], lane[7]->h[i]);
        v->s[i] = _mm512_mul_epu32(v->r[i], _mm512_set1_epi64(5));
    }
}

TGT5 static void vmul8(__m512i h[5], const vr8 *v) {
    const __m512i mask = _mm512_set1_epi64(M26);
#define MU(a, b) _mm512_mul_epu32(a, b)
#define AD(a, b) _mm512_add_epi64(a, b)
    __m512i d0 = AD(AD(AD(AD(MU(h[0], v->r[0]), MU(h[1], v->s[4])), MU(h[2], v->s[3])), MU(h[3], v->s[2])), MU(h[4], v->s[1]));
    __m512i d1 = AD(AD(AD(AD(MU(h[0], v->r[1]), MU(h[1], v->r[0])), MU(h[2], v->s[4])), MU(h[3], v->s[3])), MU(h[4], v->s[2]));
    __m512i d2 = AD(AD(AD(AD(MU(h[0], v->r[2]), MU(h[1], v->r[1])), MU(h[2], v->r[0])), MU(h[3], v->s[4])), MU(h[4], v->s[3]));
    __m512i d3 = AD(AD(AD(AD(MU(h[0], v->r[3]), MU(h[1], v->r[2])), MU(h[2], v->r[1])), MU(h[3], v->r[0])), MU(h[4], v->s[4]));
    __m512i d4 = AD(AD(AD(AD(MU(h[0], v->r[4]), MU(h[1], v->r[3])), MU(h[2], v->r[2])), MU(h[3], v->r[1])), MU(h[4], v->r[0]));
    d1 = AD(d1, _mm512_srli_epi64(d0, 26));
    d2 = AD(d2, _mm512_srli_epi64(d1, 26));
    d3 = AD(d3, _mm512_srli_epi64(d2, 26));
    d4 = AD(d4, _mm512_srli_epi64(d3, 26));
    __m512i c = _mm512_srli_epi64(d4, 26);
    __m512i t0 = AD(_mm512_and_si512(d0, mask), MU(c, _mm512_set1_epi64(5)));
    h[0] = _mm512_and_si512(t0, mask);
    h[1] = AD(_mm512_and_si512(d1, mask), _mm512_srli_epi64(t0, 26));
    h[2] = _mm512_and_si512(d2, mask);
    h[3] = _mm512_and_si512(d3, mask);
    h[4] = _mm512_and_si512(d4, mask);
#undef MU
#undef AD
}

/* Blocks m[0..8) as lanes (0, 4, 1, 5, 2, 6, 3, 7), limbs added to h. */
TGT5 static void vload8(__m512i h[5], const uint8_t *m) {
    const __m512i mask = _mm512_set1_epi64(M26);
    __m512i a = _mm512_loadu_si512(m), b = _mm512_loadu_si512(m + 64);
    __m512i lo = _mm512_unpacklo_epi64(a, b), hi = _mm512_unpackhi_epi64(a, b);
    h[0] = _mm512_add_epi64(h[0], _mm512_and_si512(lo, mask));
    h[1] = _mm512_add_epi64(h[1], _mm512_and_si512(_mm512_srli_epi64(lo, 26), mask));
    h[2] = _mm512_add_epi64(h[2], _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(lo, 52), _mm512_slli_epi64(hi, 12)), mask));
    h[3] = _mm512_add_epi64(h[3], _mm512_and_si512(_mm512_srli_epi64(hi, 14), mask));
    h[4] = _mm512_add_epi64(h[4], _mm512_or_si512(_mm512_srli_epi64(hi, 40), _mm512_set1_epi64(1 << 24)));
}

TGT5 static size_t blocks_avx512(limbs *out, const limbs pw[9], const uint8_t *m, size_t blocks) {
    size_t groups = blocks / 8;
    if (groups == 0) return 0;
    vr8 step, fin;
    const limbs *st[8] = {&pw[8], &pw[8], &pw[8], &pw[8], &pw[8], &pw[8], &pw[8], &pw[8]};
    const limbs *fn[8] = {&pw[8], &pw[4], &pw[7], &pw[3], &pw[6], &pw[2], &pw[5], &pw[1]};
    vr8_set(&step, st);
    vr8_set(&fin, fn);
    __m512i h[5];
    for (int i = 0; i < 5; i++) h[i] = _mm512_setzero_si512();
    vload8(h, m);
    for (size_t g = 1; g < groups; g++) {
        vmul8(h, &step);
        vload8(h, m + 128 * g);
    }
    vmul8(h, &fin);
    for (int i = 0; i < 5; i++) out->h[i] = (uint32_t)_mm512_reduce_add_epi64(h[i]);
    return groups * 8;
}

/* ---- Dispatch ---- */

void pc_poly1305_blocks_then(uint8_t tag[16], const uint8_t key[32], const uint8_t *m, size_t blocks,
                             const uint8_t last[16]) {
    int level = pc_simd_level();
    if (level == PC_SIMD_PORTABLE) {
        crypto_onetimeauth_poly1305_state st;
        crypto_onetimeauth_poly1305_init(&st, key);
        crypto_onetimeauth_poly1305_update(&st, m, 16 * blocks);
        crypto_onetimeauth_poly1305_update(&st, last, 16);
        crypto_onetimeauth_poly1305_final(&st, tag);
        return;
    }
    limbs pw[9], h = {{0, 0, 0, 0, 0}};
    clamp_r(&pw[1], key);
    size_t done = 0, width = level == PC_SIMD_AVX512 ? 8 : 4;
    if (blocks >= width) {
        /* r^2, then r^3 and r^4 from it, then r^5..r^8 from r^4: a short
         * dependency chain instead of seven multiplications in a row. */
        pw[2] = pw[1];
        mul(&pw[2], &pw[1]);
        pw[3] = pw[2];
        mul(&pw[3], &pw[1]);
        pw[4] = pw[2];
        mul(&pw[4], &pw[2]);
        if (width == 8)
            for (size_t k = 5; k <= 8; k++) {
                pw[k] = pw[4];
                mul(&pw[k], &pw[k - 4]);
            }
        done = width == 8 ? blocks_avx512(&h, pw, m, blocks) : blocks_avx2(&h, pw, m, blocks);
    }
    scalar_blocks(&h, &pw[1], m + 16 * done, blocks - done);
    scalar_blocks(&h, &pw[1], last, 1);
    finish(tag, &h, key + 16);
}
