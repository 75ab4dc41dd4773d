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

/* Initialises libsodium and selects the fastest SIMD code path this CPU
 * supports. Returns 0, or -1 when it cannot start. */
int pc_init(void);

/* ---- SIMD code paths ---- */

/* Every path computes the same bytes; they differ only in speed. */
enum {
    PC_SIMD_PORTABLE = 0, /* baseline x86-64 (libsodium's primitives) */
    PC_SIMD_AVX2 = 1,     /* AVX2 */
    PC_SIMD_AVX512 = 2,   /* AVX-512 F, BW and VL */
};
/* The best path this CPU supports (from CPUID and the OS's saved state). */
int pc_simd_max_level(void);
/* Selects a path for the whole process, capped at pc_simd_max_level();
 * returns the path in force. Safe to call while other threads run. Without
 * a call, pc_init picks the best path, capped by the environment variable
 * PC_SIMD_LEVEL (portable, avx2 or avx512) when it is set. */
int pc_set_simd_level(int level);
int pc_get_simd_level(void);

/* ---- Hashes ---- */

/* HashExpand: the ChaCha20 (IETF) keystream under key `seed` and nonce
 * LE32(counter) || "PC_EXPND". */
void pc_hash_expand(uint8_t *out, size_t len, const uint8_t seed[32], uint32_t counter);
void pc_blake2b_256(uint8_t out[32], const void *in, size_t len);
void pc_blake2b_512(uint8_t out[64], const void *in, size_t len);
/* BLAKE2b with an `outlen`-byte digest (8..64, a multiple of 8) of `n`
 * inputs of one length `len`, several at a time (SIMD lanes); `out[i]` may
 * equal `in[i]`. */
void pc_blake2b_many(uint8_t *const *out, size_t outlen, const uint8_t *const *in, size_t len, size_t n);
void pc_sha256(uint8_t out[32], const void *in, size_t len);
void pc_sha256d(uint8_t out[32], const void *in, size_t len);
/* X25519 of a (clamped) scalar with the base point u = 9. */
void pc_x25519_base(uint8_t out[32], const uint8_t scalar[32]);
/* X25519 of a (clamped) scalar with the point u. */
void pc_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32]);
/* X25519(a, X25519(b, 9)), computed as one fixed-base multiplication by
 * clamp(a) * clamp(b) mod l. */
void pc_x25519_base_twice(uint8_t out[32], const uint8_t a[32], const uint8_t b[32]);

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
/* The same Smul step by pc_x25519_base_twice (block mining). pc_cc_smul
 * computes it with libsodium's own X25519 and is what validation uses; the
 * tests cross-check the two on random states. */
void pc_cc_smul_fast(pc_cc_state *s);
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
/* The same by a plain switch interpreter: the reference the tests compare
 * pc_randhash (a pre-decoded, computed-goto interpreter) with. */
