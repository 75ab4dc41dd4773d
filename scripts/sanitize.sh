#!/usr/bin/env bash
# Sanitizer runs.
#   scripts/sanitize.sh [kernel] [tsan] [swift-asan]    (default: kernel tsan)
#
# kernel      the C kernel and Fuzz/C/kernel_vectors.c built by clang with
#             AddressSanitizer and UndefinedBehaviorSanitizer (no recovery),
#             run over the known-answer vectors on every SIMD path.
# tsan        the Swift tests that start no processes (the embedded roles in
#             one process among them), then `pktcluster bench ingest` on 2
#             validation threads, under ThreadSanitizer (scratch path
#             .build-tsan). Reports whose accesses both sit inside a
#             Synchronization.Mutex are suppressed: TSan cannot see that
#             lock on Linux (it reports a race on any Mutex-guarded value).
# swift-asan  the PacketCrypt Swift tests under AddressSanitizer and
#             UndefinedBehaviorSanitizer (scratch path .build-asan); slow.
#
# VECTORS (default ../shared/vectors beside the repository, as the tests
# expect) holds the vector files. Exits non-zero if any run fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
VECTORS=${VECTORS:-$root/../shared/vectors}
TSAN_FILTER=${TSAN_FILTER:-'EmbeddedRolesTests|RoleClockTests|ClusterProtocolTests|ZeroMQTests|PKTWireTests'}
export PATH=/opt/swift/usr/bin:$PATH
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(kernel tsan)
status=0

kernel() {
    local out=Fuzz/.build/sanitize
    mkdir -p "$out"
    echo "== C kernel under ASan + UBSan"
    clang -std=gnu11 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
        -I Sources/CPacketCrypt/include -I Sources/CPacketCrypt \
        Sources/CPacketCrypt/*.c Fuzz/C/kernel_vectors.c -lsodium -lpthread -lm -o "$out/kernel_vectors" || return 1
    [ -d "$VECTORS" ] || { echo "no vectors at $VECTORS"; return 1; }
    python3 - "$VECTORS" > "$out/cases.txt" <<'PY'
import json, os, sys
d = sys.argv[1]
e = json.load(open(os.path.join(d, "expected.json")))
a = e["anns"]
for x in a["anns"]:
    print("ann", os.path.join(d, a["file"]), x["index"], a["parent_hash"], x["result"], x["hashout"])
j = json.load(open(os.path.join(d, "anns_jobs.json")))
for x in j["anns"]:
    print("ann", os.path.join(d, "anns_jobs.bin"), x["index"], x["parent_hash"], 0, x["hashout"])
c = e["corrupted_anns"]
bad = open(os.path.join(d, c["file"]), "rb").read()
names = {"Validate_checkAnn_INVAL": 5, "Validate_checkAnn_INVAL_ITEM4": 2, "Validate_checkAnn_SOFT_NONCE_HIGH": 4}
for x in c["anns"]:
    verdict = 11 if bad[x["index"] * 1024] == 0 else names[x["verdict"]]
    print("ann", os.path.join(d, c["file"]), x["index"], c["parent_hash"], verdict, "-")
b = e["block"]
print("block", os.path.join(d, b["files"]["hap"]), os.path.join(d, b["files"]["coinbase_commitment"]),
      b["mining_height"], b["parent_hash"], 0, b["work_hash"])
for line in open(os.path.join(d, "randhash_programs.txt")):
    if line.strip() and not line.startswith("#"):
        print("randhash", line.strip())
PY
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$out/kernel_vectors" < "$out/cases.txt"
}

tsan() {
    echo "== Swift tests under ThreadSanitizer: $TSAN_FILTER"
    # A failed build must fail the step (set -e does not apply here), or stale binaries would run.
    swift build --build-tests --sanitize=thread --scratch-path .build-tsan || return 1
    local supp=.build-tsan/tsan.supp
    # Values guarded by a Synchronization.Mutex (false reports, see above).
    printf '%s\n' 'race:MessageInbox' 'race:OutgoingQueue' 'race:AnnouncementValidator' 'race:BlockValidator' > "$supp"
    export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0:second_deadlock_stack=1:suppressions=$root/$supp}
    local rc=0
    swift test --skip-build --sanitize=thread --scratch-path .build-tsan --filter "$TSAN_FILTER" || rc=1
    echo "== pktcluster bench ingest --threads 2 under ThreadSanitizer"
    SWIFT_BACKTRACE=enable=no .build-tsan/debug/pktcluster bench ingest --threads 2 --seconds 2 --anns 64 || rc=1
    return $rc
}

swift_asan() {
    echo "== PacketCrypt Swift tests under ASan + UBSan"
    swift build --build-tests --sanitize=address -Xcc -fsanitize=undefined --scratch-path .build-asan || return 1
    swift test --skip-build --sanitize=address -Xcc -fsanitize=undefined --scratch-path .build-asan --filter PacketCryptTests
}

for step in "${steps[@]}"; do
    case $step in
        kernel) kernel || status=1 ;;
        tsan) tsan || status=1 ;;
        swift-asan) swift_asan || status=1 ;;
        *) echo "unknown step $step" >&2; exit 2 ;;
    esac
done
exit $status
