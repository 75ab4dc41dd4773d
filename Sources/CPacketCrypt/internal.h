/* Helpers shared by the kernel's source files; not part of the public API. */
#ifndef PC_INTERNAL_H
#define PC_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "packetcrypt.h"

static inline uint32_t pc_le32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static inline uint64_t pc_le64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}
static inline void pc_put_le32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void pc_put_le64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the PacketCrypt kernel assumes a little-endian machine"
#endif

/* True when an announcement carries a signing key (bytes 56..88). */
static inline int pc_ann_is_signed(const uint8_t ann[PC_ANN_SIZE]) {
    uint8_t acc = 0;
    for (int i = 56; i < 88; i++) acc |= ann[i];
    return acc != 0;
}

/* HashExpand output starting at 64-byte block `first_block`. */
void pc_hash_expand_from(uint8_t *out, size_t len, const uint8_t seed[32], uint32_t counter, uint32_t first_block);

/* The first 64 bytes of HashExpand under counters first_counter ..
 * first_counter + n - 1, one after another (n * 64 bytes). */
void pc_hash_expand_blocks(uint8_t *out, size_t n, const uint8_t seed[32], uint32_t first_counter);

/* CryptoCycle Init for callers that overwrite bytes 32..1056 before reading
 * them (every Update does): computes only keystream blocks 0 and 16..31. */
void pc_cc_init_for_update(pc_cc_state *s, const uint8_t seed[32], uint64_t nonce);

/* Init for a state whose next step is an Update, from a template made by
 * pc_cc_init_for_update with the same seed (any nonce): copies only the
 * bytes that Update keeps. */
void pc_cc_init_from_template(pc_cc_state *s, const pc_cc_state *tmpl, uint64_t nonce);

/* Final of n states, several at a time. */
void pc_cc_final_many(pc_cc_state *const *s, size_t n);

/* Update for a state whose next step is another Update: the message bytes
 * that Update overwrites are not decrypted. Same result once it has run. */
void pc_cc_update_before_update(pc_cc_state *s, const uint8_t item[PC_ANN_SIZE]);

/* out = s mod l (l the order of the Ed25519 base point), s 64 bytes LE. */
void pc_scalar_reduce(uint8_t out[32], const uint8_t wide[64]);

/* A RandHash program decoded for the threaded interpreter. */
typedef struct {
    const void *handler;         /* the single-item interpreter's code for op */
    uint16_t op, a0, a1, b0, b1; /* operand slots: low and high words of A and B */
    int32_t aux;                 /* loop count or jump target */
} pc_rh_insn;
typedef struct {
    pc_rh_insn insn[PC_PROGRAM_MAX_WORDS + 2]; /* two failing slots past the end */
    uint32_t consts[2 * PC_PROGRAM_MAX_WORDS];
    int len;
    int consts_used;
} pc_rh_program;

/* Decodes `prog`; 0, or -1 for an empty or over-long program. */
int pc_rh_decode(pc_rh_program *d, const uint32_t *prog, int len);
/* pc_randhash over a decoded program: same results, faster. */
int pc_rh_run(const pc_rh_program *d, uint8_t state[PC_CC_STATE_SIZE],
              const uint32_t memory[PC_RANDHASH_MEMORY_WORDS], int cycles);

/* pc_rh_run for PC_RH_BATCH states at once (items sharing the program);
 * 0, or -1 when the batch must be run one state at a time instead (an item
 * reached the op limit, or the program's branches are not RandGen's shape).
 * The states are unchanged when it returns -1. */
enum { PC_RH_BATCH = 16 };
int pc_rh_run_batch(const pc_rh_program *d, uint8_t *const state[PC_RH_BATCH],
                    const uint32_t *const memory[PC_RH_BATCH], int cycles);

/* A RandGen program with the 8 KiB memory it runs against (mkItem2Prog). */
typedef struct {
    uint32_t memory[2048];
    uint32_t prog[PC_PROGRAM_MAX_WORDS];
    int len;
    pc_rh_program decoded;
} pc_item_program;

/* Builds the program and memory for `seed`; 0 or a RandGen error. */
int pc_item_program_make(pc_item_program *p, const uint8_t seed[32]);
/* One table item (mkItem2); 0 or PC_RANDHASH_TOO_LONG. */
int pc_item_make(uint8_t item[PC_ANN_SIZE], uint32_t index, const uint8_t seed[32],
                 const pc_item_program *p);

/* Items first_index .. first_index + PC_RH_BATCH - 1, the program run
 * across them side by side; 0 or the first item's error. */
int pc_items_make(uint8_t (*item)[PC_ANN_SIZE], uint32_t first_index, const uint8_t seed[32],
                  const pc_item_program *p);

/* annHash0, annHash1 and the v1 table-2 seed of an announcement header. */
void pc_ann_hash0(uint8_t out[64], const uint8_t header[PC_ANN_HEADER_SIZE],
                  const uint8_t parent_hash[32]);
void pc_ann_hash1(uint8_t out[64], const uint8_t header[PC_ANN_HEADER_SIZE],
                  const uint8_t merkle_root[64]);
void pc_ann_table2_seed(uint8_t out[64], const uint8_t merkle_root[64], const uint8_t hash0[64]);

/* XORs the encrypted regions of an announcement with the final state. */
void pc_ann_crypt_regions(uint8_t ann[PC_ANN_SIZE], const pc_cc_state *s);

/* A work target prepared for the per-hash check. */
typedef struct {
    uint64_t limb[4];
    enum { PC_TARGET_NUMBER, PC_TARGET_ALWAYS, PC_TARGET_NEVER } kind;
} pc_target;

void pc_target_from_bits(pc_target *t, uint32_t bits);

/* LE256(hash) <= target */
static inline int pc_target_ok(const pc_target *t, const uint8_t hash[32]) {
    if (t->kind != PC_TARGET_NUMBER) return t->kind == PC_TARGET_ALWAYS;
    for (int i = 3; i >= 0; i--) {
        uint64_t h = pc_le64(hash + 8 * i);
        if (h != t->limb[i]) return h < t->limb[i];
    }
    return 1;
}

#endif
