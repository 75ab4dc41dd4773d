/* Checking an announcement proof as pktd's PcpHash does: build the
 * skeleton for the 4 proven leaves, then propagate hashes, starts, ends and
 * ranges until the root is known. Every value may be set once; setting it
 * again must agree. */
#include "ann_tree.h"

enum {
    F_COMPUTABLE = 1,
    F_PAD = 1 << 1,
    F_LEAF = 1 << 2,
    F_RIGHT = 1 << 3,
    F_PAD_SIBLING = 1 << 4,
    F_FIRST = 1 << 5,
    F_HAS_HASH = 1 << 8,
    F_HAS_RANGE = 1 << 9,
    F_HAS_START = 1 << 10,
    F_HAS_END = 1 << 11,
    F_HAS_ALL = F_HAS_HASH | F_HAS_RANGE | F_HAS_START | F_HAS_END,
    /* Enough for 4 paths through a tree of height 64. */
    MAX_NODES = 8 * PC_TREE_MAX_HEIGHT + 1,
};

typedef struct {
    int parent, left, right;
    unsigned flags;
    uint64_t range, start, end;
    uint8_t hash[32];
} node;

typedef struct {
    node n[MAX_NODES];
    int count;
    uint64_t leaf[4];
    uint64_t leaves;
} tree;

static int has(const node *e, unsigned f) { return (e->flags & f) == f; }

static node *sibling(tree *t, node *e) {
    if (e->parent < 0) return NULL;
    node *p = &t->n[e->parent];
    return &t->n[(e->flags & F_RIGHT) ? p->left : p->right];
}

static int set_hash(tree *t, node *e, const uint8_t h[32]);
static int set_start(tree *t, node *e, uint64_t v);
static int set_end(tree *t, node *e, uint64_t v);
static int set_range(tree *t, node *e, uint64_t v);

static int recompute(tree *t, node *e) {
    if (has(e, F_HAS_START | F_HAS_END | F_HAS_RANGE)) {
        if (!has(e, F_HAS_ALL)) return 1;
        node *sib = sibling(t, e);
        if (!sib || !has(sib, F_HAS_ALL)) return 1;
        node *a = (e->flags & F_RIGHT) ? sib : e;
        node *b = (e->flags & F_RIGHT) ? e : sib;
        pc_tree_entry pair[2];
        memcpy(pair[0].hash, a->hash, 32);
        pair[0].start = a->start;
        pair[0].end = a->end;
        memcpy(pair[1].hash, b->hash, 32);
        pair[1].start = b->start;
        pair[1].end = b->end;
        pc_tree_entry parent;
        pc_tree_parent(&parent, &pair[0], &pair[1]);
        node *p = &t->n[e->parent];
        return set_hash(t, p, parent.hash) && set_start(t, p, a->start) && set_end(t, p, b->end);
    }
    if (has(e, F_HAS_START | F_HAS_END)) return set_range(t, e, e->end - e->start);
    if (has(e, F_HAS_END | F_HAS_RANGE)) return set_start(t, e, e->end - e->range);
    if (has(e, F_HAS_START | F_HAS_RANGE)) return set_end(t, e, e->range + e->start);
    return 1;
}

static int set_hash(tree *t, node *e, const uint8_t h[32]) {
    if (e->flags & F_HAS_HASH) return memcmp(h, e->hash, 32) == 0;
    memcpy(e->hash, h, 32);
    e->flags |= F_HAS_HASH;
    if (e->flags & F_LEAF) return set_start(t, e, pc_le64(h));
    return recompute(t, e);
}

static int set_start(tree *t, node *e, uint64_t v) {
    if (e->flags & F_HAS_START) return v == e->start;
    e->start = v;
    e->flags |= F_HAS_START;
    if ((e->flags & F_RIGHT) && !set_end(t, sibling(t, e), v)) return 0;
    return recompute(t, e);
}

static int set_end(tree *t, node *e, uint64_t v) {
    if (e->flags & F_HAS_END) return v == e->end;
    e->end = v;
    e->flags |= F_HAS_END;
    if (!(e->flags & F_RIGHT)) {
        node *sib = sibling(t, e);
        if (sib && !set_start(t, sib, v)) return 0;
    }
    return recompute(t, e);
}

static int set_range(tree *t, node *e, uint64_t v) {
    if (e->flags & F_HAS_RANGE) return v == e->range;
    e->range = v;
    e->flags |= F_HAS_RANGE;
    return recompute(t, e);
}

