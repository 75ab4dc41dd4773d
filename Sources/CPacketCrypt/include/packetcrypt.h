/*
 * The PacketCrypt kernel: everything PKT's proof of work computes, byte for
 * byte as pktd does. Call pc_init() once before anything else.
 *
 * Byte order: every hash, target and block hash here is raw bytes in memory
 * order (the order the network hashes them), never the reversed display
 * order that pktd's RPC prints. Targets and work hashes compare as
 * little-endian 256-bit numbers.
 */
#ifndef PACKETCRYPT_H
#define PACKETCRYPT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    PC_ANN_SIZE = 1024,
    PC_ANN_HEADER_SIZE = 88,
    PC_ANN_TABLE_ITEMS = 8192,
    PC_CC_STATE_SIZE = 2048,
    PC_PROGRAM_MAX_WORDS = 2048,
    PC_RANDHASH_MEMORY_WORDS = 256,
    /* pktd refuses version-1 announcements whose parent is below this height. */
    PC_ANN_V1_MIN_PARENT_HEIGHT_MAINNET = 103869,
};

/* Initialises libsodium. Returns 0, or -1 when it cannot start. */
int pc_init(void);

/* ---- Hashes ---- */

/* HashExpand: the ChaCha20 (IETF) keystream under key `seed` and nonce
 * LE32(counter) || "PC_EXPND". */
void pc_hash_expand(uint8_t *out, size_t len, const uint8_t seed[32], uint32_t counter);
void pc_blake2b_256(uint8_t out[32], const void *in, size_t len);
void pc_blake2b_512(uint8_t out[64], const void *in, size_t len);
void pc_sha256(uint8_t out[32], const void *in, size_t len);
void pc_sha256d(uint8_t out[32], const void *in, size_t len);

/* ---- CryptoCycle ---- */

/* The 2048-byte CryptoCycle state. */
typedef struct { uint8_t bytes[PC_CC_STATE_SIZE]; } pc_cc_state;

void pc_cc_init(pc_cc_state *s, const uint8_t seed[32], uint64_t nonce);
void pc_cc_make_fuzzable(pc_cc_state *s);
/* One ChaCha20-Poly1305 pass over the state. Returns 0, or -1 when the
 * control word is invalid (the state's failed flag is then set). */
int pc_cc_crypt(pc_cc_state *s);
/* Copies the 1024-byte item in, makes the state fuzzable and crypts it. */
void pc_cc_update(pc_cc_state *s, const uint8_t item[PC_ANN_SIZE]);
/* X25519 step of block mining. */
void pc_cc_smul(pc_cc_state *s);
/* state[0..32) = BLAKE2b-256(state). */
void pc_cc_final(pc_cc_state *s);
uint64_t pc_cc_item_no(const pc_cc_state *s);

/* ---- RandGen and RandHash ---- */

enum {
    PC_RANDGEN_TOO_BIG = -1,
    PC_RANDHASH_TOO_LONG = -3,
    PC_RANDHASH_EMPTY = -4,
};

/* Generates the program for `seed`. Returns its length in words (at most
 * PC_PROGRAM_MAX_WORDS), or PC_RANDGEN_TOO_BIG for a program pktd refuses. */
int pc_randgen(uint32_t prog[PC_PROGRAM_MAX_WORDS], const uint8_t seed[32]);

/* Runs `prog` (made by pc_randgen) for `cycles` cycles over the state
 * (words 0..255 in, 256..511 out, swapped per cycle) with read-only
 * `memory`. Returns 0, PC_RANDHASH_TOO_LONG past 20000 ops in a cycle (or
 * for a program RandGen cannot make), or
 * PC_RANDHASH_EMPTY for an empty program. */
int pc_randhash(const uint32_t *prog, int prog_len, uint8_t state[PC_CC_STATE_SIZE],
                const uint32_t memory[PC_RANDHASH_MEMORY_WORDS], int cycles);

/* ---- Difficulty ---- */

/* Compact bits to a 256-bit little-endian target. Returns 0, or -1 when the
 * bits are negative or the target does not fit in 256 bits (out is zero). */
int pc_bits_to_target(uint8_t target[32], uint32_t bits);
/* A 256-bit little-endian target to compact bits. */
uint32_t pc_target_to_bits(const uint8_t target[32]);
/* floor(2^256 / (target + 1)) as a 33-byte little-endian number. */
void pc_work_for_target(uint8_t work[33], const uint8_t target[32]);
/* True when LE256(hash) <= target(bits) (pktd's IsOk). */
int pc_work_is_ok(const uint8_t hash[32], uint32_t bits);
/* Highest soft nonce an announcement at `bits` may carry (Pc2AnnSoftNonceMax);
 * 0 for bits with a zero mantissa. */
