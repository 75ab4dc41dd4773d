/* Block mining: per low nonce, CryptoCycle over the header hash and 4
 * announcements chosen by the state itself, then the X25519 step. */
#include "ann_tree.h"

int pc_block_search(const pc_ann_set *set, const uint8_t header[PC_BLOCK_HEADER_SIZE], uint32_t share_bits,
                    uint32_t *next_nonce, uint32_t max_hashes, pc_block_found *found, int max_found,
                    const pc_signal *stop, uint32_t *hashes) {
    enum { STOP_CHECK_HASHES = 16 };
    uint64_t count = set->count;
    uint32_t header_bits = pc_le32(header + 72);
    pc_target block_target, share_target;
    pc_target_from_bits(&block_target, pc_effective_target(header_bits, set->min_target, count));
    pc_target_from_bits(&share_target, share_bits ? pc_effective_target(share_bits, set->min_target, count) : 0);
    /* pktd cannot check a proof of the last leaf when that leaf has a pad beside it. */
    uint64_t unprovable = count % 2 == 0 ? count - 1 : UINT64_MAX;

    uint8_t hdr_hash[32];
    pc_blake2b_256(hdr_hash, header, PC_BLOCK_HEADER_SIZE);
    pc_cc_state st, init;
    pc_cc_init_for_update(&init, hdr_hash, 0);
    int n = 0;
    uint32_t tried = 0;
    while (tried < max_hashes && n < max_found) {
        if (tried % STOP_CHECK_HASHES == 0 && pc_signal_is_raised(stop)) break;
        uint32_t nonce = (*next_nonce)++;
        tried++;
        uint64_t item_no[4];
        int skip = 0;
        pc_cc_init_from_template(&st, &init, nonce);
        for (int j = 0; j < 4 && !skip; j++) {
            item_no[j] = pc_cc_item_no(&st);
            uint64_t position = item_no[j] % count;
            skip = position == unprovable;
            if (j < 3) pc_cc_update_before_update(&st, pc_ann_set_at(set, position));
            else pc_cc_update(&st, pc_ann_set_at(set, position));
        }
        if (skip) continue;
        pc_cc_smul_fast(&st);
        pc_cc_final(&st);
        int is_block = pc_target_ok(&block_target, st.bytes);
        if (!is_block && !(share_bits && pc_target_ok(&share_target, st.bytes))) continue;
        pc_block_found *f = &found[n++];
        memcpy(f->header, header, PC_BLOCK_HEADER_SIZE);
        f->low_nonce = nonce;
        memcpy(f->item_no, item_no, sizeof item_no);
        memcpy(f->work_hash, st.bytes, 32);
        f->is_block = is_block;
    }
    *hashes = tried;
    return n;
}
