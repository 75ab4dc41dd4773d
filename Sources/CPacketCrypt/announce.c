/* The pieces of a version-1 announcement shared by the miner and the
 * validator: its derived hashes, the item programs and the table items. */
#include "internal.h"

enum { ITEM_WINDOW_STARTS = 2048 - PC_RANDHASH_MEMORY_WORDS };

static void header_without_soft_nonce(uint8_t out[PC_ANN_HEADER_SIZE], const uint8_t header[PC_ANN_HEADER_SIZE]) {
    memcpy(out, header, PC_ANN_HEADER_SIZE);
    memset(out + 1, 0, 3);
}

void pc_ann_hash0(uint8_t out[64], const uint8_t header[PC_ANN_HEADER_SIZE], const uint8_t parent_hash[32]) {
    uint8_t buf[PC_ANN_HEADER_SIZE + 64] = {0};
    header_without_soft_nonce(buf, header);
    memcpy(buf + PC_ANN_HEADER_SIZE, parent_hash, 32);
    pc_blake2b_512(out, buf, sizeof buf);
}

void pc_ann_hash1(uint8_t out[64], const uint8_t header[PC_ANN_HEADER_SIZE], const uint8_t merkle_root[64]) {
    uint8_t buf[PC_ANN_HEADER_SIZE + 64];
    header_without_soft_nonce(buf, header);
    memcpy(buf + PC_ANN_HEADER_SIZE, merkle_root, 64);
    pc_blake2b_512(out, buf, sizeof buf);
}

void pc_ann_table2_seed(uint8_t out[64], const uint8_t merkle_root[64], const uint8_t hash0[64]) {
    uint8_t buf[128];
    memcpy(buf, merkle_root, 64);
    memcpy(buf + 64, hash0, 64);
    pc_blake2b_512(out, buf, sizeof buf);
}

int pc_item_program_make(pc_item_program *p, const uint8_t seed[32]) {
    pc_hash_expand((uint8_t *)p->memory, sizeof p->memory, seed, 0);
    p->len = pc_randgen(p->prog, seed);
    if (p->len < 0) return p->len;
    memcpy(p->memory, p->prog, (size_t)p->len * 4);
    if (pc_rh_decode(&p->decoded, p->prog, p->len) != 0) p->decoded.len = 0;
    return 0;
}

int pc_item_make(uint8_t item[PC_ANN_SIZE], uint32_t index, const uint8_t seed[32], const pc_item_program *p) {
    pc_cc_state s;
    pc_cc_init(&s, seed, index);
    const uint32_t *window = p->memory + index % ITEM_WINDOW_STARTS;
    int rc = p->decoded.len > 0 ? pc_rh_run(&p->decoded, s.bytes, window, 2)
                                : pc_randhash_reference(p->prog, p->len, s.bytes, window, 2);
    if (rc != 0) return rc;
    pc_cc_make_fuzzable(&s);
    pc_cc_crypt(&s);
    memcpy(item, s.bytes, PC_ANN_SIZE);
    return 0;
}

int pc_items_make(uint8_t (*item)[PC_ANN_SIZE], uint32_t first_index, const uint8_t seed[32],
                  const pc_item_program *p) {
    static _Thread_local pc_cc_state s[PC_RH_BATCH];
    uint8_t *state[PC_RH_BATCH];
    const uint32_t *window[PC_RH_BATCH];
    for (int l = 0; l < PC_RH_BATCH; l++) {
        uint32_t index = first_index + (uint32_t)l;
        pc_cc_init(&s[l], seed, index);
        state[l] = s[l].bytes;
        window[l] = p->memory + index % ITEM_WINDOW_STARTS;
    }
    if (p->decoded.len > 0 && pc_rh_run_batch(&p->decoded, state, window, 2) == 0) {
        for (int l = 0; l < PC_RH_BATCH; l++) {
            pc_cc_make_fuzzable(&s[l]);
            pc_cc_crypt(&s[l]);
            memcpy(item[l], s[l].bytes, PC_ANN_SIZE);
        }
        return 0;
    }
    for (int l = 0; l < PC_RH_BATCH; l++) {
        int rc = pc_item_make(item[l], first_index + (uint32_t)l, seed, p);
        if (rc != 0) return rc;
    }
    return 0;
}

void pc_ann_crypt_regions(uint8_t ann[PC_ANN_SIZE], const pc_cc_state *s) {
    for (int i = 0; i < 832; i++) ann[88 + i] ^= s->bytes[i];
    for (int i = 0; i < 40; i++) ann[984 + i] ^= s->bytes[832 + i];
}

const char *pc_ann_result_name(int result) {
    switch (result) {
    case PC_ANN_OK: return "OK";
    case PC_ANN_INVAL: return "INVAL";
    case PC_ANN_INVAL_ITEM4: return "INVAL_ITEM4";
    case PC_ANN_INSUF_POW: return "INSUF_POW";
    case PC_ANN_SOFT_NONCE_HIGH: return "SOFT_NONCE_HIGH";
    case PC_ANN_INVAL_MERKLE: return "INVAL_MERKLE";
    case PC_ANN_BAD_PROGRAM: return "BAD_PROGRAM";
    case PC_ANN_BAD_PROGRAM_EXEC: return "BAD_PROGRAM_EXEC";
    case PC_ANN_BAD_PROGRAM0: return "BAD_PROGRAM0";
    case PC_ANN_BAD_PROGRAM0_EXEC: return "BAD_PROGRAM0_EXEC";
    case PC_ANN_VERSION_NOT_ALLOWED: return "ANN_VERSION_NOT_ALLOWED";
    case PC_ANN_VERSION_MISMATCH: return "ANN_VERSION_MISMATCH";
    default: return "UNKNOWN";
    }
}