uint32_t pc_ann_soft_nonce_max(uint32_t bits);
/* Aged announcement target for age = block height - parent height (v2);
 * 0xffffffff when the announcement is not usable at that age. */
uint32_t pc_ann_aged_target(uint32_t bits, uint32_t age);
/* Effective block target for a PcP v2 block (GetEffectiveTarget). */
uint32_t pc_effective_target(uint32_t block_bits, uint32_t ann_min_target, uint64_t ann_count);
/* True when a commitment's minimum announcement target is acceptable (v2). */
int pc_ann_min_target_ok(uint32_t bits);

/* ---- Announcements ---- */

/* Announcement verdicts, named as pktd names them (Validate_checkAnn_*). */
typedef enum {
    PC_ANN_OK = 0,
    PC_ANN_INVAL = 1,
    PC_ANN_INVAL_ITEM4 = 2,
    PC_ANN_INSUF_POW = 3,
    PC_ANN_SOFT_NONCE_HIGH = 4,
    PC_ANN_INVAL_MERKLE = 5,
    PC_ANN_BAD_PROGRAM = 6,
    PC_ANN_BAD_PROGRAM_EXEC = 7,
    PC_ANN_BAD_PROGRAM0 = 8,
    PC_ANN_BAD_PROGRAM0_EXEC = 9,
    PC_ANN_VERSION_NOT_ALLOWED = 10,
    PC_ANN_VERSION_MISMATCH = 11,
} pc_ann_result;

/* "OK", "INVAL_ITEM4", ...; "UNKNOWN" for other values. */
const char *pc_ann_result_name(int result);

/* What an announcement commits to besides its nonces. */
typedef struct {
    uint8_t parent_hash[32];
    uint32_t parent_height;
    uint32_t work_bits;
    uint32_t content_type;
    uint32_t content_length;
    uint8_t content_hash[32];
    uint8_t signing_key[32];
} pc_ann_job;

/* A flag one thread raises to stop kernel work running on another. */
typedef struct pc_signal pc_signal;
pc_signal *pc_signal_new(void);
void pc_signal_free(pc_signal *s);
void pc_signal_raise(pc_signal *s);
void pc_signal_clear(pc_signal *s);
int pc_signal_is_raised(const pc_signal *s);

/* One mining thread's context (about 18 MiB): both item tables, the Merkle
 * tree and the programs. Allocate once per thread and reuse. */
typedef struct pc_ann_miner pc_ann_miner;
pc_ann_miner *pc_ann_miner_new(void);
void pc_ann_miner_free(pc_ann_miner *m);

/* pc_ann_miner_start's answer when `stop` was raised before it finished. */
enum { PC_ANN_MINER_STOPPED = -1 };

/* Prepares `job` at `hard_nonce`: builds both 8192-item tables. Returns
 * PC_ANN_OK; PC_ANN_BAD_PROGRAM or PC_ANN_BAD_PROGRAM_EXEC when this hard
 * nonce gives an unusable program (take another); or PC_ANN_MINER_STOPPED. */
int pc_ann_miner_start(pc_ann_miner *m, const pc_ann_job *job, uint32_t hard_nonce,
                       const pc_signal *stop);

/* Tries up to `max_hashes` soft nonces, continuing where the last call
 * stopped, and writes each announcement found (1024 bytes) to `out`, at
 * most `max_anns`. Stops early when `stop` (may be NULL) is raised. Returns
 * the number of announcements written; *hashes gets the soft nonces tried. */
int pc_ann_miner_search(pc_ann_miner *m, uint32_t max_hashes, uint8_t *out, int max_anns,
                        const pc_signal *stop, uint32_t *hashes);

/* Soft nonces still to try at this hard nonce (0: call start again). */
uint32_t pc_ann_miner_remaining(const pc_ann_miner *m);

/* A validation context (about 50 KiB). Not shared between threads. */
typedef struct pc_ann_validator pc_ann_validator;
pc_ann_validator *pc_ann_validator_new(void);
void pc_ann_validator_free(pc_ann_validator *v);

/* Checks one announcement against the hash of its parent block, as pktd's
 * CheckAnn does inside a PcP version 2 block. `min_v1_parent_height` is the
 * network's activation height for version-1 announcements
 * (PC_ANN_V1_MIN_PARENT_HEIGHT_MAINNET on PKT, 0 on a devnet). The work
 * hash is written to `work_hash` (may be NULL) whenever it was computed,
 * zeroed otherwise. */
pc_ann_result pc_ann_validate(pc_ann_validator *v, const uint8_t ann[PC_ANN_SIZE],
                              const uint8_t parent_hash[32], uint32_t min_v1_parent_height,
                              uint8_t work_hash[32]);

#ifdef __cplusplus
}
#endif

#endif
