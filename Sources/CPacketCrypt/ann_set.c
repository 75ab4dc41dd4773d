/* Building an announcement set: choose the usable announcements, sort and
 * de-duplicate them by hash, and compute the tree layers the set keeps. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include "ann_tree.h"

enum { ANN_WAIT_PERIOD = 3 };

/* A candidate announcement: its chunk reference and aged target. */
typedef struct {
    uint32_t ref;
    uint32_t target;
} candidate;

/* Sort key: the hash prefix that orders the tree, and the candidate index. */
typedef struct {
    uint64_t prefix;
    uint32_t index;
} sort_key;

static const uint8_t *ann_at(const uint8_t *const *chunks, uint32_t ref) {
    return chunks[ref >> PC_ANN_CHUNK_SHIFT] + (size_t)(ref & (PC_ANN_CHUNK_ANNS - 1)) * PC_ANN_SIZE;
}

/* Aged targets are cached per (bits, parent height): announcements come in
 * large classes that share both. */
typedef struct {
    uint32_t bits, parent, target;
    int valid;
} aged_cache;

static uint32_t usable_target(aged_cache *c, const uint8_t *ann, uint32_t height) {
    uint32_t bits = pc_le32(ann + 8), parent = pc_le32(ann + 12);
    if (c->valid && c->bits == bits && c->parent == parent) return c->target;
    uint32_t t = 0xffffffff;
    if (parent < height) {
        t = height < ANN_WAIT_PERIOD ? bits : pc_ann_aged_target(bits, height - parent);
        if (t != 0xffffffff && !pc_ann_min_target_ok(t)) t = 0xffffffff;
    }
    *c = (aged_cache){bits, parent, t, 1};
    return t;
}

/* log2 of a compact target, close enough to rank choices. */
static double log2_target(uint32_t bits) {
    return log2((double)(bits & 0x7fffff)) + 8.0 * ((double)(bits >> 24) - 3.0);
}

static int compare_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The target threshold that maximises work(target) * count^2, which is
 * what makes the effective block target easiest. */
static uint32_t choose_threshold(const candidate *c, size_t n, int *ok) {
    uint32_t *targets = malloc(n * sizeof *targets);
    if (!targets) {
        *ok = 0;
        return 0;
    }
    for (size_t i = 0; i < n; i++) targets[i] = c[i].target;
    qsort(targets, n, sizeof *targets, compare_u32);
    uint32_t best = targets[n - 1];
    double best_score = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && targets[i + 1] == targets[i]) continue;
        double score = 2.0 * log2((double)(i + 1)) - log2_target(targets[i]);
        if (score > best_score) {
            best_score = score;
            best = targets[i];
        }
    }
    free(targets);
    *ok = 1;
    return best;
}

/* ---- hashing the chosen announcements on several threads ---- */

typedef struct {
    const uint8_t *const *chunks;
    const candidate *cand;
    uint8_t (*hashes)[32];
    sort_key *keys;
    size_t from, to;
} hash_job;

static void *hash_range(void *arg) {
    hash_job *j = arg;
    for (size_t i = j->from; i < j->to; i++) {
        pc_blake2b_256(j->hashes[i], ann_at(j->chunks, j->cand[i].ref), PC_ANN_SIZE);
        j->keys[i] = (sort_key){pc_le64(j->hashes[i]), (uint32_t)i};
    }
    return NULL;
}

