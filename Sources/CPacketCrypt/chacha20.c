/* ChaCha20 (IETF) keystream blocks at arbitrary counters. The AVX2 and
 * AVX-512 paths compute 8 or 16 blocks side by side, one block per vector
 * lane, and transpose them back to byte order. */
#include <immintrin.h>
#include <sodium.h>

#include "internal.h"
#include "simd.h"

static void load_input(uint32_t x[16], const uint8_t nonce[12], const uint8_t key[32]) {
    x[0] = 0x61707865u;
    x[1] = 0x3320646eu;
    x[2] = 0x79622d32u;
    x[3] = 0x6b206574u;
    for (int i = 0; i < 8; i++) x[4 + i] = pc_le32(key + 4 * i);
    x[12] = 0;
    for (int i = 0; i < 3; i++) x[13 + i] = pc_le32(nonce + 4 * i);
}

static void xor_out(uint8_t *out, const uint8_t *in, const uint8_t *ks, size_t len) {
    for (size_t i = 0; i < len; i++) out[i] = in[i] ^ ks[i];
}

/* ---- AVX2: 8 blocks per pass ---- */

#define TGT2 __attribute__((target("avx2")))

TGT2 static inline __m256i rotl256(__m256i v, int n) {
    return _mm256_or_si256(_mm256_slli_epi32(v, n), _mm256_srli_epi32(v, 32 - n));
}

#define QR2(a, b, c, d)                                                                        \
    a = _mm256_add_epi32(a, b);                                                                \
    d = _mm256_shuffle_epi8(_mm256_xor_si256(d, a), rot16);                                    \
    c = _mm256_add_epi32(c, d);                                                                \
    b = rotl256(_mm256_xor_si256(b, c), 12);                                                   \
    a = _mm256_add_epi32(a, b);                                                                \
    d = _mm256_shuffle_epi8(_mm256_xor_si256(d, a), rot8);                                     \
    c = _mm256_add_epi32(c, d);                                                                \
    b = rotl256(_mm256_xor_si256(b, c), 7);

/* Lane i takes word `word` of the input from lane i of `ctr` (12: block
 * counters; 13: the nonce's first word). */
TGT2 static void pass8(uint8_t ks[512], const uint32_t in[16], __m256i ctr, int word) {
    const __m256i rot16 = _mm256_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7,
                                           4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
    const __m256i rot8 = _mm256_setr_epi8(3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14, 3, 0, 1, 2, 7, 4,
                                          5, 6, 11, 8, 9, 10, 15, 12, 13, 14);
    __m256i x[16], o[16];
    for (int i = 0; i < 16; i++) o[i] = _mm256_set1_epi32((int)in[i]);
    o[word] = ctr;
    for (int i = 0; i < 16; i++) x[i] = o[i];
    for (int r = 0; r < 10; r++) {
        QR2(x[0], x[4], x[8], x[12]) QR2(x[1], x[5], x[9], x[13])
        QR2(x[2], x[6], x[10], x[14]) QR2(x[3], x[7], x[11], x[15])
        QR2(x[0], x[5], x[10], x[15]) QR2(x[1], x[6], x[11], x[12])
        QR2(x[2], x[7], x[8], x[13]) QR2(x[3], x[4], x[9], x[14])
    }
    for (int i = 0; i < 16; i++) x[i] = _mm256_add_epi32(x[i], o[i]);
    /* Per group of 4 words: 128-bit lane j of u[i] holds those words of block 4j + i. */
    __m256i u[4][4];
    for (int g = 0; g < 4; g++) {
        __m256i t0 = _mm256_unpacklo_epi32(x[4 * g], x[4 * g + 1]);
        __m256i t1 = _mm256_unpackhi_epi32(x[4 * g], x[4 * g + 1]);
        __m256i t2 = _mm256_unpacklo_epi32(x[4 * g + 2], x[4 * g + 3]);
        __m256i t3 = _mm256_unpackhi_epi32(x[4 * g + 2], x[4 * g + 3]);
        u[g][0] = _mm256_unpacklo_epi64(t0, t2);
        u[g][1] = _mm256_unpackhi_epi64(t0, t2);
        u[g][2] = _mm256_unpacklo_epi64(t1, t3);
        u[g][3] = _mm256_unpackhi_epi64(t1, t3);
    }
    for (int i = 0; i < 4; i++) {
        uint8_t *lo = ks + 64 * i, *hi = ks + 64 * (4 + i);
        _mm256_storeu_si256((__m256i *)lo, _mm256_permute2x128_si256(u[0][i], u[1][i], 0x20));
        _mm256_storeu_si256((__m256i *)(lo + 32), _mm256_permute2x128_si256(u[2][i], u[3][i], 0x20));
        _mm256_storeu_si256((__m256i *)hi, _mm256_permute2x128_si256(u[0][i], u[1][i], 0x31));
        _mm256_storeu_si256((__m256i *)(hi + 32), _mm256_permute2x128_si256(u[2][i], u[3][i], 0x31));
    }
}

