/*
 * The kernel's known-answer checks as one C program, for running the C
 * kernel under AddressSanitizer and UndefinedBehaviorSanitizer
 * (scripts/sanitize.sh). It reads a case list on stdin, one case a line,
 * written from /work/shared/vectors-style files by the script:
 *
 *   ann <file> <index> <parent hex> <verdict> <work hash hex | ->
 *   block <hap file> <commitment file> <height> <parent hex> <verdict> <work hash hex>
 *   randhash <seed hex> <program words> <sha256 prefix hex> <state prefix hex>
 *
 * then mines one announcement set and block end to end, on every SIMD path
 * the CPU has. Prints a line per failure and exits 1 if any case failed.
 */
#include "packetcrypt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
static int cases;

static void fail(const char *what, const char *detail) {
    failures++;
    fprintf(stderr, "FAIL %s: %s\n", what, detail);
}

static int from_hex(uint8_t *out, size_t len, const char *hex) {
    if (strlen(hex) != 2 * len) return -1;
    for (size_t i = 0; i < len; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) return -1;
        out[i] = (uint8_t)v;
    }
    return 0;
}

static void to_hex(char *out, const uint8_t *in, size_t len) {
    for (size_t i = 0; i < len; i++) sprintf(out + 2 * i, "%02x", in[i]);
}

/* The whole file, malloc'd exactly to its size so overreads are caught. */
static uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void check_ann(pc_ann_validator *v, char *args) {
    char file[512], parent_hex[65], hash_hex[65];
    int index, verdict;
    if (sscanf(args, "%511s %d %64s %d %64s", file, &index, parent_hex, &verdict, hash_hex) != 5) {
        fail("ann", "malformed case");
        return;
    }
    size_t len;
    uint8_t *all = read_file(file, &len);
    uint8_t parent[32];
    if (!all || (size_t)(index + 1) * PC_ANN_SIZE > len || from_hex(parent, 32, parent_hex)) {
        fail("ann", file);
        free(all);
        return;
    }
    uint8_t *ann = malloc(PC_ANN_SIZE);
    memcpy(ann, all + (size_t)index * PC_ANN_SIZE, PC_ANN_SIZE);
    uint8_t work[32];
    int got = pc_ann_validate(v, ann, parent, 0, work);
    char detail[256], work_hex[65];
    to_hex(work_hex, work, 32);
    if (got != verdict || (strcmp(hash_hex, "-") && strcmp(hash_hex, work_hex))) {
        snprintf(detail, sizeof detail, "%s[%d]: %s, want %s, work %s", file, index, pc_ann_result_name(got),
                 pc_ann_result_name(verdict), work_hex);
        fail("ann", detail);
    }
    cases++;
    free(ann);
    free(all);
}