/* Builds node (bits, h) and, when it covers a proven leaf, its subtree. */
static int build(tree *t, uint64_t bits, int h, int parent) {
    int i = t->count++;
    node *e = &t->n[i];
    memset(e, 0, sizeof *e);
    e->parent = parent;
    e->left = e->right = -1;
    unsigned flags = 0;
    if (h < 64 && ((bits >> h) & 1)) flags |= F_RIGHT;
    if (h == 0) flags |= F_LEAF;
    if (bits == 0) flags |= F_FIRST | F_HAS_START;
    int computable = 0;
    for (int j = 0; j < 4; j++) computable |= h >= 64 || (t->leaf[j] >> h) == (bits >> h);
    if (!computable) {
        e->flags = flags;
        if (bits >= t->leaves) {
            e->flags |= F_PAD | F_HAS_ALL;
            memset(e->hash, 0xff, 32);
            e->start = e->end = UINT64_MAX;
        }
        return i;
    }
    e->flags = flags | F_COMPUTABLE;
    if (h == 0) return i;
    int left = build(t, bits, h - 1, i);
    int right = build(t, bits | (uint64_t)1 << (h - 1), h - 1, i);
    t->n[i].left = left;
    t->n[i].right = right;
    if (t->n[right].flags & F_PAD) t->n[left].flags |= F_PAD_SIBLING;
    return i;
}

static int explicit_range(const node *e) {
    if ((e->flags & (F_LEAF | F_RIGHT | F_PAD)) == (F_LEAF | F_RIGHT)) return 1;
    return (e->flags & (F_LEAF | F_COMPUTABLE | F_PAD | F_PAD_SIBLING)) == 0;
}

/* A proven leaf's node: follow the leaf number's bits down from the root. */
static node *leaf_node(tree *t, uint64_t leaf, int height) {
    node *e = &t->n[0];
    for (int level = height - 1; level >= 0; level--) e = &t->n[((leaf >> level) & 1) ? e->right : e->left];
    return e;
}

/* Reads up to `n` bytes as pktd's buffer reads do: a field that is only
 * partly present is zero-filled; one that is wholly absent is an error. */
static int read_field(const uint8_t **p, size_t *left, uint8_t *out, size_t n) {
    if (*left == 0) return 0;
    size_t take = *left < n ? *left : n;
    memset(out, 0, n);
    memcpy(out, *p, take);
    *p += take;
    *left -= take;
    return 1;
}

pc_proof_result pc_proof_root(const uint8_t ann_hashes[4 * 32], uint64_t ann_count, const uint64_t item_no[4],
                              const uint8_t *proof, size_t proof_len, uint8_t root[32]) {
    if (ann_count == 0 || ann_count == UINT64_MAX) return PC_PROOF_BAD_COUNT;
    static tree zero;
    tree t = zero;
    t.leaves = ann_count + 1;
    for (int j = 0; j < 4; j++) t.leaf[j] = item_no[j] % ann_count + 1;
    int height = pc_log2_ceil(t.leaves);
    build(&t, 0, height, -1);

    for (int j = 0; j < 4; j++)
        if (!set_hash(&t, leaf_node(&t, t.leaf[j], height), ann_hashes + 32 * j)) return PC_PROOF_DUPLICATE_DATA;

    const uint8_t *p = proof;
    size_t left = proof_len;
    for (int i = 0; i < t.count; i++) {
        node *e = &t.n[i];
        if (explicit_range(e)) {
            uint8_t le[8];
            if (!read_field(&p, &left, le, 8)) return PC_PROOF_RUNT;
            if (!set_range(&t, e, pc_le64(le))) return PC_PROOF_DUPLICATE_DATA;
        }
        if ((e->flags & (F_HAS_HASH | F_COMPUTABLE)) == 0) {
            uint8_t h[32];
            if (!read_field(&p, &left, h, 32)) return PC_PROOF_RUNT;
            if (!set_hash(&t, e, h)) return PC_PROOF_DUPLICATE_DATA;
        }
    }
    if (left != 0) return PC_PROOF_EXTRA_DATA;

    const node *r = &t.n[0];
    if (r->flags != (F_COMPUTABLE | F_FIRST | F_HAS_ALL)) return PC_PROOF_ROOT_FLAGS;
    if (r->start != 0 || r->end != UINT64_MAX || r->range != UINT64_MAX) return PC_PROOF_ROOT_VALUES;
    pc_tree_entry top;
    memcpy(top.hash, r->hash, 32);
    top.start = 0;
    top.end = UINT64_MAX;
    pc_blake2b_256(root, &top, sizeof top);
    return PC_PROOF_OK;
}

const char *pc_proof_result_name(int result) {
    switch (result) {
    case PC_PROOF_OK: return "OK";
    case PC_PROOF_DUPLICATE_DATA: return "duplicate data";
    case PC_PROOF_RUNT: return "runt input";
    case PC_PROOF_EXTRA_DATA: return "extra data at the end of the proof";
    case PC_PROOF_ROOT_FLAGS: return "root has unexpected flags";
    case PC_PROOF_ROOT_VALUES: return "root has unexpected values for start/end/range";
    case PC_PROOF_BAD_COUNT: return "invalid announcement count";
    default: return "UNKNOWN";
    }
}
