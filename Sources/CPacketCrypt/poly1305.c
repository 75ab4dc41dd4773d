/* Poly1305 for CryptoCycle: whole 16-byte blocks, then the length block.
 * The AVX2 and AVX-512 paths run 4 or 8 interleaved Horner chains over one
 * message (each multiplied by r^4 or r^8 per step) in radix 2^26, and join
 * them with the powers r^k at the end. The message, length block included,
 * is padded at the front to whole groups with null blocks (no pad bit),
 * which leave the sum unchanged, so no block runs on a scalar chain. */
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

/* Carries limbs of up to 32 bits to the form mul leaves. */
static void carry(limbs *h) {
    uint32_t c;
    c = h->h[0] >> 26; h->h[0] &= M26; h->h[1] += c;
    c = h->h[1] >> 26; h->h[1] &= M26; h->h[2] += c;
    c = h->h[2] >> 26; h->h[2] &= M26; h->h[3] += c;
    c = h->h[3] >> 26; h->h[3] &= M26; h->h[4] += c;
    c = h->h[4] >> 26; h->h[4] &= M26; h->h[0] += c * 5;
    c = h->h[0] >> 26; h->h[0] &= M26; h->h[1] += c;
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

/* Padded block i of the message: null (pad) blocks first, then m, then
 * `last`. Group g (w blocks) as bytes, copied into tmp when it holds a
 * null block or `last`. */
static const uint8_t *group_bytes(uint8_t *tmp, size_t w, size_t g, size_t groups, size_t pad, const uint8_t *m,
                                  size_t blocks, const uint8_t last[16]) {
    size_t first = w * g;
    if (g != 0 && g + 1 != groups) return m + 16 * (first - pad);
    for (size_t k = 0; k < w; k++) {
        size_t i = first + k;
        if (i < pad) memset(tmp + 16 * k, 0, 16);
        else if (i - pad < blocks) memcpy(tmp + 16 * k, m + 16 * (i - pad), 16);
        else memcpy(tmp + 16 * k, last, 16);
    }
    return tmp;
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

/* h = h * r, limbs carried to 26 bits (h[1] and h[4] may hold a bit more). */
TGT2 static void vmul4(__m256i h[5], const vr4 *v) {
    const __m256i mask = _mm256_set1_epi64x(M26);
#define MU(a, b) _mm256_mul_epu32(a, b)
#define AD(a, b) _mm256_add_epi64(a, b)
#define SUM5(a, b, c, d, e) AD(AD(AD(a, b), AD(c, d)), e)
    __m256i d0 = SUM5(MU(h[0], v->r[0]), MU(h[1], v->s[4]), MU(h[2], v->s[3]), MU(h[3], v->s[2]), MU(h[4], v->s[1]));
    __m256i d1 = SUM5(MU(h[0], v->r[1]), MU(h[1], v->r[0]), MU(h[2], v->s[4]), MU(h[3], v->s[3]), MU(h[4], v->s[2]));
    __m256i d2 = SUM5(MU(h[0], v->r[2]), MU(h[1], v->r[1]), MU(h[2], v->r[0]), MU(h[3], v->s[4]), MU(h[4], v->s[3]));
    __m256i d3 = SUM5(MU(h[0], v->r[3]), MU(h[1], v->r[2]), MU(h[2], v->r[1]), MU(h[3], v->r[0]), MU(h[4], v->s[4]));
    __m256i d4 = SUM5(MU(h[0], v->r[4]), MU(h[1], v->r[3]), MU(h[2], v->r[2]), MU(h[3], v->r[1]), MU(h[4], v->r[0]));
    /* Two carry chains side by side: 0 -> 1 -> 2 -> 3 -> 4 and 3 -> 4 -> 0 -> 1. */
    __m256i c0 = _mm256_srli_epi64(d0, 26), c3 = _mm256_srli_epi64(d3, 26);
    d0 = _mm256_and_si256(d0, mask);
    d3 = _mm256_and_si256(d3, mask);
    d1 = AD(d1, c0);
    d4 = AD(d4, c3);
    __m256i c1 = _mm256_srli_epi64(d1, 26), c4 = _mm256_srli_epi64(d4, 26);
    d1 = _mm256_and_si256(d1, mask);
    d4 = _mm256_and_si256(d4, mask);
    d2 = AD(d2, c1);
    d0 = AD(d0, AD(c4, _mm256_slli_epi64(c4, 2)));
    __m256i c2 = _mm256_srli_epi64(d2, 26);
    c0 = _mm256_srli_epi64(d0, 26);
    h[2] = _mm256_and_si256(d2, mask);
    h[0] = _mm256_and_si256(d0, mask);
    d3 = AD(d3, c2);
    h[1] = AD(d1, c0);
    h[3] = _mm256_and_si256(d3, mask);
    h[4] = AD(d4, _mm256_srli_epi64(d3, 26));
#undef MU
#undef AD
#undef SUM5
}

/* Blocks m[0..4) as lanes (0, 2, 1, 3), limbs added to h; `padbit` holds
 * 2^24 in the lanes whose block is not null. */
TGT2 static void vload4(__m256i h[5], const uint8_t *m, __m256i padbit) {
    const __m256i mask = _mm256_set1_epi64x(M26);
    __m256i a = _mm256_loadu_si256((const __m256i *)m), b = _mm256_loadu_si256((const __m256i *)(m + 32));
    __m256i lo = _mm256_unpacklo_epi64(a, b), hi = _mm256_unpackhi_epi64(a, b);
    h[0] = _mm256_add_epi64(h[0], _mm256_and_si256(lo, mask));
    h[1] = _mm256_add_epi64(h[1], _mm256_and_si256(_mm256_srli_epi64(lo, 26), mask));
    h[2] = _mm256_add_epi64(h[2], _mm256_and_si256(_mm256_or_si256(_mm256_srli_epi64(lo, 52), _mm256_slli_epi64(hi, 12)), mask));
    h[3] = _mm256_add_epi64(h[3], _mm256_and_si256(_mm256_srli_epi64(hi, 14), mask));
    h[4] = _mm256_add_epi64(h[4], _mm256_or_si256(_mm256_srli_epi64(hi, 40), padbit));
}

/* The padded message's sum, limbs not carried; pw[k] = r^k. */
TGT2 static void blocks_avx2(limbs *out, const limbs pw[5], const uint8_t *m, size_t blocks, const uint8_t last[16]) {
    size_t groups = (blocks + 4) / 4, pad = 4 * groups - (blocks + 1);
    vr4 step, fin;
    const limbs *st[4] = {&pw[4], &pw[4], &pw[4], &pw[4]};
    const limbs *fn[4] = {&pw[4], &pw[2], &pw[3], &pw[1]};
    vr4_set(&step, st);
    vr4_set(&fin, fn);
    /* Block k of a group sits in lane 2 (k mod 2) + k / 2. */
    _Alignas(32) uint64_t first_pad[4];
    for (size_t k = 0; k < 4; k++) first_pad[2 * (k % 2) + k / 2] = k < pad ? 0 : 1u << 24;
    const __m256i all = _mm256_set1_epi64x(1 << 24);
    _Alignas(32) uint8_t tmp[64];
    __m256i h[5];
    for (int i = 0; i < 5; i++) h[i] = _mm256_setzero_si256();
    for (size_t g = 0; g < groups; g++) {
        if (g > 0) vmul4(h, &step);
        vload4(h, group_bytes(tmp, 4, g, groups, pad, m, blocks, last),
               g == 0 ? _mm256_load_si256((const __m256i *)first_pad) : all);
    }
    vmul4(h, &fin);
    for (int i = 0; i < 5; i++) {
        _Alignas(32) uint64_t t[4];
        _mm256_store_si256((__m256i *)t, h[i]);
        out->h[i] = (uint32_t)(t[0] + t[1] + t[2] + t[3]);
    }
}

/* ---- AVX-512: 8 chains ---- */

#define TGT5 __attribute__((target("avx512f,avx512bw,avx512vl")))

typedef struct { __m512i r[5], s[5]; } vr8;

TGT5 static void vmul8(__m512i h[5], const vr8 *v) {
    const __m512i mask = _mm512_set1_epi64(M26);
#define MU(a, b) _mm512_mul_epu32(a, b)
#define AD(a, b) _mm512_add_epi64(a, b)
#define SUM5(a, b, c, d, e) AD(AD(AD(a, b), AD(c, d)), e)
    __m512i d0 = SUM5(MU(h[0], v->r[0]), MU(h[1], v->s[4]), MU(h[2], v->s[3]), MU(h[3], v->s[2]), MU(h[4], v->s[1]));
    __m512i d1 = SUM5(MU(h[0], v->r[1]), MU(h[1], v->r[0]), MU(h[2], v->s[4]), MU(h[3], v->s[3]), MU(h[4], v->s[2]));
    __m512i d2 = SUM5(MU(h[0], v->r[2]), MU(h[1], v->r[1]), MU(h[2], v->r[0]), MU(h[3], v->s[4]), MU(h[4], v->s[3]));
    __m512i d3 = SUM5(MU(h[0], v->r[3]), MU(h[1], v->r[2]), MU(h[2], v->r[1]), MU(h[3], v->r[0]), MU(h[4], v->s[4]));
    __m512i d4 = SUM5(MU(h[0], v->r[4]), MU(h[1], v->r[3]), MU(h[2], v->r[2]), MU(h[3], v->r[1]), MU(h[4], v->r[0]));
    /* Two carry chains side by side: 0 -> 1 -> 2 -> 3 -> 4 and 3 -> 4 -> 0 -> 1. */
    __m512i c0 = _mm512_srli_epi64(d0, 26), c3 = _mm512_srli_epi64(d3, 26);
    d0 = _mm512_and_si512(d0, mask);
    d3 = _mm512_and_si512(d3, mask);
    d1 = AD(d1, c0);
    d4 = AD(d4, c3);
    __m512i c1 = _mm512_srli_epi64(d1, 26), c4 = _mm512_srli_epi64(d4, 26);
    d1 = _mm512_and_si512(d1, mask);
    d4 = _mm512_and_si512(d4, mask);
    d2 = AD(d2, c1);
    d0 = AD(d0, AD(c4, _mm512_slli_epi64(c4, 2)));
    __m512i c2 = _mm512_srli_epi64(d2, 26);
    c0 = _mm512_srli_epi64(d0, 26);
    h[2] = _mm512_and_si512(d2, mask);
    h[0] = _mm512_and_si512(d0, mask);
    d3 = AD(d3, c2);
    h[1] = AD(d1, c0);
    h[3] = _mm512_and_si512(d3, mask);
    h[4] = AD(d4, _mm512_srli_epi64(d3, 26));
#undef MU
#undef AD
#undef SUM5
}

/* Blocks m[0..8) as lanes (0, 4, 1, 5, 2, 6, 3, 7), limbs added to h; the
 * lanes in `padbit` are the blocks that are not null. */
TGT5 static void vload8(__m512i h[5], const uint8_t *m, __mmask8 padbit) {
    const __m512i mask = _mm512_set1_epi64(M26);
    __m512i a = _mm512_loadu_si512(m), b = _mm512_loadu_si512(m + 64);
    __m512i lo = _mm512_unpacklo_epi64(a, b), hi = _mm512_unpackhi_epi64(a, b);
    h[0] = _mm512_add_epi64(h[0], _mm512_and_si512(lo, mask));
    h[1] = _mm512_add_epi64(h[1], _mm512_and_si512(_mm512_srli_epi64(lo, 26), mask));
    h[2] = _mm512_add_epi64(h[2], _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(lo, 52), _mm512_slli_epi64(hi, 12)), mask));
    h[3] = _mm512_add_epi64(h[3], _mm512_and_si512(_mm512_srli_epi64(hi, 14), mask));
    h[4] = _mm512_add_epi64(h[4], _mm512_or_si512(_mm512_srli_epi64(hi, 40), _mm512_maskz_mov_epi64(padbit, _mm512_set1_epi64(1 << 24))));
}

