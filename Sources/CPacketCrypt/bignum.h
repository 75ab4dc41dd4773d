/* Small unsigned big integers for difficulty arithmetic (never on a hot
 * path): wide enough for any compact target and for work cubed. */
#ifndef PC_BIGNUM_H
#define PC_BIGNUM_H

#include <stdint.h>

enum { BN_WORDS = 72 }; /* 2304 bits */

typedef struct { uint32_t w[BN_WORDS]; } bn;

void bn_zero(bn *a);
void bn_set_u64(bn *a, uint64_t v);
/* a = 2^bit */
void bn_set_pow2(bn *a, unsigned bit);
int bn_is_zero(const bn *a);
int bn_cmp(const bn *a, const bn *b);
unsigned bn_bitlen(const bn *a);
void bn_add(bn *r, const bn *a, const bn *b);
/* r = a - b; requires a >= b */
void bn_sub(bn *r, const bn *a, const bn *b);
void bn_shl(bn *r, const bn *a, unsigned bits);
void bn_shr(bn *r, const bn *a, unsigned bits);
/* r = a * b, truncated to BN_WORDS */
void bn_mul(bn *r, const bn *a, const bn *b);
/* q = floor(a / d); d must not be zero */
void bn_div(bn *q, const bn *a, const bn *d);
/* Little-endian byte import/export of the low `len` bytes. */
void bn_from_le(bn *a, const uint8_t *bytes, unsigned len);
void bn_to_le(uint8_t *bytes, unsigned len, const bn *a);

#endif
