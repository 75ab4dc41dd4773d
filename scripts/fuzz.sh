#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a number of runs or seconds.
#   scripts/fuzz.sh [--runs N] [--seconds S] [--keep-going] [--no-build] [target...]
# Targets: the Swift harnesses in Fuzz/Sources (FuzzClusterFrame,
# FuzzAnnouncement, FuzzBlockProof, FuzzWireCodec, FuzzDevnetRPC,
# FuzzSettings) and the C kernel's FuzzKernel (Fuzz/C); default all of them.
# Default --runs 20000 (the short mode CI runs); with both, a target stops
# at whichever limit it reaches first. Each target starts from its
# checked-in seeds (Fuzz/corpus/<target>) plus what earlier runs found
# (Fuzz/.build/corpus/<target>); a crashing input is written to
# Fuzz/.build/artifacts/<target>/. Exits non-zero if any target fails.
# --keep-going (with --seconds) runs libFuzzer in fork mode and goes on
# after a crash, to collect every distinct crash a target has.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
all=(FuzzClusterFrame FuzzAnnouncement FuzzBlockProof FuzzWireCodec FuzzDevnetRPC FuzzSettings FuzzKernel)
limit=()
build=1
keep=()
targets=()
while [ $# -gt 0 ]; do
    case $1 in
        --runs) limit+=(-runs="$2"); shift 2 ;;
        --seconds) limit+=(-max_total_time="$2"); shift 2 ;;
        --no-build) build=0; shift ;;
        --keep-going) keep=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1); shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
[ ${#limit[@]} -gt 0 ] || limit=(-runs=20000)
scratch=Fuzz/.build
bin=$scratch/release

# The sanitizers go to swiftc as one -sanitize= list: swiftc keeps only the
# last -sanitize= option, so SwiftPM's --sanitize=fuzzer --sanitize=address
# alone leaves the Swift code without coverage instrumentation. SwiftPM's
# --sanitize=fuzzer stays so it links the executables for libFuzzer's main.
if [ $build = 1 ]; then
    start=$SECONDS
    for t in "${targets[@]}"; do
        [ "$t" = FuzzKernel ] && continue
        echo "Building $t"
        nice -n 10 swift build --package-path Fuzz --scratch-path "$scratch" -c release \
            --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address,undefined \
            --product "$t" 2>&1 \
            | grep -v 'prohibited flag' | grep -E 'error:|Build' || true
        [ -x "$bin/$t" ] || { echo "no $bin/$t" >&2; exit 1; }
    done
    if [[ " ${targets[*]} " == *" FuzzKernel "* ]]; then
        echo "Building FuzzKernel"
        nice -n 10 clang -std=gnu11 -O2 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
            -I Sources/CPacketCrypt/include -I Sources/CPacketCrypt Sources/CPacketCrypt/*.c Fuzz/C/fuzz_kernel.c \
            -lsodium -lpthread -lm -o "$bin/FuzzKernel" 2>&1 | grep -v 'ld.gold: warning' || true
    fi
    echo "build: $((SECONDS - start)) s"
fi

status=0
summary=()
for t in "${targets[@]}"; do
    work=$scratch/corpus/$t
    artifacts=$scratch/artifacts/$t/
    mkdir -p "$work" "$artifacts"
    log=$scratch/logs/$t.log
    mkdir -p "$(dirname "$log")"
    start=$SECONDS
    set +e
    # Swift's own backtracer is off: it reads memory ASan has poisoned.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} \
        UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:suppressions=Fuzz/ubsan.supp} \
        nice -n 10 "$bin/$t" "${limit[@]}" ${keep[@]+"${keep[@]}"} -timeout=20 -rss_limit_mb=3072 -print_final_stats=1 \
        -artifact_prefix="$artifacts" "$work" "Fuzz/corpus/$t" > "$log" 2>&1
    rc=$?
    set -e
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' ||
        grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || echo '?')
    crashes=$(ls "$artifacts" 2>/dev/null | grep -c '^crash-' || true)
    if [ $rc = 0 ]; then
        result=ok
    else
        result="FAILED (exit $rc, see $log)"
        status=1
        grep -E 'ERROR|SUMMARY|Fatal error|runtime error|Test unit written' "$log" | head -5 || true
    fi
    summary+=("$(printf '%-18s %12s executions %6d s  %3d crash files  %s' "$t" "$execs" $((SECONDS - start)) \
        "$crashes" "$result")")
done
printf '%s\n' "${summary[@]}"
exit $status
