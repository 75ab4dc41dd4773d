/* The announcement tree a block commits to, shared by the set builder, the
 * proof builder and the miner. */
#ifndef PC_ANN_TREE_H
#define PC_ANN_TREE_H

#include "internal.h"

/* One tree entry, laid out exactly as it is hashed: hash || LE64 start || LE64 end. */
typedef struct {
    uint8_t hash[32];
    uint64_t start;
    uint64_t end;
} pc_tree_entry;

_Static_assert(sizeof(pc_tree_entry) == 48, "tree entries are hashed as 48 raw bytes");

enum {
    /* The set keeps tree layers from this height up; lower nodes are
     * recomputed from the announcements (1024 leaves) when a proof needs them. */
    PC_TREE_GROUP_SHIFT = 10,
    PC_TREE_MAX_HEIGHT = 64,
};

struct pc_ann_set {
    const uint8_t **chunks;  /* the caller's chunk table, copied */
    uint32_t chunk_count;
    uint32_t *order;         /* position -> chunk << PC_ANN_CHUNK_SHIFT | index */
    uint64_t count;
    uint32_t min_target;
    uint32_t height;
    int group_shift;         /* lowest stored layer */
    int branch_height;       /* height of the root above the leaves */
    uint64_t layer_count[PC_TREE_MAX_HEIGHT + 1];
    pc_tree_entry *layer[PC_TREE_MAX_HEIGHT + 1];
    pc_tree_entry *layer_storage;
    uint8_t root[32];
};

static inline const uint8_t *pc_ann_set_at(const pc_ann_set *s, uint64_t position) {
    uint32_t ref = s->order[position];
    return s->chunks[ref >> PC_ANN_CHUNK_SHIFT] + (size_t)(ref & (PC_ANN_CHUNK_ANNS - 1)) * PC_ANN_SIZE;
}

/* Leaf j of the tree (j = 0 is the zero entry, j = p + 1 the announcement at
 * position p) as the hash it contributes. */
typedef void (*pc_leaf_hash_fn)(const void *ctx, uint64_t leaf, uint8_t out[32]);

/* Entries in a group's scratch buffer: every level of a 1024-leaf subtree. */
enum { PC_TREE_GROUP_ENTRIES = 2 << PC_TREE_GROUP_SHIFT };

/* Computes every node of group `group` (the subtree of 2^group_shift leaves
 * under node `group` of the lowest stored layer), level by level, into
 * `buf`; level l starts at pc_tree_group_level(s, l). */
void pc_tree_group_build(const pc_ann_set *s, uint64_t group, pc_leaf_hash_fn leaf_hash, const void *ctx,
                         pc_tree_entry buf[PC_TREE_GROUP_ENTRIES]);

static inline size_t pc_tree_group_level(const pc_ann_set *s, int level) {
    size_t offset = 0;
    for (int l = 0; l < level; l++) offset += (size_t)1 << (s->group_shift - l);
    return offset;
}

/* The tree has leaves 0..count; a node at height h with leftmost leaf
 * `bits` is a pad when bits > count. */
static inline uint64_t pc_tree_leaves(const pc_ann_set *s) { return s->count + 1; }

/* ceil(log2(x)) for x >= 1, as pktd computes it. */
static inline int pc_log2_ceil(uint64_t x) {
    int floor = 63 - __builtin_clzll(x);
    return floor + ((x & (x - 1)) != 0);
}

/* Hashes a pair of adjacent entries into their parent. */
void pc_tree_parent(pc_tree_entry *parent, const pc_tree_entry *left, const pc_tree_entry *right);

static inline void pc_tree_pad(pc_tree_entry *e) { memset(e, 0xff, sizeof *e); }

#endif
