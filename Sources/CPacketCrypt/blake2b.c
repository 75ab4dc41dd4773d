/* BLAKE2b over several inputs of one length at a time: one input per
 * 64-bit vector lane (4 with AVX2, 8 with AVX-512), message words gathered
 * from each input. Inputs that do not fill a pass go through libsodium. */
#include <immintrin.h>
#include <sodium.h>

#include "internal.h"
#include "simd.h"

static const uint64_t IV[8] = {
    0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
    0x510e527fade682d1ull, 0x9b05688c2b3e6c1full, 0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull,
};

static const uint8_t SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

/* ---- AVX2: 4 inputs ---- */

#define TGT2 __attribute__((target("avx2")))

TGT2 static inline __m256i ror4(__m256i x, int n) {
    switch (n) {
    case 32: return _mm256_shuffle_epi32(x, _MM_SHUFFLE(2, 3, 0, 1));
    case 24:
        return _mm256_shuffle_epi8(x, _mm256_setr_epi8(3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10, 3, 4, 5,
                                                       6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10));
    case 16:
        return _mm256_shuffle_epi8(x, _mm256_setr_epi8(2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9, 2, 3, 4,
                                                       5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9));
    default: return _mm256_or_si256(_mm256_srli_epi64(x, 63), _mm256_add_epi64(x, x)); /* 63 */
    }
}

#define G4(a, b, c, d, x, y)                                                                   \
    a = _mm256_add_epi64(_mm256_add_epi64(a, b), x);                                           \
    d = ror4(_mm256_xor_si256(d, a), 32);                                                      \
    c = _mm256_add_epi64(c, d);                                                                \
    b = ror4(_mm256_xor_si256(b, c), 24);                                                      \
    a = _mm256_add_epi64(_mm256_add_epi64(a, b), y);                                           \
    d = ror4(_mm256_xor_si256(d, a), 16);                                                      \
    c = _mm256_add_epi64(c, d);                                                                \
    b = ror4(_mm256_xor_si256(b, c), 63);

TGT2 static void many4(uint8_t *const *out, size_t outlen, const uint8_t *const *in, size_t len) {
    __m256i h[8];
    for (int i = 0; i < 8; i++) h[i] = _mm256_set1_epi64x((long long)IV[i]);
    h[0] = _mm256_xor_si256(h[0], _mm256_set1_epi64x((long long)(0x01010000u ^ outlen)));
    __m256i base = _mm256_setr_epi64x((long long)(uintptr_t)in[0], (long long)(uintptr_t)in[1],
                                      (long long)(uintptr_t)in[2], (long long)(uintptr_t)in[3]);
    for (size_t off = 0; off < len; off += 128) {
        __m256i m[16];
        __m256i at = _mm256_add_epi64(base, _mm256_set1_epi64x((long long)off));
        for (int j = 0; j < 16; j++)
            m[j] = _mm256_i64gather_epi64((const long long *)(uintptr_t)(8 * j), at, 1);
        __m256i v[16];
        for (int i = 0; i < 8; i++) v[i] = h[i], v[8 + i] = _mm256_set1_epi64x((long long)IV[i]);
        v[12] = _mm256_xor_si256(v[12], _mm256_set1_epi64x((long long)(off + 128)));
        if (off + 128 == len) v[14] = _mm256_xor_si256(v[14], _mm256_set1_epi64x(-1));
        for (int r = 0; r < 12; r++) {
            const uint8_t *s = SIGMA[r];
            G4(v[0], v[4], v[8], v[12], m[s[0]], m[s[1]]) G4(v[1], v[5], v[9], v[13], m[s[2]], m[s[3]])
            G4(v[2], v[6], v[10], v[14], m[s[4]], m[s[5]]) G4(v[3], v[7], v[11], v[15], m[s[6]], m[s[7]])
            G4(v[0], v[5], v[10], v[15], m[s[8]], m[s[9]]) G4(v[1], v[6], v[11], v[12], m[s[10]], m[s[11]])
            G4(v[2], v[7], v[8], v[13], m[s[12]], m[s[13]]) G4(v[3], v[4], v[9], v[14], m[s[14]], m[s[15]])
        }
        for (int i = 0; i < 8; i++) h[i] = _mm256_xor_si256(h[i], _mm256_xor_si256(v[i], v[8 + i]));
    }
    _Alignas(32) uint64_t t[8][4];
    for (int i = 0; i < 8; i++) _mm256_store_si256((__m256i *)t[i], h[i]);
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; i < outlen / 8; i++) pc_put_le64(out[k] + 8 * i, t[i][k]);
}