static void check_block(pc_ann_validator *v, char *args) {
    char hap_file[512], commit_file[512], parent_hex[65], hash_hex[65];
    unsigned height;
    int verdict;
    if (sscanf(args, "%511s %511s %u %64s %d %64s", hap_file, commit_file, &height, parent_hex, &verdict, hash_hex) != 6) {
        fail("block", "malformed case");
        return;
    }
    size_t hap_len, commit_len;
    uint8_t *hap = read_file(hap_file, &hap_len), *commit = read_file(commit_file, &commit_len);
    uint8_t parent[32], parents[4 * 32];
    if (!hap || !commit || hap_len < PC_HAP_PROOF_OFFSET || commit_len != PC_COMMIT_SIZE || from_hex(parent, 32, parent_hex)) {
        fail("block", hap_file);
        free(hap);
        free(commit);
        return;
    }
    for (int i = 0; i < 4; i++) memcpy(parents + 32 * i, parent, 32);
    uint32_t low_nonce;
    memcpy(&low_nonce, hap + PC_HAP_NONCE_OFFSET, 4);
    pc_pcp pcp = {.header = hap, .low_nonce = low_nonce, .proof = hap + PC_HAP_PROOF_OFFSET,
                  .proof_len = hap_len - PC_HAP_PROOF_OFFSET};
    for (int i = 0; i < 4; i++) pcp.anns[i] = hap + PC_HAP_ANNS_OFFSET + i * PC_ANN_SIZE;
    pc_block_verdict out;
    int got = pc_block_check(v, &pcp, commit, height, 0, parents, 0, &out);
    char work_hex[65], detail[256];
    to_hex(work_hex, out.work_hash, 32);
    if (got != verdict || strcmp(work_hex, hash_hex)) {
        snprintf(detail, sizeof detail, "%s: %s, want %s, work %s", hap_file, pc_block_result_name(got),
                 pc_block_result_name(verdict), work_hex);
        fail("block", detail);
    }
    /* Every shorter proof must be refused without reading past its end. */
    for (size_t cut = 0; cut < pcp.proof_len; cut += 7) {
        uint8_t *shorter = malloc(cut ? cut : 1);
        memcpy(shorter, pcp.proof, cut);
        pc_pcp short_pcp = pcp;
        short_pcp.proof = shorter;
        short_pcp.proof_len = cut;
        if (pc_block_check(v, &short_pcp, commit, height, 0, parents, 0, &out) == PC_BLOCK_OK) {
            fail("block", "a truncated proof was accepted");
        }
        free(shorter);
    }
    cases++;
    free(hap);
    free(commit);
}

static void check_randhash(char *args) {
    char seed_hex[65], sha_hex[17], state_hex[65];
    int words;
    uint8_t seed[32];
    if (sscanf(args, "%64s %d %16s %64s", seed_hex, &words, sha_hex, state_hex) != 4 || from_hex(seed, 32, seed_hex)) {
        fail("randhash", "malformed case");
        return;
    }
    uint32_t *prog = malloc(PC_PROGRAM_MAX_WORDS * sizeof *prog);
    int len = pc_randgen(prog, seed);
    char detail[256], hex[65];
    if (len != words) {
        snprintf(detail, sizeof detail, "seed %s: %d words, want %d", seed_hex, len, words);
        fail("randhash", detail);
    } else if (len > 0) {
        uint8_t digest[32];
        pc_sha256(digest, prog, (size_t)len * 4);
        to_hex(hex, digest, 8);
        if (strcmp(hex, sha_hex)) fail("randhash program", seed_hex);
        uint8_t *state = malloc(PC_CC_STATE_SIZE), *reference = malloc(PC_CC_STATE_SIZE);
        uint32_t *memory = malloc(PC_RANDHASH_MEMORY_WORDS * 4);
        pc_hash_expand(state, PC_CC_STATE_SIZE, seed, 7);
        pc_hash_expand((uint8_t *)memory, PC_RANDHASH_MEMORY_WORDS * 4, seed, 9);
        memcpy(reference, state, PC_CC_STATE_SIZE);
        if (pc_randhash(prog, len, state, memory, 2) != 0) fail("randhash run", seed_hex);
        if (pc_randhash_reference(prog, len, reference, memory, 2) != 0) fail("randhash reference run", seed_hex);
        to_hex(hex, state, 32);
        if (strcmp(hex, state_hex)) fail("randhash state", seed_hex);
        if (memcmp(state, reference, PC_CC_STATE_SIZE)) fail("randhash interpreters differ", seed_hex);
        free(state);
        free(reference);
        free(memory);
    }
    cases++;
    free(prog);
}

/* Mines 64 announcements at an easy target, builds their set, mines a
 * block over it, proves it and checks the proof. */
