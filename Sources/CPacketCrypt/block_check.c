/* Checking a block's PacketCrypt proof in pktd's order (ValidatePcBlock,
 * then ValidatePcProof). */
#include <sodium.h>

#include "internal.h"

enum { ANN_WAIT_PERIOD = 3 };

static pc_block_result verdict(pc_block_verdict *out, pc_block_result r, int ann_index) {
    out->result = r;
    out->ann_index = ann_index;
    return r;
}

/* The per-nonce computation over the proof's own announcements: the item
 * numbers it picks (which leaves the proof must prove) and the work hash. */
static void run_nonce(const pc_pcp *pcp, uint64_t item_no[4], uint8_t work_hash[32]) {
    uint8_t hdr_hash[32];
    pc_cc_state st;
    pc_blake2b_256(hdr_hash, pcp->header, PC_BLOCK_HEADER_SIZE);
    pc_cc_init_for_update(&st, hdr_hash, pcp->low_nonce);
    for (int j = 0; j < 4; j++) {
        item_no[j] = pc_cc_item_no(&st);
        if (j < 3) pc_cc_update_before_update(&st, pcp->anns[j]);
        else pc_cc_update(&st, pcp->anns[j]);
    }
    pc_cc_smul(&st);
    pc_cc_final(&st);
    memcpy(work_hash, st.bytes, 32);
}

pc_block_result pc_block_check(pc_ann_validator *v, const pc_pcp *pcp, const uint8_t commit[PC_COMMIT_SIZE],
                               uint32_t block_height, uint32_t share_bits, const uint8_t parent_hashes[4 * 32],
                               uint32_t min_v1_parent_height, pc_block_verdict *out) {
    memset(out, 0, sizeof *out);
    out->ann_index = -1;

    for (int i = 0; i < 4; i++) {
        const uint8_t *ann = pcp->anns[i];
        if (!pc_ann_is_signed(ann)) continue;
        if (!pcp->signatures[i] || crypto_sign_verify_detached(pcp->signatures[i], ann, PC_ANN_SIZE, ann + 56) != 0)
            return verdict(out, PC_BLOCK_ANN_SIG_INVALID, i);
    }

    uint32_t min_target = pc_le32(commit + 4);
    uint64_t count = pc_le64(commit + 40);
    if (pc_le32(commit) != PC_COMMIT_MAGIC || !pc_ann_min_target_ok(min_target))
        return verdict(out, PC_BLOCK_BAD_COINBASE, -1);

    uint32_t block_bits = pc_le32(pcp->header + 72);
    out->effective_target = pc_effective_target(block_bits, min_target, count);
    uint64_t item_no[4];
    run_nonce(pcp, item_no, out->work_hash);
    int block_ok = pc_work_is_ok(out->work_hash, out->effective_target);
    int share_ok = block_ok || (share_bits != 0 &&
                                pc_work_is_ok(out->work_hash, pc_effective_target(share_bits, min_target, count)));
    if (!share_ok) return verdict(out, PC_BLOCK_INSUF_POW, -1);

    uint8_t ann_hashes[4 * 32];
    for (int i = 0; i < 4; i++) {
        const uint8_t *ann = pcp->anns[i];
        out->ann_result = pc_ann_validate(v, ann, parent_hashes + 32 * i, min_v1_parent_height, NULL);
        if (out->ann_result != PC_ANN_OK) return verdict(out, PC_BLOCK_ANN_INVALID, i);
        uint32_t bits = pc_le32(ann + 8);
        uint32_t aged = block_height < ANN_WAIT_PERIOD
                            ? bits
                            : pc_ann_aged_target(bits, block_height - pc_le32(ann + 12));
        if (aged > min_target) return verdict(out, PC_BLOCK_ANN_INSUF_POW, i);
        pc_blake2b_256(ann_hashes + 32 * i, ann, PC_ANN_SIZE);
    }

    uint8_t root[32];
    out->reason = pc_proof_root(ann_hashes, count, item_no, pcp->proof, pcp->proof_len, root);
    if (out->reason != PC_PROOF_OK) return verdict(out, PC_BLOCK_PCP_INVAL, -1);
    if (memcmp(root, commit + 8, 32) != 0) return verdict(out, PC_BLOCK_PCP_MISMATCH, -1);
    return verdict(out, block_ok ? PC_BLOCK_OK : PC_BLOCK_SHARE_OK, -1);
}

const char *pc_block_result_name(int result) {
    switch (result) {
    case PC_BLOCK_OK: return "OK";
    case PC_BLOCK_SHARE_OK: return "SHARE_OK";
    case PC_BLOCK_ANN_INVALID: return "ANN_INVALID";
    case PC_BLOCK_ANN_INSUF_POW: return "ANN_INSUF_POW";
    case PC_BLOCK_ANN_SIG_INVALID: return "ANN_SIG_INVALID";
    case PC_BLOCK_ANN_CONTENT_INVALID: return "ANN_CONTENT_INVALID";
    case PC_BLOCK_PCP_INVAL: return "PCP_INVAL";
    case PC_BLOCK_PCP_MISMATCH: return "PCP_MISMATCH";
    case PC_BLOCK_INSUF_POW: return "INSUF_POW";
    case PC_BLOCK_BAD_COINBASE: return "BAD_COINBASE";
    default: return "UNKNOWN";
    }
}
