/* The arithmetic of every RandHash ALU opcode. Lane ops split a word into
 * 8-, 16- or 32-bit lanes; the widening "C" ops return double-width lanes. */
#ifndef PC_RANDHASH_OPS_H
#define PC_RANDHASH_OPS_H

#include <stdint.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

/* Applies `expr` to each w-bit lane x of a (and y of b), keeping w bits. */
#define LANES(w, expr)                                                                        \
    uint32_t r = 0;                                                                           \
    for (int k = 0; k < 32; k += (w)) {                                                       \
        uint32_t x = (a >> k) & ((1u << (w)) - 1), y = (b >> k) & ((1u << (w)) - 1);          \
        (void)y;                                                                              \
        r |= ((uint32_t)(expr) & ((1u << (w)) - 1)) << k;                                     \
    }                                                                                         \
    return r
/* Widening: each w-bit lane's result keeps 2w bits, packed low to high. */
#define WIDE(w, expr)                                                                         \
    uint64_t r = 0;                                                                           \
    for (int k = 0; k < 32 / (w); k++) {                                                      \
        uint32_t x = (a >> ((w) * k)) & ((1u << (w)) - 1), y = (b >> ((w) * k)) & ((1u << (w)) - 1); \
        r |= ((uint64_t)(expr) & ((1ull << (2 * (w))) - 1)) << (2 * (w) * k);                 \
    }                                                                                         \
    return r

/* 1_1. Population counts are done in-register: the x86-64 baseline has no
 * POPCNT instruction and the library fallback is a call per op. */
static inline uint32_t popcnt8(uint32_t a) {
    a = a - ((a >> 1) & 0x55555555u);
    a = (a & 0x33333333u) + ((a >> 2) & 0x33333333u);
    return (a + (a >> 4)) & 0x0f0f0f0fu;
}
static inline uint32_t popcnt16(uint32_t a) {
    a = popcnt8(a);
    return (a + (a >> 8)) & 0x001f001fu;
}
static inline uint32_t popcnt32(uint32_t a) { return (popcnt8(a) * 0x01010101u) >> 24; }
static inline uint32_t clz8(uint32_t a) {
    const uint32_t b = 0;
    LANES(8, x ? __builtin_clz(x) - 24 : 8);
}
static inline uint32_t clz16(uint32_t a) {
    const uint32_t b = 0;
    LANES(16, x ? __builtin_clz(x) - 16 : 16);
}
static inline uint32_t ctz8(uint32_t a) {
    const uint32_t b = 0;
    LANES(8, x ? __builtin_ctz(x) : 8);
}
static inline uint32_t ctz16(uint32_t a) {
    const uint32_t b = 0;
    LANES(16, x ? __builtin_ctz(x) : 16);
}
static inline uint32_t bswap16(uint32_t a) { return ((a & 0x00ff00ffu) << 8) | ((a >> 8) & 0x00ff00ffu); }

/* 2_1 */
static inline uint32_t add8(uint32_t a, uint32_t b) { LANES(8, x + y); }
static inline uint32_t add16(uint32_t a, uint32_t b) { LANES(16, x + y); }
static inline uint32_t sub8(uint32_t a, uint32_t b) { LANES(8, x - y); }
static inline uint32_t sub16(uint32_t a, uint32_t b) { LANES(16, x - y); }
static inline uint32_t shll8(uint32_t a, uint32_t b) { LANES(8, x << (y & 7)); }
static inline uint32_t shll16(uint32_t a, uint32_t b) { LANES(16, x << (y & 15)); }
static inline uint32_t shrl8(uint32_t a, uint32_t b) { LANES(8, x >> (y & 7)); }
static inline uint32_t shrl16(uint32_t a, uint32_t b) { LANES(16, x >> (y & 15)); }
static inline uint32_t shra8(uint32_t a, uint32_t b) { LANES(8, (int32_t)(int8_t)x >> (y & 7)); }
static inline uint32_t shra16(uint32_t a, uint32_t b) { LANES(16, (int32_t)(int16_t)x >> (y & 15)); }
static inline uint32_t rotl8(uint32_t a, uint32_t b) { LANES(8, (x << (y & 7)) | (x >> ((8 - y) & 7))); }
static inline uint32_t rotl16(uint32_t a, uint32_t b) {
    LANES(16, (x << (y & 15)) | (x >> ((16 - y) & 15)));
}
static inline uint32_t rotl32(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> ((32 - b) & 31)); }
static inline uint32_t mul8(uint32_t a, uint32_t b) { LANES(8, x * y); }
static inline uint32_t mul16(uint32_t a, uint32_t b) { LANES(16, x * y); }

/* 2_2: widening, lane results packed low to high */
static inline uint64_t add8c(uint32_t a, uint32_t b) { WIDE(8, x + y); }
static inline uint64_t add16c(uint32_t a, uint32_t b) { WIDE(16, x + y); }
static inline uint64_t sub8c(uint32_t a, uint32_t b) { WIDE(8, x - y); }
static inline uint64_t sub16c(uint32_t a, uint32_t b) { WIDE(16, x - y); }
static inline uint64_t mul8c(uint32_t a, uint32_t b) { WIDE(8, (int32_t)(int8_t)x * (int32_t)(int8_t)y); }
static inline uint64_t mul16c(uint32_t a, uint32_t b) {
    WIDE(16, (int32_t)(int16_t)x * (int32_t)(int16_t)y);
}
static inline uint64_t mulsu8c(uint32_t a, uint32_t b) { WIDE(8, (int32_t)(int8_t)x * (int32_t)y); }
static inline uint64_t mulsu16c(uint32_t a, uint32_t b) { WIDE(16, (int64_t)(int16_t)x * (int64_t)y); }
static inline uint64_t mulu8c(uint32_t a, uint32_t b) { WIDE(8, x * y); }
static inline uint64_t mulu16c(uint32_t a, uint32_t b) { WIDE(16, x * y); }

/* 4_2 */
static inline uint64_t rotl64(uint64_t a, uint64_t b) { return (a << (b & 63)) | (a >> ((64 - b) & 63)); }
static inline uint64_t rotr64(uint64_t a, uint64_t b) { return (a << ((64 - b) & 63)) | (a >> (b & 63)); }

/* 4_4 */
static inline u128 add64c(uint64_t a, uint64_t b) {
    uint64_t lo = a + b;
    return ((u128)(lo < b) << 64) | lo;
}
static inline u128 sub64c(uint64_t a, uint64_t b) {
    uint64_t lo = a - b;
    uint64_t hi = a < b ? ~(uint64_t)0 : 0;
    return ((u128)hi << 64) | lo;
}
static inline u128 mul64c(uint64_t a, uint64_t b) { return (u128)((i128)(int64_t)a * (i128)(int64_t)b); }
static inline u128 mulsu64c(uint64_t a, uint64_t b) { return (u128)((i128)(int64_t)a * (i128)b); }
static inline u128 mulu64c(uint64_t a, uint64_t b) { return (u128)a * (u128)b; }

#endif
