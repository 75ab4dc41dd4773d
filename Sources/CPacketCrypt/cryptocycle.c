/* CryptoCycle: a ChaCha20-Poly1305 pass over a 2048-byte state whose control
 * word, key and nonce live inside the state itself. */
#include <sodium.h>

#include "internal.h"
#include "simd.h"

enum {
    D_AZC_SHIFT = 0,
    D_TZC_SHIFT = 8,
    D_DECRYPT_BIT = 1u << 12,
    D_ADDLEN_SHIFT = 13,
    D_TRUNCATED_BIT = 1u << 16,
    D_LEN_SHIFT = 17,
    D_FAILED_BIT = 1u << 24,
    D_VERSION_SHIFT = 25,
};

void pc_cc_make_fuzzable(pc_cc_state *s) {
    uint32_t d = pc_le32(s->bytes + 16);
    d &= ~((0x7fu << D_VERSION_SHIFT) | D_FAILED_BIT);
    d |= 32u << D_LEN_SHIFT;
    pc_put_le32(s->bytes + 12, d);
}

void pc_cc_init(pc_cc_state *s, const uint8_t seed[32], uint64_t nonce) {
    pc_hash_expand(s->bytes, sizeof s->bytes, seed, 0);
    pc_put_le64(s->bytes, nonce);
    pc_cc_make_fuzzable(s);
}

void pc_cc_init_for_update(pc_cc_state *s, const uint8_t seed[32], uint64_t nonce) {
    pc_hash_expand_from(s->bytes, 64, seed, 0, 0);
    pc_hash_expand_from(s->bytes + 1024, 1024, seed, 0, 16);
    pc_put_le64(s->bytes, nonce);
    pc_cc_make_fuzzable(s);
}

void pc_cc_init_from_template(pc_cc_state *s, const pc_cc_state *tmpl, uint64_t nonce) {
    memcpy(s->bytes, tmpl->bytes, 32);
    memcpy(s->bytes + 32 + PC_ANN_SIZE, tmpl->bytes + 32 + PC_ANN_SIZE, PC_CC_STATE_SIZE - 32 - PC_ANN_SIZE);
    pc_put_le64(s->bytes, nonce);
}

void pc_cc_final_many(pc_cc_state *const *s, size_t n) {
    uint8_t *io[16];
    for (size_t i = 0; i < n; i += 16) {
        size_t k = n - i < 16 ? n - i : 16;
        for (size_t j = 0; j < k; j++) io[j] = s[i + j]->bytes;
        pc_blake2b_many(io, 32, (const uint8_t *const *)io, PC_CC_STATE_SIZE, k);
    }
}

/* `skip_below`: in decrypt mode, message bytes before this state offset are
 * left encrypted because the caller overwrites them next (0 decrypts all). */
static int crypt(pc_cc_state *s, size_t skip_below) {
    uint8_t *b = s->bytes;
    uint32_t d = pc_le32(b + 12);
    if ((d >> D_VERSION_SHIFT) != 0 || (d & D_FAILED_BIT)) {
        pc_put_le32(b + 12, d | D_FAILED_BIT);
        return -1;
    }
    uint32_t add_len = (d >> D_ADDLEN_SHIFT) & 7;
    uint32_t len = (d >> D_LEN_SHIFT) & 0x7f;
    uint32_t max = 125 - add_len;
    uint32_t final_len = len > max ? max : len;
    d &= ~((0x7fu << D_LEN_SHIFT) | D_TRUNCATED_BIT);
    d |= final_len << D_LEN_SHIFT;
    if (final_len != len) d |= D_TRUNCATED_BIT;
    pc_put_le32(b + 12, d);

    uint64_t azc = (d >> D_AZC_SHIFT) & 15;
    uint64_t tzc = (d >> D_TZC_SHIFT) & 15;
    size_t aad_bytes = 16 * add_len;
    size_t msg_bytes = 16 * final_len;
    uint8_t *msg = b + 48 + aad_bytes;

    /* The key (16..48) and nonce (0..12) are read before the tag replaces 16..32. */
    uint8_t key[32], nonce[12], key_block[64];
    memcpy(key, b + 16, 32);
    memcpy(nonce, b, 12);
    uint8_t lengths[16];
    pc_put_le64(lengths, (uint64_t)aad_bytes - azc);
    pc_put_le64(lengths + 8, (uint64_t)msg_bytes - tzc);
    if (d & D_DECRYPT_BIT) {
        size_t from = 0;
        if (skip_below > (size_t)(msg - b)) from = (skip_below - (size_t)(msg - b)) / 64 * 64;
        if (from > msg_bytes) from = msg_bytes;
        /* The keystream is computed before the tag is taken over the ciphertext. */
        uint8_t tail[2048];
        memcpy(tail, msg + from, msg_bytes - from);
        pc_chacha20_xor(key_block, tail, msg_bytes - from, (uint32_t)(1 + from / 64), nonce, key);
        pc_poly1305_blocks_then(b + 16, key_block, b + 48, add_len + final_len, lengths);
        memcpy(msg + from, tail, msg_bytes - from);
    } else {
        pc_chacha20_xor(key_block, msg, msg_bytes, 1, nonce, key);
        size_t zero = tzc < msg_bytes ? tzc : msg_bytes;
        memset(msg + msg_bytes - zero, 0, zero);
        pc_poly1305_blocks_then(b + 16, key_block, b + 48, add_len + final_len, lengths);
    }
    return 0;
}

int pc_cc_crypt(pc_cc_state *s) { return crypt(s, 0); }

void pc_cc_update(pc_cc_state *s, const uint8_t item[PC_ANN_SIZE]) {
    memcpy(s->bytes + 32, item, PC_ANN_SIZE);
    pc_cc_make_fuzzable(s);
    crypt(s, 0);
}

void pc_cc_update_before_update(pc_cc_state *s, const uint8_t item[PC_ANN_SIZE]) {
    memcpy(s->bytes + 32, item, PC_ANN_SIZE);
    pc_cc_make_fuzzable(s);
    crypt(s, 32 + PC_ANN_SIZE);
}

void pc_cc_smul(pc_cc_state *s) {
    uint8_t pub[32];
    crypto_scalarmult_curve25519_base(pub, s->bytes + 32);
    pc_x25519(s->bytes + 64, s->bytes, pub);
}

void pc_cc_smul_fast(pc_cc_state *s) { pc_x25519_base_twice(s->bytes + 64, s->bytes, s->bytes + 32); }

void pc_cc_final(pc_cc_state *s) { pc_blake2b_256(s->bytes, s->bytes, sizeof s->bytes); }

uint64_t pc_cc_item_no(const pc_cc_state *s) { return pc_le64(s->bytes + 16); }