int pc_randhash_reference(const uint32_t *prog, int prog_len, uint8_t state[PC_CC_STATE_SIZE],
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

/* A validation context (about 170 KiB). Not shared between threads. It
 * keeps the last two programs it made, so announcements that share a hard
 * nonce validate faster one after another. */
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

/* ---- Signed announcements ---- */

/* An Ed25519 key pair from a 32-byte seed; the public key goes in an
 * announcement's signing-key field (bytes 56..88). */
void pc_ann_keypair(uint8_t public_key[32], uint8_t secret_key[64], const uint8_t seed[32]);
/* Signs all 1024 bytes of a mined announcement, as blocks carry it. */
void pc_ann_sign(uint8_t signature[64], const uint8_t ann[PC_ANN_SIZE], const uint8_t secret_key[64]);

/* ---- Coinbase commitment ---- */

enum {
    PC_COMMIT_SIZE = 48,
    /* OP_RETURN, push 48, then the commitment. */
    PC_COMMIT_SCRIPT_SIZE = 50,
    PC_COMMIT_MAGIC = 0x0211f909,
};

/* magic || LE32 ann_min_target || root || LE64 ann_count */
void pc_commit_encode(uint8_t commit[PC_COMMIT_SIZE], uint32_t ann_min_target, const uint8_t root[32],
                      uint64_t ann_count);
/* The coinbase output script that carries `commit`. */
void pc_commit_script(uint8_t script[PC_COMMIT_SCRIPT_SIZE], const uint8_t commit[PC_COMMIT_SIZE]);
/* pktd's reading of one output script: a script longer than 6 bytes that
 * starts 6a30 09f91102 holds a commitment, script[2..50) with missing bytes
 * read as zero. Returns 1 and fills `commit`, or 0 for any other script. */
int pc_commit_from_script(uint8_t commit[PC_COMMIT_SIZE], const uint8_t *script, size_t len);

/* ---- Announcement sets and their tree ---- */

enum {
    /* Announcements are handed to a set in chunks of at most this many. */
    PC_ANN_CHUNK_SHIFT = 12,
    PC_ANN_CHUNK_ANNS = 1 << PC_ANN_CHUNK_SHIFT,
};

/* The announcements one block is mined over, sorted and de-duplicated by
 * hash, with the tree its coinbase commits to. Read-only once built, so any
 * number of mining threads may share it. It refers to the caller's chunks
 * without copying them: they must outlive the set. */
typedef struct pc_ann_set pc_ann_set;

typedef enum {
    PC_ANN_SET_OK = 0,
    /* No announcement is usable at this height. */
    PC_ANN_SET_EMPTY = 1,
    PC_ANN_SET_NO_MEMORY = 2,
    /* More chunks than positions can address (2^20 chunks). */
    PC_ANN_SET_TOO_MANY = 3,
} pc_ann_set_result;

/* Builds the set for a block at `block_height` from `chunk_count` chunks,
 * chunk i holding chunk_anns[i] (at most PC_ANN_CHUNK_ANNS) announcements
 * of 1024 bytes. Keeps the announcements usable at that height (parent
 * below it, aged target valid; signed ones are left out, since no
 * signature travels with them), chooses the least-work target that gives
 * the easiest effective block target, and drops duplicate hashes as the
 * protocol requires. Hashes on `threads` threads. */
pc_ann_set_result pc_ann_set_build(pc_ann_set **out, const uint8_t *const *chunks, const uint32_t *chunk_anns,
                                   uint32_t chunk_count, uint32_t block_height, int threads);
void pc_ann_set_free(pc_ann_set *s);

uint64_t pc_ann_set_count(const pc_ann_set *s);
/* The commitment's minimum announcement target (highest aged target held). */
uint32_t pc_ann_set_min_target(const pc_ann_set *s);
uint32_t pc_ann_set_height(const pc_ann_set *s);
/* The commitment root: BLAKE2b-256 of the tree's root entry. */
void pc_ann_set_root(const pc_ann_set *s, uint8_t root[32]);
/* The full 48-byte coinbase commitment for this set. */
void pc_ann_set_commitment(const pc_ann_set *s, uint8_t commit[PC_COMMIT_SIZE]);
/* The announcement at sorted position `position` (< count). */
const uint8_t *pc_ann_set_announcement(const pc_ann_set *s, uint64_t position);
/* Bytes the set itself holds (positions and tree), beyond the announcements. */
size_t pc_ann_set_memory(const pc_ann_set *s);

/* ---- Block mining ---- */

enum {
    PC_BLOCK_HEADER_SIZE = 80,
    /* Header-and-proof form: header, 4 zero bytes, LE32 low nonce, the 4
     * announcements, then the announcement proof. */
    PC_HAP_NONCE_OFFSET = 84,
    PC_HAP_ANNS_OFFSET = 88,
    PC_HAP_PROOF_OFFSET = 88 + 4 * PC_ANN_SIZE,
    /* A PcP's type-1 entity holds at most 131072 bytes. */
    PC_PROOF_MAX = 131072 - 4 - 4 * PC_ANN_SIZE,
    PC_HAP_MAX = PC_HAP_PROOF_OFFSET + PC_PROOF_MAX,
};

/* One nonce that met the share or block target: all a proof needs. */
typedef struct {
    uint8_t header[PC_BLOCK_HEADER_SIZE];
    uint32_t low_nonce;
    uint64_t item_no[4];
    uint8_t work_hash[32];
    int is_block;
} pc_block_found;

/* Tries up to `max_hashes` low nonces from *next_nonce over `set` with
 * `header` (its nonce field is the high nonce), advancing *next_nonce.
 * A hash that meets the effective block target is a block; with
 * `share_bits` non-zero, one that meets the effective share target is a
 * share. Nonces whose proof pktd cannot check (an even announcement count
 * with the last announcement chosen) are skipped. Writes at most
 * `max_found` results; returns their number; *hashes gets nonces tried.
 * Stops early when `stop` (may be NULL) is raised. */
int pc_block_search(const pc_ann_set *set, const uint8_t header[PC_BLOCK_HEADER_SIZE], uint32_t share_bits,
                    uint32_t *next_nonce, uint32_t max_hashes, pc_block_found *found, int max_found,
                    const pc_signal *stop, uint32_t *hashes);

/* Writes the header-and-proof form of `found` into `hap` (capacity
 * PC_HAP_MAX is always enough). Returns its length, or -1 when `found`
 * does not belong to `set`. */
long pc_block_prove(const pc_ann_set *set, const pc_block_found *found, uint8_t *hap, size_t capacity);

/* ---- Block and share validation ---- */

/* Verdicts, named and numbered as Validate_checkBlock_* names them. */
typedef enum {
    PC_BLOCK_OK = 0,
    PC_BLOCK_SHARE_OK = 1,
    PC_BLOCK_ANN_INVALID = 2,
    PC_BLOCK_ANN_INSUF_POW = 3,
    PC_BLOCK_ANN_SIG_INVALID = 4,
    PC_BLOCK_ANN_CONTENT_INVALID = 5,
    PC_BLOCK_PCP_INVAL = 6,
    PC_BLOCK_PCP_MISMATCH = 7,
    PC_BLOCK_INSUF_POW = 8,
    PC_BLOCK_BAD_COINBASE = 9,
} pc_block_result;

/* "OK", "PCP_INVAL", ...; "UNKNOWN" for other values. */
const char *pc_block_result_name(int result);

/* A PacketCrypt proof as carried by a block (PcP version 2). */
typedef struct {
    const uint8_t *header;          /* 80 bytes */
    uint32_t low_nonce;
    const uint8_t *anns[4];         /* 1024 bytes each, in the order mined */
    const uint8_t *proof;           /* the announcement proof */
    size_t proof_len;
    const uint8_t *signatures[4];   /* 64 bytes for each signed announcement, else NULL */
} pc_pcp;

/* What pc_block_check found. */
typedef struct {
    pc_block_result result;
    int ann_index;                  /* the announcement, for ANN_* results; else -1 */
    pc_ann_result ann_result;       /* why, for ANN_INVALID */
    int reason;                     /* the proof-tree reason, for PCP_INVAL (pc_proof_result) */
    uint32_t effective_target;      /* the block's effective target */
    uint8_t work_hash[32];          /* zero when not computed */
} pc_block_verdict;

/* Why an announcement proof was refused (pktd's PcpHash). */
typedef enum {
    PC_PROOF_OK = 0,
    PC_PROOF_DUPLICATE_DATA = 1,   /* a value disagrees with one already known */
    PC_PROOF_RUNT = 2,             /* the proof ends before a field starts */
    PC_PROOF_EXTRA_DATA = 3,       /* bytes left after the last field */
    PC_PROOF_ROOT_FLAGS = 4,       /* the root could not be computed */
    PC_PROOF_ROOT_VALUES = 5,      /* the root's range is not the whole space */
    PC_PROOF_BAD_COUNT = 6,        /* announcement count 0 or too large */
} pc_proof_result;

const char *pc_proof_result_name(int result);

/* Checks `pcp` against the block's coinbase commitment at `block_height`,
 * in pktd's order: signatures, commitment, work, each announcement (against
 * the i-th 32 bytes of parent_hashes, raw order) and its aged target, then
 * the proof tree.
 * With `share_bits` non-zero, work that meets only the share target gives
 * PC_BLOCK_SHARE_OK. `v` is a validation context (not shared between
 * threads). Returns out->result. */
pc_block_result pc_block_check(pc_ann_validator *v, const pc_pcp *pcp, const uint8_t commit[PC_COMMIT_SIZE],
                               uint32_t block_height, uint32_t share_bits, const uint8_t parent_hashes[4 * 32],
                               uint32_t min_v1_parent_height, pc_block_verdict *out);

/* The root an announcement proof gives (pktd's PcpHash) for the 4
 * announcement hashes (32 bytes each) and item numbers, or a reason. */
pc_proof_result pc_proof_root(const uint8_t ann_hashes[4 * 32], uint64_t ann_count, const uint64_t item_no[4],
                              const uint8_t *proof, size_t proof_len, uint8_t root[32]);

#ifdef __cplusplus
}
#endif

#endif
