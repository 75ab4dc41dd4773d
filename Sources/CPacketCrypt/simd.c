/* Which SIMD code path the kernel runs: detected once from CPUID, and
 * lowered on request (tests run every path the machine supports). */
#include <cpuid.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "simd.h"

static _Atomic int max_level = -1;
static _Atomic int chosen = 0; /* set by the first init or by any explicit choice */
_Atomic int pc_simd_level_current = PC_SIMD_PORTABLE;

static int detect(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return PC_SIMD_PORTABLE;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!osxsave || !avx) return PC_SIMD_PORTABLE;
    unsigned xcr0_lo, xcr0_hi;
    __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    (void)xcr0_hi;
    if ((xcr0_lo & 0x6) != 0x6) return PC_SIMD_PORTABLE; /* XMM and YMM state */
    if (__get_cpuid_max(0, 0) < 7) return PC_SIMD_PORTABLE;
    __cpuid_count(7, 0, a, b, c, d);
    int avx2 = (b >> 5) & 1, bmi2 = (b >> 8) & 1;
    int avx512f = (b >> 16) & 1, avx512bw = (b >> 30) & 1, avx512vl = (b >> 31) & 1;
    if (!avx2 || !bmi2) return PC_SIMD_PORTABLE;
    int zmm_state = (xcr0_lo & 0xe6) == 0xe6; /* opmask, ZMM_Hi256, Hi16_ZMM */
    if (avx512f && avx512bw && avx512vl && zmm_state) return PC_SIMD_AVX512;
    return PC_SIMD_AVX2;
}

int pc_simd_max_level(void) {
    int m = atomic_load_explicit(&max_level, memory_order_relaxed);
    if (m < 0) {
        m = detect();
        atomic_store_explicit(&max_level, m, memory_order_relaxed);
    }
    return m;
}

static void store(int level) {
    int m = pc_simd_max_level();
    if (level < PC_SIMD_PORTABLE) level = PC_SIMD_PORTABLE;
    if (level > m) level = m;
    atomic_store_explicit(&pc_simd_level_current, level, memory_order_relaxed);
}

int pc_set_simd_level(int level) {
    atomic_store(&chosen, 1);
    store(level);
    return pc_simd_level();
}

int pc_get_simd_level(void) { return pc_simd_level(); }

/* The environment variable PC_SIMD_LEVEL (portable, avx2, avx512 or 0..2)
 * caps the path, so that a whole test run can be repeated on each path. */
void pc_simd_init_once(void) {
    int expected = 0;
    if (!atomic_compare_exchange_strong(&chosen, &expected, 1)) return;
    int level = pc_simd_max_level();
    const char *env = getenv("PC_SIMD_LEVEL");
    if (env) {
        if (strcmp(env, "portable") == 0 || strcmp(env, "0") == 0) level = PC_SIMD_PORTABLE;
        else if (strcmp(env, "avx2") == 0 || strcmp(env, "1") == 0) level = PC_SIMD_AVX2;
    }
    store(level);
}
