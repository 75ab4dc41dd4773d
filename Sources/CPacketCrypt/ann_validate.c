/* Announcement validation in pktd's order (CheckAnn for PcP version 2). */
#include <stdlib.h>

#include "ann_merkle.h"
#include "internal.h"

/* A program kept with the seed it was made from: announcements that share a
 * hard nonce (and job) share both programs, so consecutive ones reuse them. */
typedef struct {
    pc_item_program program;
    uint8_t seed[32];
    int made; /* 0: empty; 1: made, with result rc */
    int rc;
} cached_program;

struct pc_ann_validator {
    cached_program table2; /* the program of table 2 (seed2) */
    cached_program table1; /* the program of table 1 (hash0) */
    pc_cc_state state;
    uint8_t item[PC_ANN_SIZE];
};

static const pc_item_program *program_for(cached_program *c, const uint8_t seed[32], int *rc) {
    if (!c->made || memcmp(c->seed, seed, 32) != 0) {
        c->rc = pc_item_program_make(&c->program, seed);
        memcpy(c->seed, seed, 32);
        c->made = 1;
    }
    *rc = c->rc;
    return &c->program;
}

pc_ann_validator *pc_ann_validator_new(void) {
    pc_ann_validator *v = aligned_alloc(64, (sizeof(pc_ann_validator) + 63) / 64 * 64);
    if (v) memset(v, 0, sizeof *v);
    return v;
}

void pc_ann_validator_free(pc_ann_validator *v) { free(v); }

static int is_zero(const uint8_t *p, size_t len) {
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++) acc |= p[i];
    return acc == 0;
}

pc_ann_result pc_ann_validate(pc_ann_validator *v, const uint8_t ann[PC_ANN_SIZE], const uint8_t parent_hash[32],
                              uint32_t min_v1_parent_height, uint8_t work_hash[32]) {
    uint8_t hash0[64], hash1[64], seed2[64], leaf[64], plain[PC_ANN_SIZE];
    const uint8_t *root = ann + 920;
    if (work_hash) memset(work_hash, 0, 32);

    uint8_t version = ann[0];
    uint32_t work_bits = pc_le32(ann + 8);
    if (version > 0 && pc_le32(ann + 12) < min_v1_parent_height) return PC_ANN_VERSION_NOT_ALLOWED;
    if (version == 0) return PC_ANN_VERSION_MISMATCH;

    pc_ann_hash0(hash0, ann, parent_hash);
    pc_ann_hash1(hash1, ann, root);
    uint32_t soft_nonce = ann[1] | (uint32_t)ann[2] << 8 | (uint32_t)ann[3] << 16;
    if (soft_nonce > pc_ann_soft_nonce_max(work_bits)) return PC_ANN_SOFT_NONCE_HIGH;

    pc_ann_table2_seed(seed2, root, hash0);
    int rc;
    const pc_item_program *program = program_for(&v->table2, seed2, &rc);
    if (rc != 0) return PC_ANN_BAD_PROGRAM;
    pc_cc_init_for_update(&v->state, hash1, soft_nonce);
    uint32_t item_no = 0;
    for (int round = 0; round < 4; round++) {
        item_no = (uint32_t)(pc_cc_item_no(&v->state) % PC_ANN_TABLE_ITEMS);
        if (pc_item_make(v->item, item_no, seed2 + 32, program) != 0) return PC_ANN_BAD_PROGRAM_EXEC;
        if (round < 3) pc_cc_update_before_update(&v->state, v->item);
        else pc_cc_update(&v->state, v->item);
    }
    pc_cc_final(&v->state);
    if (work_hash) memcpy(work_hash, v->state.bytes, 32);

    memcpy(plain, ann, PC_ANN_SIZE);
    pc_ann_crypt_regions(plain, &v->state);
    if (!is_zero(plain + 984, 40)) return PC_ANN_INVAL_ITEM4;
    program = program_for(&v->table1, hash0, &rc);
    if (rc != 0) return PC_ANN_BAD_PROGRAM0;
    if (pc_item_make(v->item, item_no, hash0 + 32, program) != 0) return PC_ANN_BAD_PROGRAM0_EXEC;
    pc_blake2b_512(leaf, v->item, sizeof v->item);
    if (!pc_ann_merkle_verify(leaf, item_no, plain + 88, root)) return PC_ANN_INVAL_MERKLE;

    pc_target target;
    pc_target_from_bits(&target, work_bits);
    if (!pc_target_ok(&target, v->state.bytes)) return PC_ANN_INSUF_POW;
    return PC_ANN_OK;
}
