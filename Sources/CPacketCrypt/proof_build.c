/* Building the compressed announcement proof for the 4 chosen leaves, in
 * the pre-order skeleton that pktd reads. */
#include <stdlib.h>

#include "ann_tree.h"

enum { CACHED_GROUPS = 4 };

typedef struct {
    const pc_ann_set *set;
    uint64_t leaf[4];   /* proven leaves: position + 1 */
    uint8_t *out;
    size_t len, capacity;
    uint64_t group_id[CACHED_GROUPS];
    int groups;
    pc_tree_entry group[CACHED_GROUPS][PC_TREE_GROUP_ENTRIES];
} prover;

static void set_leaf_hash(const void *ctx, uint64_t leaf, uint8_t out[32]) {
    const pc_ann_set *s = ctx;
    if (leaf == 0) memset(out, 0, 32);
    else pc_blake2b_256(out, pc_ann_set_at(s, leaf - 1), PC_ANN_SIZE);
}

/* The tree entry of node `index` at height `h`. */
static const pc_tree_entry *node(prover *p, int h, uint64_t index) {
    const pc_ann_set *s = p->set;
    if (h >= s->group_shift) return &s->layer[h][index];
    uint64_t group = (index << h) >> s->group_shift;
    int slot = 0;
    while (slot < p->groups && p->group_id[slot] != group) slot++;
    if (slot == p->groups) {
        /* Only the (at most 4) groups holding proven leaves are ever read. */
        if (slot == CACHED_GROUPS) slot = 0;
        else p->groups++;
        pc_tree_group_build(s, group, set_leaf_hash, s, p->group[slot]);
        p->group_id[slot] = group;
    }
    uint64_t first = group << (s->group_shift - h);
    return &p->group[slot][pc_tree_group_level(s, h) + (index - first)];
}

static int write(prover *p, const void *bytes, size_t n) {
    if (p->len + n > p->capacity) return -1;
    memcpy(p->out + p->len, bytes, n);
    p->len += n;
    return 0;
}

static int covers(const prover *p, uint64_t bits, int h) {
    for (int j = 0; j < 4; j++)
        if (h >= 64 || (p->leaf[j] >> h) == (bits >> h)) return 1;
    return 0;
}

static int prove(prover *p, uint64_t bits, int h, int pad_sibling) {
    uint64_t leaves = pc_tree_leaves(p->set);
    int right = h < 64 && ((bits >> h) & 1);
    int leaf = h == 0;
    int computable = covers(p, bits, h);
    int pad = !computable && bits >= leaves;
    int range = (leaf && right && !pad) || !(leaf || computable || pad || pad_sibling);
    if (range || (!computable && !pad)) {
        const pc_tree_entry *e = node(p, h, bits >> h);
        if (range) {
            uint8_t le[8];
            pc_put_le64(le, e->end - e->start);
            if (write(p, le, 8) != 0) return -1;
        }
        if (!computable && !pad && write(p, e->hash, 32) != 0) return -1;
    }
    if (!computable || leaf) return 0;
    uint64_t right_bits = bits | (uint64_t)1 << (h - 1);
    int right_is_pad = right_bits >= leaves && !covers(p, right_bits, h - 1);
    if (prove(p, bits, h - 1, right_is_pad) != 0) return -1;
    return prove(p, right_bits, h - 1, 0);
}

long pc_block_prove(const pc_ann_set *set, const pc_block_found *found, uint8_t *hap, size_t capacity) {
    if (capacity < PC_HAP_PROOF_OFFSET || set->count == 0) return -1;
    prover *p = calloc(1, sizeof *p); /* about 400 KiB of group scratch: not for the stack */
    if (!p) return -1;
    p->set = set;
    p->out = hap + PC_HAP_PROOF_OFFSET;
    p->capacity = capacity - PC_HAP_PROOF_OFFSET;

    memcpy(hap, found->header, PC_BLOCK_HEADER_SIZE);
    memset(hap + PC_BLOCK_HEADER_SIZE, 0, 4);
    pc_put_le32(hap + PC_HAP_NONCE_OFFSET, found->low_nonce);
    for (int j = 0; j < 4; j++) {
        uint64_t position = found->item_no[j] % set->count;
        p->leaf[j] = position + 1;
        memcpy(hap + PC_HAP_ANNS_OFFSET + j * PC_ANN_SIZE, pc_ann_set_at(set, position), PC_ANN_SIZE);
    }
    long length = prove(p, 0, set->branch_height, 0) == 0 ? (long)(PC_HAP_PROOF_OFFSET + p->len) : -1;
    free(p);
    return length;
}
