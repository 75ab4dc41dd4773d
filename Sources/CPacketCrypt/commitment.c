/* The 48-byte PacketCrypt commitment and the coinbase output that holds it. */
#include "internal.h"

static const uint8_t script_prefix[6] = {0x6a, 0x30, 0x09, 0xf9, 0x11, 0x02};

void pc_commit_encode(uint8_t commit[PC_COMMIT_SIZE], uint32_t ann_min_target, const uint8_t root[32],
                      uint64_t ann_count) {
    pc_put_le32(commit, PC_COMMIT_MAGIC);
    pc_put_le32(commit + 4, ann_min_target);
    memcpy(commit + 8, root, 32);
    pc_put_le64(commit + 40, ann_count);
}

void pc_commit_script(uint8_t script[PC_COMMIT_SCRIPT_SIZE], const uint8_t commit[PC_COMMIT_SIZE]) {
    script[0] = 0x6a;
    script[1] = 0x30;
    memcpy(script + 2, commit, PC_COMMIT_SIZE);
}

int pc_commit_from_script(uint8_t commit[PC_COMMIT_SIZE], const uint8_t *script, size_t len) {
    if (len <= sizeof script_prefix || memcmp(script, script_prefix, sizeof script_prefix) != 0) return 0;
    size_t n = len - 2 < PC_COMMIT_SIZE ? len - 2 : PC_COMMIT_SIZE;
    memset(commit, 0, PC_COMMIT_SIZE);
    memcpy(commit, script + 2, n);
    return 1;
}
