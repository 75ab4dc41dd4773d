/*
 * libFuzzer target for the C kernel's decoders of outside bytes, called as
 * the Swift layer calls them. The first byte chooses the decoder; the rest
 * is its input:
 *   0  pc_ann_validate: 32-byte parent hash, then a 1024-byte announcement
 *   1  pc_proof_root: 4 item numbers (LE64), an announcement count (LE64),
 *      then the proof bytes (hashes of the 4 announcements are fixed)
 *   2  pc_block_check: LE32 height, LE32 flags (bit 0: also a share
 *      target), a 48-byte commitment, then a header-and-proof (header, 4
 *      pad, low nonce, 4 announcements, proof); every announcement's
 *      parent is the known-answer block's
 *   3  pc_commit_from_script, pc_bits_to_target and pc_target_to_bits,
 *      pc_ann_aged_target, pc_effective_target on the bytes as numbers
 */
#include "packetcrypt.h"

#include <stdlib.h>
#include <string.h>

static pc_ann_validator *validator;

static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    if (pc_init() != 0) abort();
    validator = pc_ann_validator_new();
    return 0;
}

/* Copies `len` bytes to a buffer of exactly that size, so ASan sees overreads. */
static uint8_t *exact(const uint8_t *data, size_t len) {
    uint8_t *copy = malloc(len ? len : 1);
    if (len) memcpy(copy, data, len);
    return copy;
}

static void fuzz_announcement(const uint8_t *data, size_t size) {
    if (size != 32 + PC_ANN_SIZE) return;
    uint8_t *ann = exact(data + 32, PC_ANN_SIZE), work[32];
    for (uint32_t min_v1 = 0; min_v1 <= PC_ANN_V1_MIN_PARENT_HEIGHT_MAINNET; min_v1 += PC_ANN_V1_MIN_PARENT_HEIGHT_MAINNET) {
        int r = pc_ann_validate(validator, ann, data, min_v1, work);
        if (pc_ann_result_name(r)[0] == 'U') abort(); /* a verdict with no name */
    }
    free(ann);
}

static void fuzz_proof_root(const uint8_t *data, size_t size) {
    if (size < 40) return;
    uint64_t items[4];
    for (int i = 0; i < 4; i++) items[i] = le64(data + 8 * i) % (1ull << 40);
    uint64_t count = le64(data + 32);
    uint8_t hashes[4 * 32], root[32];
    for (int i = 0; i < 4 * 32; i++) hashes[i] = (uint8_t)(i * 7);
    uint8_t *proof = exact(data + 40, size - 40);
    int r = pc_proof_root(hashes, count, items, proof, size - 40, root);
    if (pc_proof_result_name(r)[0] == 'U') abort();
    free(proof);
}

/* SHA-256("pcref parent 1"): the parent of the known-answer block's announcements. */
static const uint8_t reference_parent[32] = {
    0x98, 0x8b, 0xeb, 0xd9, 0xae, 0x19, 0x60, 0xb8, 0x17, 0xfd, 0xc3, 0x80, 0x60, 0xe0, 0xbd, 0xd9,
    0x63, 0x26, 0x28, 0xe2, 0xe6, 0x35, 0xe2, 0x5b, 0x9f, 0xe3, 0x28, 0xa8, 0x7a, 0x1a, 0x48, 0x12,
};

static void fuzz_block(const uint8_t *data, size_t size) {
    enum { PREFIX = 8 + PC_COMMIT_SIZE };
    if (size < PREFIX + PC_HAP_PROOF_OFFSET || size - PREFIX > PC_HAP_MAX) return;
    uint8_t *hap = exact(data + PREFIX, size - PREFIX), *commit = exact(data + 8, PC_COMMIT_SIZE);
    pc_pcp pcp = {.header = hap, .low_nonce = le32(hap + PC_HAP_NONCE_OFFSET), .proof = hap + PC_HAP_PROOF_OFFSET,
                  .proof_len = size - PREFIX - PC_HAP_PROOF_OFFSET};
    for (int i = 0; i < 4; i++) pcp.anns[i] = hap + PC_HAP_ANNS_OFFSET + i * PC_ANN_SIZE;
    uint8_t parents[4 * 32];
    for (int i = 0; i < 4; i++) memcpy(parents + 32 * i, reference_parent, 32);
    pc_block_verdict out;
    int r = pc_block_check(validator, &pcp, commit, le32(data), le32(data + 4) & 1 ? 0x2000ffff : 0, parents, 0, &out);
    if (pc_block_result_name(r)[0] == 'U' || r != (int)out.result) abort();
    free(hap);
    free(commit);
}

static void fuzz_numbers(const uint8_t *data, size_t size) {
    uint8_t *script = exact(data, size), commit[PC_COMMIT_SIZE];
    if (pc_commit_from_script(commit, script, size)) {
        uint8_t again[PC_COMMIT_SCRIPT_SIZE];
        pc_commit_script(again, commit);
    }
    free(script);
    if (size < 32) return;
    uint32_t bits = le32(data), age = le32(data + 4), block_bits = le32(data + 8);
    uint8_t target[32], work[33];
    if (pc_bits_to_target(target, bits) == 0) {
        uint32_t again = pc_target_to_bits(target);
        uint8_t target2[32];
        if (pc_bits_to_target(target2, again) != 0 || memcmp(target, target2, 32)) abort(); /* not a fixed point */
        pc_work_for_target(work, target);
    }
    (void)pc_work_is_ok(data, bits);
    (void)pc_ann_soft_nonce_max(bits);
    (void)pc_ann_aged_target(bits, age);
    (void)pc_ann_min_target_ok(bits);
    (void)pc_effective_target(block_bits, bits, le32(data + 12) | (uint64_t)age << 32);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    switch (data[0] % 4) {
    case 0: fuzz_announcement(data + 1, size - 1); break;
    case 1: fuzz_proof_root(data + 1, size - 1); break;
    case 2: fuzz_block(data + 1, size - 1); break;
    default: fuzz_numbers(data + 1, size - 1); break;
    }
    return 0;
}
