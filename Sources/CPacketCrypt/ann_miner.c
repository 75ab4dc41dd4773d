/* Announcement mining: build both item tables for one hard nonce, then try
 * soft nonces against table 2 until the soft-nonce limit. */
#include <stdlib.h>

#include "ann_merkle.h"
#include "internal.h"

enum { STOP_CHECK_ITEMS = 256, BATCH = 16 };

struct pc_ann_miner {
    uint8_t table2[PC_ANN_TABLE_ITEMS][PC_ANN_SIZE];
    uint8_t batch[BATCH][PC_ANN_SIZE];
    pc_ann_merkle tree;
    pc_item_program program;
    uint8_t header[PC_ANN_HEADER_SIZE];
    uint8_t hash1[64];
    pc_cc_state init; /* Init's bytes for hash1, shared by every soft nonce */
    pc_target target;
    uint32_t next_soft_nonce;
    uint32_t soft_nonce_end; /* one past the last soft nonce allowed */
};

pc_ann_miner *pc_ann_miner_new(void) {
    pc_ann_miner *m = aligned_alloc(64, (sizeof(pc_ann_miner) + 63) / 64 * 64);
    if (m) memset(m, 0, sizeof *m);
    return m;
}

void pc_ann_miner_free(pc_ann_miner *m) { free(m); }

static void write_header(uint8_t h[PC_ANN_HEADER_SIZE], const pc_ann_job *job, uint32_t hard_nonce) {
    memset(h, 0, PC_ANN_HEADER_SIZE);
    h[0] = 1;
    pc_put_le32(h + 4, hard_nonce);
    pc_put_le32(h + 8, job->work_bits);
    pc_put_le32(h + 12, job->parent_height);
    pc_put_le32(h + 16, job->content_type);
    pc_put_le32(h + 20, job->content_length);
    memcpy(h + 24, job->content_hash, 32);
    memcpy(h + 56, job->signing_key, 32);
}

int pc_ann_miner_start(pc_ann_miner *m, const pc_ann_job *job, uint32_t hard_nonce, const pc_signal *stop) {
    uint8_t hash0[64], seed2[64];
    m->next_soft_nonce = m->soft_nonce_end = 0;
    uint32_t soft_max = pc_ann_soft_nonce_max(job->work_bits);
    write_header(m->header, job, hard_nonce);
    pc_ann_hash0(hash0, m->header, job->parent_hash);

    if (pc_item_program_make(&m->program, hash0) != 0) return PC_ANN_BAD_PROGRAM;
    /* Table 1 is only hashed: items are made a batch at a time and their
     * leaves hashed side by side. */
    for (uint32_t i = 0; i < PC_ANN_TABLE_ITEMS; i += BATCH) {
        if (i % STOP_CHECK_ITEMS == 0 && pc_signal_is_raised(stop)) return PC_ANN_MINER_STOPPED;
        const uint8_t *in[BATCH];
        uint8_t *leaf[BATCH];
        for (uint32_t k = 0; k < BATCH; k++) {
            in[k] = m->batch[k];
            leaf[k] = m->tree.node[i + k];
        }
        for (uint32_t k = 0; k < BATCH; k += PC_RH_BATCH)
            if (pc_items_make(m->batch + k, i + k, hash0 + 32, &m->program) != 0) return PC_ANN_BAD_PROGRAM_EXEC;
        pc_blake2b_many(leaf, 64, in, PC_ANN_SIZE, BATCH);
    }
    pc_ann_merkle_build(&m->tree);
    const uint8_t *root = pc_ann_merkle_root(&m->tree);
    pc_ann_hash1(m->hash1, m->header, root);
    pc_cc_init_for_update(&m->init, m->hash1, 0);
    pc_ann_table2_seed(seed2, root, hash0);

    if (pc_item_program_make(&m->program, seed2) != 0) return PC_ANN_BAD_PROGRAM;
    for (uint32_t i = 0; i < PC_ANN_TABLE_ITEMS; i += PC_RH_BATCH) {
        if (i % STOP_CHECK_ITEMS == 0 && pc_signal_is_raised(stop)) return PC_ANN_MINER_STOPPED;
        if (pc_items_make(m->table2 + i, i, seed2 + 32, &m->program) != 0) return PC_ANN_BAD_PROGRAM_EXEC;
    }
    pc_target_from_bits(&m->target, job->work_bits);
    m->soft_nonce_end = soft_max + 1;
    return PC_ANN_OK;
}