/* r^1..r^8 from r and r^2, two vector multiplications: lanes
 * (r, r^2, r, r^2, ...) times r^2, then (r, r^2, r^3, r^4, ...) times r^4.
 * Sets step to r^8 in every lane and fin to the joining powers. */
TGT5 static void powers8(vr8 *step, vr8 *fin, const limbs *r1, const limbs *r2) {
    __m512i a[5], b[5];
    vr8 v;
    for (int i = 0; i < 5; i++) {
        a[i] = _mm512_setr_epi64(r1->h[i], r2->h[i], r1->h[i], r2->h[i], r1->h[i], r2->h[i], r1->h[i], r2->h[i]);
        v.r[i] = _mm512_set1_epi64(r2->h[i]);
        v.s[i] = _mm512_mul_epu32(v.r[i], _mm512_set1_epi64(5));
    }
    vmul8(a, &v); /* (r^3, r^4, ...) */
    const __m512i lo_hi = _mm512_setr_epi64(0, 1, 8, 9, 0, 1, 8, 9);
    for (int i = 0; i < 5; i++) {
        __m512i pair = _mm512_setr_epi64(r1->h[i], r2->h[i], 0, 0, 0, 0, 0, 0);
        v.r[i] = _mm512_permutexvar_epi64(_mm512_set1_epi64(1), a[i]);
        v.s[i] = _mm512_mul_epu32(v.r[i], _mm512_set1_epi64(5));
        b[i] = _mm512_permutex2var_epi64(pair, lo_hi, a[i]); /* (r, r^2, r^3, r^4, ...) */
        a[i] = b[i];
    }
    vmul8(a, &v); /* (r^5, r^6, r^7, r^8, ...) */
    /* fin lanes: r^8, r^4, r^7, r^3, r^6, r^2, r^5, r^1 (vload8's lane order). */
    const __m512i pick = _mm512_setr_epi64(11, 3, 10, 2, 9, 1, 8, 0);
    for (int i = 0; i < 5; i++) {
        fin->r[i] = _mm512_permutex2var_epi64(b[i], pick, a[i]);
        fin->s[i] = _mm512_mul_epu32(fin->r[i], _mm512_set1_epi64(5));
        step->r[i] = _mm512_permutexvar_epi64(_mm512_set1_epi64(3), a[i]);
        step->s[i] = _mm512_mul_epu32(step->r[i], _mm512_set1_epi64(5));
    }
}

