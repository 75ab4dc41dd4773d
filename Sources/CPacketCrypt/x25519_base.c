/* X25519 with the base point, as CryptoCycle's Smul step needs it once per
 * block-mining hash: a fixed-base comb over Edwards25519 (precomputed
 * multiples of the base point, 64 mixed additions and no doublings), then
 * the Montgomery u-coordinate (Z+Y)/(Z-Y). The scalar is public (it comes
 * from the proof-of-work state), so table lookups need not be constant time.
 * Field elements are 5 limbs of 51 bits. */
#include <pthread.h>

#include "internal.h"

typedef struct { uint64_t v[5]; } fe;
typedef unsigned __int128 u128;

static const uint64_t MASK51 = (1ull << 51) - 1;

static void fe_frombytes(fe *h, const uint8_t s[32]) {
    uint64_t w[4];
    for (int i = 0; i < 4; i++) w[i] = pc_le64(s + 8 * i);
    h->v[0] = w[0] & MASK51;
    h->v[1] = (w[0] >> 51 | w[1] << 13) & MASK51;
    h->v[2] = (w[1] >> 38 | w[2] << 26) & MASK51;
    h->v[3] = (w[2] >> 25 | w[3] << 39) & MASK51;
    h->v[4] = (w[3] >> 12) & MASK51;
}

static void fe_carry(fe *h) {
    uint64_t c;
    for (int i = 0; i < 4; i++) {
        c = h->v[i] >> 51;
        h->v[i] &= MASK51;
        h->v[i + 1] += c;
    }
    c = h->v[4] >> 51;
    h->v[4] &= MASK51;
    h->v[0] += c * 19;
    c = h->v[0] >> 51;
    h->v[0] &= MASK51;
    h->v[1] += c;
}

static void fe_tobytes(uint8_t s[32], const fe *f) {
    fe h = *f;
    fe_carry(&h);
    fe_carry(&h);
    /* h < 2^255 + small: subtract p when h >= p. */
    uint64_t q = (h.v[0] + 19) >> 51;
    for (int i = 1; i < 5; i++) q = (h.v[i] + q) >> 51;
    h.v[0] += 19 * q;
    for (int i = 0; i < 4; i++) {
        h.v[i + 1] += h.v[i] >> 51;
        h.v[i] &= MASK51;
    }
    h.v[4] &= MASK51;
    uint64_t w0 = h.v[0] | h.v[1] << 51, w1 = h.v[1] >> 13 | h.v[2] << 38;
    uint64_t w2 = h.v[2] >> 26 | h.v[3] << 25, w3 = h.v[3] >> 39 | h.v[4] << 12;
    pc_put_le64(s, w0);
    pc_put_le64(s + 8, w1);
    pc_put_le64(s + 16, w2);
    pc_put_le64(s + 24, w3);
}

static void fe_add(fe *h, const fe *f, const fe *g) {
    for (int i = 0; i < 5; i++) h->v[i] = f->v[i] + g->v[i];
    fe_carry(h);
}

/* f - g, adding 2p first so no limb goes negative (limbs are below 2^52). */
static void fe_sub(fe *h, const fe *f, const fe *g) {
    h->v[0] = f->v[0] + 0xfffffffffffdaull - g->v[0];
    for (int i = 1; i < 5; i++) h->v[i] = f->v[i] + 0xffffffffffffeull - g->v[i];
    fe_carry(h);
}

static void fe_mul(fe *h, const fe *f, const fe *g) {
    const uint64_t *a = f->v, *b = g->v;
    uint64_t b1 = 19 * b[1], b2 = 19 * b[2], b3 = 19 * b[3], b4 = 19 * b[4];
    u128 t0 = (u128)a[0] * b[0] + (u128)a[1] * b4 + (u128)a[2] * b3 + (u128)a[3] * b2 + (u128)a[4] * b1;
    u128 t1 = (u128)a[0] * b[1] + (u128)a[1] * b[0] + (u128)a[2] * b4 + (u128)a[3] * b3 + (u128)a[4] * b2;
    u128 t2 = (u128)a[0] * b[2] + (u128)a[1] * b[1] + (u128)a[2] * b[0] + (u128)a[3] * b4 + (u128)a[4] * b3;
    u128 t3 = (u128)a[0] * b[3] + (u128)a[1] * b[2] + (u128)a[2] * b[1] + (u128)a[3] * b[0] + (u128)a[4] * b4;
    u128 t4 = (u128)a[0] * b[4] + (u128)a[1] * b[3] + (u128)a[2] * b[2] + (u128)a[3] * b[1] + (u128)a[4] * b[0];
    t1 += (uint64_t)(t0 >> 51);
    t2 += (uint64_t)(t1 >> 51);
    t3 += (uint64_t)(t2 >> 51);
    t4 += (uint64_t)(t3 >> 51);
    uint64_t c = (uint64_t)(t4 >> 51);
    h->v[0] = ((uint64_t)t0 & MASK51) + c * 19;
    h->v[1] = (uint64_t)t1 & MASK51;
    h->v[2] = (uint64_t)t2 & MASK51;
    h->v[3] = (uint64_t)t3 & MASK51;
    h->v[4] = (uint64_t)t4 & MASK51;
    h->v[1] += h->v[0] >> 51;
    h->v[0] &= MASK51;
}

