/* The SIMD code path in force, and the multi-buffer primitives behind it. */
#ifndef PC_SIMD_H
#define PC_SIMD_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "packetcrypt.h"

extern _Atomic int pc_simd_level_current;
static inline int pc_simd_level(void) {
    return atomic_load_explicit(&pc_simd_level_current, memory_order_relaxed);
}

/* Picks the path on the first call (pc_init calls it). */
void pc_simd_init_once(void);

/* ChaCha20 (IETF) under `key` and `nonce`: XORs the keystream from block
 * `first_counter` on into msg[0..len), and when `key_block` is not NULL
 * writes keystream block 0 there (64 bytes; CryptoCycle's Poly1305 key). */
void pc_chacha20_xor(uint8_t key_block[64], uint8_t *msg, size_t len, uint32_t first_counter,
                     const uint8_t nonce[12], const uint8_t key[32]);
/* The keystream itself from block `first_counter` on. */
void pc_chacha20_stream(uint8_t *out, size_t len, uint32_t first_counter, const uint8_t nonce[12],
                        const uint8_t key[32]);

/* Keystream block 0 under n nonces: nonce i is `nonce` with its first
 * word (LE) plus i. Writes n * 64 bytes. */
void pc_chacha20_block0_nonces(uint8_t *out, size_t n, const uint8_t nonce[12], const uint8_t key[32]);

/* Poly1305 tag of `blocks` full 16-byte blocks followed by one more block
 * `last` (CryptoCycle's messages are whole blocks plus the length block). */
void pc_poly1305_blocks_then(uint8_t tag[16], const uint8_t key[32], const uint8_t *m, size_t blocks,
                             const uint8_t last[16]);


#endif