/* The padded message's sum, limbs not carried. */
TGT5 static void blocks_avx512(limbs *out, const limbs *r1, const limbs *r2, const uint8_t *m, size_t blocks,
                               const uint8_t last[16]) {
    size_t groups = (blocks + 8) / 8, pad = 8 * groups - (blocks + 1);
    vr8 step, fin;
    powers8(&step, &fin, r1, r2);
    /* Block k of a group sits in lane 2 (k mod 4) + k / 4. */
    __mmask8 first_pad = 0;
    for (size_t k = pad; k < 8; k++) first_pad |= (__mmask8)(1u << (2 * (k % 4) + k / 4));
    _Alignas(64) uint8_t tmp[128];
    __m512i h[5];
    for (int i = 0; i < 5; i++) h[i] = _mm512_setzero_si512();
    for (size_t g = 0; g < groups; g++) {
        if (g > 0) vmul8(h, &step);
        vload8(h, group_bytes(tmp, 8, g, groups, pad, m, blocks, last), g == 0 ? first_pad : 0xff);
    }
    vmul8(h, &fin);
    for (int i = 0; i < 5; i++) out->h[i] = (uint32_t)_mm512_reduce_add_epi64(h[i]);
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
    limbs pw[5], h;
    clamp_r(&pw[1], key);
    pw[2] = pw[1];
    mul(&pw[2], &pw[1]);
    if (level == PC_SIMD_AVX512) {
        blocks_avx512(&h, &pw[1], &pw[2], m, blocks, last);
    } else {
        pw[3] = pw[2];
        mul(&pw[3], &pw[1]);
        pw[4] = pw[2];
        mul(&pw[4], &pw[2]);
        blocks_avx2(&h, pw, m, blocks, last);
    }
    carry(&h);
    finish(tag, &h, key + 16);
}
