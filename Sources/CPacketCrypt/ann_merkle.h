/* The depth-13 BLAKE2b-512 Merkle tree over an announcement's table 1. */
#ifndef PC_ANN_MERKLE_H
#define PC_ANN_MERKLE_H

#include <stdint.h>

enum { ANN_MERKLE_DEPTH = 13, ANN_MERKLE_NODES = 2 * 8192 - 1 };

/* Nodes level by level: 8192 leaves first, the root last. */
typedef struct { uint8_t node[ANN_MERKLE_NODES][64]; } pc_ann_merkle;

/* Computes every level above the leaves (node[0..8192) must hold them). */
void pc_ann_merkle_build(pc_ann_merkle *t);
const uint8_t *pc_ann_merkle_root(const pc_ann_merkle *t);
/* Writes the 13 sibling hashes of leaf `index` (832 bytes). */
void pc_ann_merkle_branch(uint8_t out[13 * 64], const pc_ann_merkle *t, uint32_t index);
/* True when `leaf` at `index` with `branch` (13 siblings) reaches `root`. */
int pc_ann_merkle_verify(const uint8_t leaf[64], uint32_t index, const uint8_t *branch, const uint8_t root[64]);

#endif