uint32_t pc_ann_miner_remaining(const pc_ann_miner *m) { return m->soft_nonce_end - m->next_soft_nonce; }

static void emit_ann(uint8_t out[PC_ANN_SIZE], const pc_ann_miner *m, uint32_t soft_nonce, uint32_t last_item,
                     const pc_cc_state *s) {
    memcpy(out, m->header, PC_ANN_HEADER_SIZE);
    out[1] = (uint8_t)soft_nonce;
    out[2] = (uint8_t)(soft_nonce >> 8);
    out[3] = (uint8_t)(soft_nonce >> 16);
    pc_ann_merkle_branch(out + 88, &m->tree, last_item);
    memcpy(out + 920, pc_ann_merkle_root(&m->tree), 64);
    memset(out + 984, 0, 40);
    pc_ann_crypt_regions(out, s);
}

/* Runs LANES soft nonces side by side: each round's table reads are
 * prefetched while the other states are crypted, and the final BLAKE2b runs
 * across the states in SIMD lanes. */
enum { LANES = 8 };

static void hash_lanes(pc_ann_miner *m, pc_cc_state st[LANES], uint32_t first_nonce, uint32_t items[LANES]) {
    pc_cc_state *ptr[LANES];
    for (int k = 0; k < LANES; k++) {
        pc_cc_init_from_template(&st[k], &m->init, first_nonce + (uint32_t)k);
        ptr[k] = &st[k];
    }
    for (int round = 0; round < 4; round++) {
        const uint8_t *next[LANES];
        for (int k = 0; k < LANES; k++) {
            items[k] = (uint32_t)(pc_cc_item_no(&st[k]) % PC_ANN_TABLE_ITEMS);
            next[k] = m->table2[items[k]];
            for (int line = 0; line < PC_ANN_SIZE; line += 64) __builtin_prefetch(next[k] + line);
        }
        for (int k = 0; k < LANES; k++) {
            if (round < 3) pc_cc_update_before_update(&st[k], next[k]);
            else pc_cc_update(&st[k], next[k]);
        }
    }
    pc_cc_final_many(ptr, LANES);
}

int pc_ann_miner_search(pc_ann_miner *m, uint32_t max_hashes, uint8_t *out, int max_anns, const pc_signal *stop,
                        uint32_t *hashes) {
    pc_cc_state st[LANES];
    uint32_t items[LANES];
    int found = 0;
    uint32_t tried = 0;
    while (tried < max_hashes && found < max_anns && m->next_soft_nonce < m->soft_nonce_end) {
        if (pc_signal_is_raised(stop)) break;
        uint32_t first = m->next_soft_nonce;
        uint32_t lanes = m->soft_nonce_end - first < LANES ? m->soft_nonce_end - first : LANES;
        hash_lanes(m, st, first, items);
        /* Soft nonces past the limit were hashed as padding and are ignored;
         * the search resumes after the last one reported. */
        uint32_t used = 0;
        for (uint32_t k = 0; k < lanes && found < max_anns; k++, used++) {
            if (pc_target_ok(&m->target, st[k].bytes)) {
                emit_ann(out + (size_t)found * PC_ANN_SIZE, m, first + k, items[k], &st[k]);
                found++;
            }
        }
        m->next_soft_nonce = first + used;
        tried += used;
    }
    if (hashes) *hashes = tried;
    return found;
}