/* ---- AVX-512: 8 inputs ---- */

#define TGT5 __attribute__((target("avx512f,avx512bw,avx512vl")))

#define G8(a, b, c, d, x, y)                                                                   \
    a = _mm512_add_epi64(_mm512_add_epi64(a, b), x);                                           \
    d = _mm512_ror_epi64(_mm512_xor_si512(d, a), 32);                                          \
    c = _mm512_add_epi64(c, d);                                                                \
    b = _mm512_ror_epi64(_mm512_xor_si512(b, c), 24);                                          \
    a = _mm512_add_epi64(_mm512_add_epi64(a, b), y);                                           \
    d = _mm512_ror_epi64(_mm512_xor_si512(d, a), 16);                                          \
    c = _mm512_add_epi64(c, d);                                                                \
    b = _mm512_ror_epi64(_mm512_xor_si512(b, c), 63);

TGT5 static void many8(uint8_t *const *out, size_t outlen, const uint8_t *const *in, size_t len) {
    __m512i h[8];
    for (int i = 0; i < 8; i++) h[i] = _mm512_set1_epi64((long long)IV[i]);
    h[0] = _mm512_xor_si512(h[0], _mm512_set1_epi64((long long)(0x01010000u ^ outlen)));
    uint64_t ptr[8];
    for (int k = 0; k < 8; k++) ptr[k] = (uint64_t)(uintptr_t)in[k];
    __m512i base = _mm512_loadu_si512(ptr);
    for (size_t off = 0; off < len; off += 128) {
        __m512i m[16];
        __m512i at = _mm512_add_epi64(base, _mm512_set1_epi64((long long)off));
        for (int j = 0; j < 16; j++) m[j] = _mm512_i64gather_epi64(at, (const void *)(uintptr_t)(8 * j), 1);
        __m512i v[16];
        for (int i = 0; i < 8; i++) v[i] = h[i], v[8 + i] = _mm512_set1_epi64((long long)IV[i]);
        v[12] = _mm512_xor_si512(v[12], _mm512_set1_epi64((long long)(off + 128)));
        if (off + 128 == len) v[14] = _mm512_xor_si512(v[14], _mm512_set1_epi64(-1));
        for (int r = 0; r < 12; r++) {
            const uint8_t *s = SIGMA[r];
            G8(v[0], v[4], v[8], v[12], m[s[0]], m[s[1]]) G8(v[1], v[5], v[9], v[13], m[s[2]], m[s[3]])
            G8(v[2], v[6], v[10], v[14], m[s[4]], m[s[5]]) G8(v[3], v[7], v[11], v[15], m[s[6]], m[s[7]])
            G8(v[0], v[5], v[10], v[15], m[s[8]], m[s[9]]) G8(v[1], v[6], v[11], v[12], m[s[10]], m[s[11]])
            G8(v[2], v[7], v[8], v[13], m[s[12]], m[s[13]]) G8(v[3], v[4], v[9], v[14], m[s[14]], m[s[15]])
        }
        for (int i = 0; i < 8; i++) h[i] = _mm512_xor_si512(h[i], _mm512_xor_si512(v[i], v[8 + i]));
    }
    uint64_t t[8][8];
    for (int i = 0; i < 8; i++) _mm512_storeu_si512(t[i], h[i]);
    for (int k = 0; k < 8; k++)
        for (size_t i = 0; i < outlen / 8; i++) pc_put_le64(out[k] + 8 * i, t[i][k]);
}

void pc_blake2b_many(uint8_t *const *out, size_t outlen, const uint8_t *const *in, size_t len, size_t n) {
    size_t i = 0;
    if (len > 0 && len % 128 == 0 && outlen % 8 == 0 && outlen <= 64) {
        int level = pc_simd_level();
        if (level == PC_SIMD_AVX512)
            for (; i + 8 <= n; i += 8) many8(out + i, outlen, in + i, len);
        if (level >= PC_SIMD_AVX2)
            for (; i + 4 <= n; i += 4) many4(out + i, outlen, in + i, len);
    }
    for (; i < n; i++) crypto_generichash_blake2b(out[i], outlen, in[i], len, NULL, 0);
}