static void hash_all(const uint8_t *const *chunks, const candidate *cand, size_t n, uint8_t (*hashes)[32],
                     sort_key *keys, int threads) {
    enum { MAX_THREADS = 256 };
    if (threads < 1) threads = 1;
    if (threads > MAX_THREADS) threads = MAX_THREADS;
    if ((size_t)threads > n) threads = n ? (int)n : 1;
    hash_job jobs[MAX_THREADS];
    pthread_t ids[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    for (int t = 0; t < threads; t++) {
        jobs[t] = (hash_job){chunks, cand, hashes, keys, n * t / threads, n * (t + 1) / threads};
        if (t > 0) started[t] = pthread_create(&ids[t], NULL, hash_range, &jobs[t]) == 0;
    }
    hash_range(&jobs[0]);
    for (int t = 1; t < threads; t++) {
        if (started[t]) pthread_join(ids[t], NULL);
        else hash_range(&jobs[t]);
    }
}

static int compare_keys(const void *a, const void *b) {
    uint64_t x = ((const sort_key *)a)->prefix, y = ((const sort_key *)b)->prefix;
    return (x > y) - (x < y);
}

/* ---- the tree ---- */

void pc_tree_parent(pc_tree_entry *parent, const pc_tree_entry *left, const pc_tree_entry *right) {
    pc_tree_entry pair[2] = {*left, *right};
    pc_blake2b_256(parent->hash, pair, sizeof pair);
    parent->start = left->start;
    parent->end = right->end;
}

void pc_tree_group_build(const pc_ann_set *s, uint64_t group, pc_leaf_hash_fn leaf_hash, const void *ctx,
                         pc_tree_entry buf[PC_TREE_GROUP_ENTRIES]) {
    int g = s->group_shift;
    uint64_t leaves = pc_tree_leaves(s);
    uint64_t first = group << g;
    uint64_t count = leaves - first < ((uint64_t)1 << g) ? leaves - first : (uint64_t)1 << g;

    pc_tree_entry *level = buf;
    for (uint64_t j = 0; j < count; j++) {
        leaf_hash(ctx, first + j, level[j].hash);
        level[j].start = first + j == 0 ? 0 : pc_le64(level[j].hash);
    }
    for (uint64_t j = 0; j + 1 < count; j++) level[j].end = level[j + 1].start;
    if (first + count < leaves) {
        uint8_t next[32];
        leaf_hash(ctx, first + count, next);
        level[count - 1].end = pc_le64(next);
    } else {
        level[count - 1].end = UINT64_MAX;
    }

    for (int l = 0; l < g; l++) {
        pc_tree_entry *up = buf + pc_tree_group_level(s, l + 1);
        if (count & 1) pc_tree_pad(&level[count]);
        for (uint64_t k = 0; k < (count + 1) / 2; k++) pc_tree_parent(&up[k], &level[2 * k], &level[2 * k + 1]);
        level = up;
        count = (count + 1) / 2;
    }
}

/* Leaf hashes while building: taken from the hashes computed up front. */
typedef struct {
    const sort_key *keys;
    const uint8_t (*hashes)[32];
} build_leaves;

static void build_leaf_hash(const void *ctx, uint64_t leaf, uint8_t out[32]) {
    const build_leaves *b = ctx;
    if (leaf == 0) memset(out, 0, 32);
    else memcpy(out, b->hashes[b->keys[leaf - 1].index], 32);
}

static int build_layers(pc_ann_set *s, const build_leaves *leaves) {
    uint64_t n = pc_tree_leaves(s);
    s->branch_height = pc_log2_ceil(n);
    s->group_shift = s->branch_height < PC_TREE_GROUP_SHIFT ? s->branch_height : PC_TREE_GROUP_SHIFT;
    size_t total = 0;
    for (int h = 0; h <= s->branch_height; h++) {
        s->layer_count[h] = h == 0 ? n : (s->layer_count[h - 1] + 1) / 2;
        if (h >= s->group_shift) total += s->layer_count[h];
    }
    s->layer_storage = malloc(total * sizeof(pc_tree_entry));
    if (!s->layer_storage) return -1;
    pc_tree_entry *next = s->layer_storage;
    for (int h = s->group_shift; h <= s->branch_height; h++) {
        s->layer[h] = next;
        next += s->layer_count[h];
    }

    pc_tree_entry *buf = malloc(PC_TREE_GROUP_ENTRIES * sizeof *buf);
    if (!buf) return -1;
    size_t top = pc_tree_group_level(s, s->group_shift);
    for (uint64_t i = 0; i < s->layer_count[s->group_shift]; i++) {
        pc_tree_group_build(s, i, build_leaf_hash, leaves, buf);
        s->layer[s->group_shift][i] = buf[top];
    }
    free(buf);
    for (int h = s->group_shift; h < s->branch_height; h++) {
        const pc_tree_entry *below = s->layer[h];
        uint64_t count = s->layer_count[h];
        for (uint64_t k = 0; k < s->layer_count[h + 1]; k++) {
            pc_tree_entry pad;
            pc_tree_pad(&pad);
            const pc_tree_entry *right = 2 * k + 1 < count ? &below[2 * k + 1] : &pad;
            pc_tree_parent(&s->layer[h + 1][k], &below[2 * k], right);
        }
    }
    pc_tree_entry root = s->layer[s->branch_height][0];
    root.start = 0;
    root.end = UINT64_MAX;
    pc_blake2b_256(s->root, &root, sizeof root);
    return 0;
}

/* ---- the set ---- */

pc_ann_set_result pc_ann_set_build(pc_ann_set **out, const uint8_t *const *chunks, const uint32_t *chunk_anns,
                                   uint32_t chunk_count, uint32_t block_height, int threads) {
    *out = NULL;
    if (chunk_count > (UINT32_MAX >> PC_ANN_CHUNK_SHIFT) + 1) return PC_ANN_SET_TOO_MANY;
    size_t total = 0;
    for (uint32_t c = 0; c < chunk_count; c++)
        total += chunk_anns[c] < PC_ANN_CHUNK_ANNS ? chunk_anns[c] : PC_ANN_CHUNK_ANNS;

    pc_ann_set *s = calloc(1, sizeof *s);
    candidate *cand = malloc((total ? total : 1) * sizeof *cand);
    if (!s || !cand) goto no_memory;
    s->height = block_height;
    s->chunk_count = chunk_count;
    s->chunks = malloc((chunk_count ? chunk_count : 1) * sizeof *s->chunks);
    if (!s->chunks) goto no_memory;
    memcpy(s->chunks, chunks, chunk_count * sizeof *s->chunks);

    size_t n = 0;
    aged_cache cache = {0};
    for (uint32_t c = 0; c < chunk_count; c++) {
        uint32_t anns = chunk_anns[c] < PC_ANN_CHUNK_ANNS ? chunk_anns[c] : PC_ANN_CHUNK_ANNS;
        for (uint32_t i = 0; i < anns; i++) {
            uint32_t ref = c << PC_ANN_CHUNK_SHIFT | i;
            const uint8_t *ann = ann_at(chunks, ref);
            if (pc_ann_is_signed(ann)) continue;
            uint32_t t = usable_target(&cache, ann, block_height);
            if (t != 0xffffffff) cand[n++] = (candidate){ref, t};
        }
    }
    if (n == 0) {
        free(cand);
        pc_ann_set_free(s);
        return PC_ANN_SET_EMPTY;
    }
    int ok;
    uint32_t threshold = choose_threshold(cand, n, &ok);
    if (!ok) goto no_memory;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (cand[i].target <= threshold) cand[kept++] = cand[i];
    n = kept;
    s->min_target = threshold;

    uint8_t(*hashes)[32] = malloc(n * 32);
    sort_key *keys = malloc(n * sizeof *keys);
    s->order = malloc(n * sizeof *s->order);
    if (!hashes || !keys || !s->order) {
        free(hashes);
        free(keys);
        goto no_memory;
    }
    hash_all(chunks, cand, n, hashes, keys, threads);
    qsort(keys, n, sizeof *keys, compare_keys);
    uint64_t last = 0;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t p = keys[i].prefix;
        if (p <= last || p == UINT64_MAX) continue; /* duplicates, and the reserved 0 and ~0 */
        last = p;
        keys[count] = keys[i];
        s->order[count++] = cand[keys[i].index].ref;
    }
    s->count = count;
    free(cand);
    cand = NULL;
    build_leaves leaves = {keys, (const uint8_t(*)[32])hashes};
    int built = build_layers(s, &leaves);
    free(hashes);
    free(keys);
    if (built != 0) goto no_memory;
    uint32_t *shrunk = realloc(s->order, (count ? count : 1) * sizeof *s->order);
    if (shrunk) s->order = shrunk;
    *out = s;
    return PC_ANN_SET_OK;

no_memory:
    free(cand);
    pc_ann_set_free(s);
    return PC_ANN_SET_NO_MEMORY;
}