TGT2 static void xor_full8(uint8_t *out, const uint8_t *in, const uint8_t *ks) {
    for (int i = 0; i < 64; i += 32) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(in + i));
        __m256i k = _mm256_loadu_si256((const __m256i *)(ks + i));
        _mm256_storeu_si256((__m256i *)(out + i), _mm256_xor_si256(a, k));
    }
}

/* Where block i of a request goes: the key block first when asked for. */
typedef struct {
    uint8_t *key_block; /* receives keystream block 0 when not NULL */
    uint8_t *msg;
    size_t len;
    uint32_t first;
    int raw; /* store the keystream instead of XORing it in */
} request;

static inline size_t req_blocks(const request *q) { return (q->key_block ? 1 : 0) + (q->len + 63) / 64; }
static inline uint32_t req_counter(const request *q, size_t i) {
    if (q->key_block) return i == 0 ? 0 : q->first + (uint32_t)(i - 1);
    return q->first + (uint32_t)i;
}
/* Destination and length of block i; *raw says whether to store it plainly. */
static inline uint8_t *req_dest(const request *q, size_t i, size_t *len, int *raw) {
    if (q->key_block) {
        if (i == 0) {
            *len = 64;
            *raw = 1;
            return q->key_block;
        }
        i--;
    }
    size_t at = 64 * i;
    *len = q->len - at < 64 ? q->len - at : 64;
    *raw = q->raw;
    return q->msg + at;
}

TGT2 static void run_avx2(const request *q, const uint32_t x[16]) {
    _Alignas(32) uint8_t ks[512];
    size_t blocks = req_blocks(q);
    for (size_t b = 0; b < blocks; b += 8) {
        size_t n = blocks - b < 8 ? blocks - b : 8;
        _Alignas(32) uint32_t c[8] = {0};
        for (size_t i = 0; i < n; i++) c[i] = req_counter(q, b + i);
        pass8(ks, x, _mm256_load_si256((const __m256i *)c), 12);
        for (size_t i = 0; i < n; i++) {
            size_t len;
            int raw;
            uint8_t *d = req_dest(q, b + i, &len, &raw);
            if (raw) memcpy(d, ks + 64 * i, len);
            else if (len == 64) xor_full8(d, d, ks + 64 * i);
            else xor_out(d, d, ks + 64 * i, len);
        }
    }
}

/* ---- AVX-512: 16 blocks per pass ---- */

#define TGT5 __attribute__((target("avx512f,avx512bw,avx512vl")))

#define QR5(a, b, c, d)                                                                        \
    a = _mm512_add_epi32(a, b);                                                                \
    d = _mm512_rol_epi32(_mm512_xor_si512(d, a), 16);                                          \
    c = _mm512_add_epi32(c, d);                                                                \
    b = _mm512_rol_epi32(_mm512_xor_si512(b, c), 12);                                          \
    a = _mm512_add_epi32(a, b);                                                                \
    d = _mm512_rol_epi32(_mm512_xor_si512(d, a), 8);                                           \
    c = _mm512_add_epi32(c, d);                                                                \
    b = _mm512_rol_epi32(_mm512_xor_si512(b, c), 7);

TGT5 static void pass16(__m512i blk[16], const uint32_t in[16], __m512i ctr, int word) {
    __m512i x[16], o[16];
    for (int i = 0; i < 16; i++) o[i] = _mm512_set1_epi32((int)in[i]);
    o[word] = ctr;
    for (int i = 0; i < 16; i++) x[i] = o[i];
    for (int r = 0; r < 10; r++) {
        QR5(x[0], x[4], x[8], x[12]) QR5(x[1], x[5], x[9], x[13])
        QR5(x[2], x[6], x[10], x[14]) QR5(x[3], x[7], x[11], x[15])
        QR5(x[0], x[5], x[10], x[15]) QR5(x[1], x[6], x[11], x[12])
        QR5(x[2], x[7], x[8], x[13]) QR5(x[3], x[4], x[9], x[14])
    }
    for (int i = 0; i < 16; i++) x[i] = _mm512_add_epi32(x[i], o[i]);
    /* u[g][i]: 128-bit lane j holds words 4g..4g+3 of block 4j + i. */
    __m512i u[4][4];
    for (int g = 0; g < 4; g++) {
        __m512i t0 = _mm512_unpacklo_epi32(x[4 * g], x[4 * g + 1]);
        __m512i t1 = _mm512_unpackhi_epi32(x[4 * g], x[4 * g + 1]);
        __m512i t2 = _mm512_unpacklo_epi32(x[4 * g + 2], x[4 * g + 3]);
        __m512i t3 = _mm512_unpackhi_epi32(x[4 * g + 2], x[4 * g + 3]);
        u[g][0] = _mm512_unpacklo_epi64(t0, t2);
        u[g][1] = _mm512_unpackhi_epi64(t0, t2);
        u[g][2] = _mm512_unpacklo_epi64(t1, t3);
        u[g][3] = _mm512_unpackhi_epi64(t1, t3);
    }
    for (int i = 0; i < 4; i++) {
        __m512i p0 = _mm512_shuffle_i32x4(u[0][i], u[1][i], 0x44);
        __m512i p1 = _mm512_shuffle_i32x4(u[0][i], u[1][i], 0xee);
        __m512i p2 = _mm512_shuffle_i32x4(u[2][i], u[3][i], 0x44);
        __m512i p3 = _mm512_shuffle_i32x4(u[2][i], u[3][i], 0xee);
        blk[i] = _mm512_shuffle_i32x4(p0, p2, 0x88);
        blk[4 + i] = _mm512_shuffle_i32x4(p0, p2, 0xdd);
        blk[8 + i] = _mm512_shuffle_i32x4(p1, p3, 0x88);
        blk[12 + i] = _mm512_shuffle_i32x4(p1, p3, 0xdd);
    }
}