static void mine_round_trip(pc_ann_validator *v) {
    pc_ann_job job = {.parent_height = 1000, .work_bits = 0x207fffff};
    memset(job.parent_hash, 0x5a, 32);
    pc_ann_miner *m = pc_ann_miner_new();
    uint8_t *anns = malloc(64 * PC_ANN_SIZE);
    int found = 0;
    for (uint32_t hard = 1; found < 64 && hard < 64; hard++) {
        if (pc_ann_miner_start(m, &job, hard, NULL) != PC_ANN_OK) continue;
        uint32_t hashes;
        found += pc_ann_miner_search(m, 4096, anns + (size_t)found * PC_ANN_SIZE, 64 - found, NULL, &hashes);
    }
    pc_ann_miner_free(m);
    for (int i = 0; i < found; i++) {
        if (pc_ann_validate(v, anns + (size_t)i * PC_ANN_SIZE, job.parent_hash, 0, NULL) != PC_ANN_OK) {
            fail("mined announcement", "does not validate");
        }
    }
    const uint8_t *chunks[1] = {anns};
    uint32_t counts[1] = {(uint32_t)found};
    pc_ann_set *set = NULL;
    if (found < 4 || pc_ann_set_build(&set, chunks, counts, 1, 1003, 2) != PC_ANN_SET_OK) {
        fail("announcement set", "not built");
        free(anns);
        return;
    }
    uint8_t commit[PC_COMMIT_SIZE], header[PC_BLOCK_HEADER_SIZE] = {0};
    pc_ann_set_commitment(set, commit);
    uint32_t bits = 0x207fffff, next = 0, hashes;
    memcpy(header + 72, &bits, 4);
    pc_block_found block;
    if (pc_block_search(set, header, 0, &next, 1 << 16, &block, 1, NULL, &hashes) != 1) {
        fail("block search", "nothing found at an easy target");
    } else {
        uint8_t *hap = malloc(PC_HAP_MAX);
        long len = pc_block_prove(set, &block, hap, PC_HAP_MAX);
        uint8_t parents[4 * 32];
        memset(parents, 0x5a, sizeof parents);
        pc_pcp pcp = {.header = hap, .low_nonce = block.low_nonce, .proof = hap + PC_HAP_PROOF_OFFSET,
                      .proof_len = len > PC_HAP_PROOF_OFFSET ? (size_t)(len - PC_HAP_PROOF_OFFSET) : 0};
        for (int i = 0; i < 4; i++) pcp.anns[i] = hap + PC_HAP_ANNS_OFFSET + i * PC_ANN_SIZE;
        pc_block_verdict out;
        if (len < PC_HAP_PROOF_OFFSET || pc_block_check(v, &pcp, commit, 1003, 0, parents, 0, &out) != PC_BLOCK_OK) {
            fail("mined block", "its proof does not check");
        }
        free(hap);
    }
    cases++;
    pc_ann_set_free(set);
    free(anns);
}

int main(void) {
    if (pc_init() != 0) {
        fprintf(stderr, "pc_init failed\n");
        return 1;
    }
    static char line[4096];
    char **lines = NULL;
    size_t count = 0;
    while (fgets(line, sizeof line, stdin)) {
        lines = realloc(lines, (count + 1) * sizeof *lines);
        lines[count++] = strdup(line);
    }
    pc_ann_validator *v = pc_ann_validator_new();
    for (int level = PC_SIMD_PORTABLE; level <= pc_simd_max_level(); level++) {
        pc_set_simd_level(level);
        int before = cases;
        for (size_t i = 0; i < count; i++) {
            char kind[16];
            int used;
            if (sscanf(lines[i], "%15s %n", kind, &used) != 1) continue;
            if (!strcmp(kind, "ann")) check_ann(v, lines[i] + used);
            else if (!strcmp(kind, "block")) check_block(v, lines[i] + used);
            else if (!strcmp(kind, "randhash")) check_randhash(lines[i] + used);
        }
        mine_round_trip(v);
        printf("SIMD path %d: %d cases\n", level, cases - before);
    }
    pc_ann_validator_free(v);
    for (size_t i = 0; i < count; i++) free(lines[i]);
    free(lines);
    printf("%d cases, %d failures\n", cases, failures);
    return failures ? 1 : 0;
}
