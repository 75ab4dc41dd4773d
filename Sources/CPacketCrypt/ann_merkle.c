#include "ann_merkle.h"

#include <string.h>

#include "packetcrypt.h"

static void hash_pair(uint8_t out[64], const uint8_t left[64], const uint8_t right[64]) {
    uint8_t buf[128];
    memcpy(buf, left, 64);
    memcpy(buf + 64, right, 64);
    pc_blake2b_512(out, buf, sizeof buf);
}

void pc_ann_merkle_build(pc_ann_merkle *t) {
    uint32_t level = 0, width = 8192;
    enum { BATCH = 16 };
    while (width > 1) {
        /* Siblings are adjacent: each parent hashes 128 contiguous bytes. */
        for (uint32_t i = 0; i < width / 2; i += BATCH) {
            uint32_t n = width / 2 - i < BATCH ? width / 2 - i : BATCH;
            const uint8_t *in[BATCH];
            uint8_t *out[BATCH];
            for (uint32_t k = 0; k < n; k++) {
                in[k] = t->node[level + 2 * (i + k)];
                out[k] = t->node[level + width + i + k];
            }
            pc_blake2b_many(out, 64, in, 128, n);
        }
        level += width;
        width /= 2;
    }
}

const uint8_t *pc_ann_merkle_root(const pc_ann_merkle *t) { return t->node[ANN_MERKLE_NODES - 1]; }

void pc_ann_merkle_branch(uint8_t out[13 * 64], const pc_ann_merkle *t, uint32_t index) {
    uint32_t level = 0, width = 8192;
    for (int d = 0; d < ANN_MERKLE_DEPTH; d++) {
        memcpy(out + 64 * d, t->node[level + (index ^ 1)], 64);
        level += width;
        width /= 2;
        index >>= 1;
    }
}

int pc_ann_merkle_verify(const uint8_t leaf[64], uint32_t index, const uint8_t *branch, const uint8_t root[64]) {
    uint8_t cur[64];
    memcpy(cur, leaf, 64);
    for (int d = 0; d < ANN_MERKLE_DEPTH; d++) {
        if (index & 1) hash_pair(cur, branch + 64 * d, cur);
        else hash_pair(cur, cur, branch + 64 * d);
        index >>= 1;
    }
    return memcmp(cur, root, 64) == 0;
}