static void fe_sqn(fe *h, const fe *f, int n) {
    *h = *f;
    for (int i = 0; i < n; i++) fe_mul(h, h, h);
}

/* z^(p-2) */
static void fe_invert(fe *out, const fe *z) {
    fe z2, z9, z11, a, b, c, t;
    fe_mul(&z2, z, z);
    fe_sqn(&t, &z2, 2);
    fe_mul(&z9, &t, z);
    fe_mul(&z11, &z9, &z2);
    fe_mul(&t, &z11, &z11);
    fe_mul(&a, &t, &z9);            /* 2^5 - 1 */
    fe_sqn(&t, &a, 5);
    fe_mul(&b, &t, &a);             /* 2^10 - 1 */
    fe_sqn(&t, &b, 10);
    fe_mul(&c, &t, &b);             /* 2^20 - 1 */
    fe_sqn(&t, &c, 20);
    fe_mul(&t, &t, &c);             /* 2^40 - 1 */
    fe_sqn(&t, &t, 10);
    fe_mul(&a, &t, &b);             /* 2^50 - 1 */
    fe_sqn(&t, &a, 50);
    fe_mul(&b, &t, &a);             /* 2^100 - 1 */
    fe_sqn(&t, &b, 100);
    fe_mul(&t, &t, &b);             /* 2^200 - 1 */
    fe_sqn(&t, &t, 50);
    fe_mul(&t, &t, &a);             /* 2^250 - 1 */
    fe_sqn(&t, &t, 5);
    fe_mul(out, &t, &z11);          /* 2^255 - 21 */
}

/* Extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z. */
typedef struct { fe X, Y, Z, T; } point;
/* An affine point as the mixed addition uses it: y+x, y-x, 2dxy. */
typedef struct { fe ypx, ymx, xy2d; } niels;

static fe D2; /* 2d */

/* Mixed addition, a = -1 (complete for Edwards25519). */
static void add_niels(point *r, const point *p, const niels *q) {
    fe a, b, c, d, e, f, g, h;
    fe_sub(&a, &p->Y, &p->X);
    fe_mul(&a, &a, &q->ymx);
    fe_add(&b, &p->Y, &p->X);
    fe_mul(&b, &b, &q->ypx);
    fe_mul(&c, &p->T, &q->xy2d);
    fe_add(&d, &p->Z, &p->Z);
    fe_sub(&e, &b, &a);
    fe_sub(&f, &d, &c);
    fe_add(&g, &d, &c);
    fe_add(&h, &b, &a);
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->T, &e, &h);
    fe_mul(&r->Z, &f, &g);
}

static void add_points(point *r, const point *p, const point *q) {
    fe a, b, c, d, e, f, g, h, t;
    fe_sub(&a, &p->Y, &p->X);
    fe_sub(&t, &q->Y, &q->X);
    fe_mul(&a, &a, &t);
    fe_add(&b, &p->Y, &p->X);
    fe_add(&t, &q->Y, &q->X);
    fe_mul(&b, &b, &t);
    fe_mul(&c, &p->T, &q->T);
    fe_mul(&c, &c, &D2);
    fe_mul(&d, &p->Z, &q->Z);
    fe_add(&d, &d, &d);
    fe_sub(&e, &b, &a);
    fe_sub(&f, &d, &c);
    fe_add(&g, &d, &c);
    fe_add(&h, &b, &a);
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->T, &e, &h);
    fe_mul(&r->Z, &f, &g);
}

