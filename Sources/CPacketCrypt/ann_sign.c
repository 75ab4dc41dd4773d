/* Ed25519 keys and signatures for signed announcements. */
#include <sodium.h>

#include "internal.h"

void pc_ann_keypair(uint8_t public_key[32], uint8_t secret_key[64], const uint8_t seed[32]) {
    crypto_sign_seed_keypair(public_key, secret_key, seed);
}

void pc_ann_sign(uint8_t signature[64], const uint8_t ann[PC_ANN_SIZE], const uint8_t secret_key[64]) {
    crypto_sign_detached(signature, NULL, ann, PC_ANN_SIZE, secret_key);
}
