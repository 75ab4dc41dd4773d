/* RandHash over a batch of table items that share one program: each
 * decoded instruction runs for every item of the batch before the next is
 * dispatched (the stack is laid out slot by slot, one word per item, so
 * the simple operations vectorise). Items whose branches disagree run the
 * two sides of the branch under separate masks; the values computed for
 * items outside the mask land in slots that are popped at the branch's END
 * and are never read. Any batch in which an item would pass the op limit,
 * or whose program is not shaped as RandGen shapes branches, is reported
 * back so the caller can run its items one at a time. */
#include "internal.h"
#include "opcodes.h"
#include "randhash_ops.h"
#include "simd.h"

enum { MAX_OPS = 20000, STACK_MAX = 6 * PC_PROGRAM_MAX_WORDS, K = PC_RH_BATCH };

typedef uint32_t lane_t[K];

typedef struct {
    const pc_rh_insn *insn;
    int len;
    lane_t *s;                   /* value stack, then the constant slots */
    uint32_t (*in)[512];         /* each item's state words (in half at in_off) */
    const uint32_t *memory[K];   /* each item's memory window */
    uint32_t in_off, out_off;    /* 0 or 256: which half is input this cycle */
    uint32_t hash_ctr[K];
    int ops[K];
    int sp;
    uint32_t loop_cycle[K]; /* per item: the last loop index it ran (MEMORY reads it) */
    int abort;
} bvm;

static _Thread_local lane_t batch_stack[STACK_MAX + 2 * PC_PROGRAM_MAX_WORDS];
static _Thread_local uint32_t batch_words[K][512];

/* The same code three times: the item loops vectorise to the path's width. */
#define TARGET
#define FN(x) x##_portable
#include "randhash_batch_body.h"
#undef TARGET
#undef FN
#define TARGET __attribute__((target("avx2")))
#define FN(x) x##_avx2
#include "randhash_batch_body.h"
#undef TARGET
#undef FN
#define TARGET __attribute__((target("avx512f,avx512bw,avx512vl")))
#define FN(x) x##_avx512
#include "randhash_batch_body.h"
#undef TARGET
#undef FN

int pc_rh_run_batch(const pc_rh_program *d, uint8_t *const state[PC_RH_BATCH],
                    const uint32_t *const memory[PC_RH_BATCH], int cycles) {
    if (d->len <= 0) return -1;
    switch (pc_simd_level()) {
    case PC_SIMD_AVX512: return batch_avx512(d, state, memory, cycles);
    case PC_SIMD_AVX2: return batch_avx2(d, state, memory, cycles);
    default: return batch_portable(d, state, memory, cycles);
    }
}