void pc_ann_set_free(pc_ann_set *s) {
    if (!s) return;
    free(s->chunks);
    free(s->order);
    free(s->layer_storage);
    free(s);
}

uint64_t pc_ann_set_count(const pc_ann_set *s) { return s->count; }
uint32_t pc_ann_set_min_target(const pc_ann_set *s) { return s->min_target; }
uint32_t pc_ann_set_height(const pc_ann_set *s) { return s->height; }
void pc_ann_set_root(const pc_ann_set *s, uint8_t root[32]) { memcpy(root, s->root, 32); }

void pc_ann_set_commitment(const pc_ann_set *s, uint8_t commit[PC_COMMIT_SIZE]) {
    pc_commit_encode(commit, s->min_target, s->root, s->count);
}

const uint8_t *pc_ann_set_announcement(const pc_ann_set *s, uint64_t position) {
    return position < s->count ? pc_ann_set_at(s, position) : NULL;
}

size_t pc_ann_set_memory(const pc_ann_set *s) {
    size_t layers = 0;
    for (int h = s->group_shift; h <= s->branch_height; h++) layers += s->layer_count[h];
    return sizeof *s + s->chunk_count * sizeof *s->chunks + s->count * sizeof *s->order +
           layers * sizeof(pc_tree_entry);
}
