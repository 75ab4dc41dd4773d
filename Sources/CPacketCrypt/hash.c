/* Hash primitives over libsodium. */
#include <sodium.h>

#include "internal.h"
#include "simd.h"

int pc_init(void) {
    if (sodium_init() < 0) return -1;
    pc_simd_init_once();
    return 0;
}

void pc_hash_expand_from(uint8_t *out, size_t len, const uint8_t seed[32], uint32_t counter, uint32_t first_block) {
    uint8_t nonce[12];
    pc_put_le32(nonce, counter);
    memcpy(nonce + 4, "PC_EXPND", 8);
    pc_chacha20_stream(out, len, first_block, nonce, seed);
}

void pc_hash_expand(uint8_t *out, size_t len, const uint8_t seed[32], uint32_t counter) {
    pc_hash_expand_from(out, len, seed, counter, 0);
}

void pc_hash_expand_blocks(uint8_t *out, size_t n, const uint8_t seed[32], uint32_t first_counter) {
    uint8_t nonce[12];
    pc_put_le32(nonce, first_counter);
    memcpy(nonce + 4, "PC_EXPND", 8);
    pc_chacha20_block0_nonces(out, n, nonce, seed);
}

void pc_blake2b_256(uint8_t out[32], const void *in, size_t len) {
    crypto_generichash_blake2b(out, 32, in, len, NULL, 0);
}

void pc_blake2b_512(uint8_t out[64], const void *in, size_t len) {
    crypto_generichash_blake2b(out, 64, in, len, NULL, 0);
}

void pc_sha256(uint8_t out[32], const void *in, size_t len) { crypto_hash_sha256(out, in, len); }

void pc_sha256d(uint8_t out[32], const void *in, size_t len) {
    uint8_t first[32];
    crypto_hash_sha256(first, in, len);
    crypto_hash_sha256(out, first, 32);
}

void pc_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32]) {
    /* An all-zero product is reported as an error but is still the result. */
    int all_zero = crypto_scalarmult_curve25519(out, scalar, u);
    (void)all_zero;
}

void pc_scalar_reduce(uint8_t out[32], const uint8_t wide[64]) {
    uint8_t w[64];
    memcpy(w, wide, 64);
    crypto_core_ed25519_scalar_reduce(out, w);
}