TGT5 static void run_avx512(const request *q, const uint32_t x[16]) {
    __m512i blk[16];
    size_t blocks = req_blocks(q);
    for (size_t b = 0; b < blocks; b += 16) {
        size_t n = blocks - b < 16 ? blocks - b : 16;
        uint32_t c[16] = {0};
        for (size_t i = 0; i < n; i++) c[i] = req_counter(q, b + i);
        pass16(blk, x, _mm512_loadu_si512(c), 12);
        for (size_t i = 0; i < n; i++) {
            size_t len;
            int raw;
            uint8_t *d = req_dest(q, b + i, &len, &raw);
            __mmask64 m = len >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << len) - 1);
            if (raw) {
                _mm512_mask_storeu_epi8(d, m, blk[i]);
            } else {
                __m512i a = _mm512_maskz_loadu_epi8(m, d);
                _mm512_mask_storeu_epi8(d, m, _mm512_xor_si512(a, blk[i]));
            }
        }
    }
}

/* Block 0 under n nonces whose first words count up from the nonce's. */
TGT2 static void nonces_avx2(uint8_t *out, size_t n, const uint32_t x[16]) {
    _Alignas(32) uint8_t ks[512];
    for (size_t b = 0; b < n; b += 8) {
        size_t k = n - b < 8 ? n - b : 8;
        _Alignas(32) uint32_t c[8];
        for (int i = 0; i < 8; i++) c[i] = x[13] + (uint32_t)(b + (size_t)i);
        pass8(ks, x, _mm256_load_si256((const __m256i *)c), 13);
        memcpy(out + 64 * b, ks, 64 * k);
    }
}

TGT5 static void nonces_avx512(uint8_t *out, size_t n, const uint32_t x[16]) {
    __m512i blk[16];
    for (size_t b = 0; b < n; b += 16) {
        size_t k = n - b < 16 ? n - b : 16;
        uint32_t c[16];
        for (int i = 0; i < 16; i++) c[i] = x[13] + (uint32_t)(b + (size_t)i);
        pass16(blk, x, _mm512_loadu_si512(c), 13);
        for (size_t i = 0; i < k; i++) _mm512_storeu_si512(out + 64 * (b + i), blk[i]);
    }
}

/* ---- Dispatch ---- */

static void run(const request *q, const uint8_t nonce[12], const uint8_t key[32]) {
    int level = pc_simd_level();
    if (level != PC_SIMD_PORTABLE) {
        uint32_t x[16];
        load_input(x, nonce, key);
        if (level == PC_SIMD_AVX512) run_avx512(q, x);
        else run_avx2(q, x);
        return;
    }
    if (q->key_block) crypto_stream_chacha20_ietf(q->key_block, 64, nonce, key);
    if (q->len == 0) return;
    if (q->raw && q->first == 0) {
        crypto_stream_chacha20_ietf(q->msg, q->len, nonce, key);
        return;
    }
    if (q->raw) memset(q->msg, 0, q->len);
    crypto_stream_chacha20_ietf_xor_ic(q->msg, q->msg, q->len, nonce, q->first, key);
}

void pc_chacha20_xor(uint8_t key_block[64], uint8_t *msg, size_t len, uint32_t first_counter,
                     const uint8_t nonce[12], const uint8_t key[32]) {
    request q = {key_block, msg, len, first_counter, 0};
    run(&q, nonce, key);
}

void pc_chacha20_stream(uint8_t *out, size_t len, uint32_t first_counter, const uint8_t nonce[12],
                        const uint8_t key[32]) {
    request q = {NULL, out, len, first_counter, 1};
    run(&q, nonce, key);
}

void pc_chacha20_block0_nonces(uint8_t *out, size_t n, const uint8_t nonce[12], const uint8_t key[32]) {
    int level = pc_simd_level();
    uint32_t x[16];
    load_input(x, nonce, key);
    if (level == PC_SIMD_AVX512) {
        nonces_avx512(out, n, x);
    } else if (level == PC_SIMD_AVX2) {
        nonces_avx2(out, n, x);
    } else {
        uint8_t each[12];
        memcpy(each, nonce, 12);
        for (size_t i = 0; i < n; i++) {
            pc_put_le32(each, x[13] + (uint32_t)i);
            crypto_stream_chacha20_ietf(out + 64 * i, 64, each, key);
        }
    }
}