static void to_niels(niels *n, const point *p) {
    fe zi, x, y;
    fe_invert(&zi, &p->Z);
    fe_mul(&x, &p->X, &zi);
    fe_mul(&y, &p->Y, &zi);
    fe_add(&n->ypx, &y, &x);
    fe_sub(&n->ymx, &y, &x);
    fe_mul(&n->xy2d, &x, &y);
    fe_mul(&n->xy2d, &n->xy2d, &D2);
}

/* table[i][j] = (j + 1) * 16^i * B */
static niels table[64][15];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void build_table(void) {
    static const uint8_t bx[32] = {0x1a, 0xd5, 0x25, 0x8f, 0x60, 0x2d, 0x56, 0xc9, 0xb2, 0xa7, 0x25,
                                   0x95, 0x60, 0xc7, 0x2c, 0x69, 0x5c, 0xdc, 0xd6, 0xfd, 0x31, 0xe2,
                                   0xa4, 0xc0, 0xfe, 0x53, 0x6e, 0xcd, 0xd3, 0x36, 0x69, 0x21};
    static const uint8_t d[32] = {0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41,
                                  0x41, 0x4d, 0x0a, 0x70, 0x00, 0x98, 0xe8, 0x79, 0x77, 0x79, 0x40,
                                  0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52};
    uint8_t by[32];
    memset(by, 0x66, 32);
    by[0] = 0x58;
    fe dd;
    fe_frombytes(&dd, d);
    fe_add(&D2, &dd, &dd);
    point base;
    fe_frombytes(&base.X, bx);
    fe_frombytes(&base.Y, by);
    memset(&base.Z, 0, sizeof base.Z);
    base.Z.v[0] = 1;
    fe_mul(&base.T, &base.X, &base.Y);
    for (int i = 0; i < 64; i++) {
        point multiple = base;
        to_niels(&table[i][0], &multiple);
        for (int j = 1; j < 15; j++) {
            add_points(&multiple, &multiple, &base);
            to_niels(&table[i][j], &multiple);
        }
        point next = multiple;
        add_points(&next, &next, &base); /* 16 * base */
        base = next;
    }
}

/* u((s mod l) * B) for any 256-bit s: the comb adds 16^i * digit_i * B. */
static void comb(uint8_t out[32], const uint8_t s[32]) {
    pthread_once(&table_once, build_table);
    point q;
    memset(&q, 0, sizeof q);
    q.Y.v[0] = 1;
    q.Z.v[0] = 1;
    for (int i = 0; i < 64; i++) {
        int digit = (s[i >> 1] >> (4 * (i & 1))) & 15;
        if (digit) add_niels(&q, &q, &table[i][digit - 1]);
    }
    fe num, den, inv;
    fe_add(&num, &q.Z, &q.Y);
    fe_sub(&den, &q.Z, &q.Y);
    fe_invert(&inv, &den);
    fe_mul(&num, &num, &inv);
    fe_tobytes(out, &num);
}

static void clamp(uint8_t s[32], const uint8_t scalar[32]) {
    memcpy(s, scalar, 32);
    s[0] &= 248;
    s[31] &= 127;
    s[31] |= 64;
}

void pc_x25519_base(uint8_t out[32], const uint8_t scalar[32]) {
    uint8_t s[32];
    clamp(s, scalar);
    comb(out, s);
}

/* X25519(a, X25519(b, 9)) is u(clamp(a) * clamp(b) * B): both multiply the
 * base point B, whose order l is prime, so the product of the clamped
 * scalars reduced mod l needs one fixed-base comb and no ladder. Neither
 * clamped scalar is a multiple of l (each is 8 times a number below
 * 2^252 < l), so the point is never the identity. */
void pc_x25519_base_twice(uint8_t out[32], const uint8_t a[32], const uint8_t b[32]) {
    uint8_t ca[32], cb[32], wide[64], k[32];
    clamp(ca, a);
    clamp(cb, b);
    uint64_t x[4], y[4], z[8] = {0};
    for (int i = 0; i < 4; i++) x[i] = pc_le64(ca + 8 * i), y[i] = pc_le64(cb + 8 * i);
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            u128 t = (u128)x[i] * y[j] + z[i + j] + carry;
            z[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        z[i + 4] = carry;
    }
    for (int i = 0; i < 8; i++) pc_put_le64(wide + 8 * i, z[i]);
    pc_scalar_reduce(k, wide);
    comb(out, k);
}
