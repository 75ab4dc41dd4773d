import PacketCrypt
import Testing

/// Blocks mined here validate here, over sets of several sizes.
struct BlockRoundTripTests {
    static let height = AnnouncementPool.parentHeight + 3

    @Test(arguments: [(4, false), (4, true), (1_000, false), (1_000, true), (100_000, false), (100_000, true)])
    func mineThenValidate(size: Int, duplicates: Bool) async throws {
        let unique = try await AnnouncementPool.announcements(size)
        let anns = duplicates ? unique + unique.prefix(size / 2 + 1) : unique
        let set = try AnnouncementSet(announcements: anns, height: Self.height, threads: 2)
        #expect(set.count == UInt64(size))
        #expect(set.minTarget == AnnouncementPool.workBits)
        #expect(set.commitment.annCount == UInt64(size) && set.commitment.magic == CoinbaseCommitment.magic)
        #expect(set.overheadBytes <= size * 6 + 4096)

        let bits = AnnouncementPool.headerBits(for: set)
        let proof = try await AnnouncementPool.mine(set, bits: bits)
        let check = try BlockValidator(rules: .devnet).check(
            AnnouncementPool.toCheck(proof), commitment: set.commitment, height: Self.height,
            parentHashes: [AnnouncementPool.parent])
        #expect(check.verdict == .ok, "\(check.summary)")
        #expect(check.workHash == proof.workHash)
        #expect(check.effectiveTarget == set.effectiveTarget(blockBits: bits))
        #expect(Difficulty.isOk(hash: proof.workHash, bits: check.effectiveTarget))
    }

    @Test func sharesMeetOnlyTheShareTarget() async throws {
        let set = try AnnouncementSet(announcements: try await AnnouncementPool.announcements(1_000), height: Self.height)
        let blockBits: UInt32 = 0x1c00_ffff  // no block in any reasonable time
        let proof = try await AnnouncementPool.mine(set, bits: blockBits, shareBits: 0x207f_ffff, block: false)
        let validator = try BlockValidator(rules: .devnet)
        let asShare = try validator.check(AnnouncementPool.toCheck(proof), commitment: set.commitment,
                                          height: Self.height, parentHashes: [AnnouncementPool.parent],
                                          shareBits: 0x207f_ffff)
        #expect(asShare.verdict == .shareOk)
        let asBlock = try validator.check(AnnouncementPool.toCheck(proof), commitment: set.commitment,
                                          height: Self.height, parentHashes: [AnnouncementPool.parent])
        #expect(asBlock.verdict == .insufficientWork)
    }

    @Test func agedAnnouncementsUseTheirAgedTarget() async throws {
        let anns = try await AnnouncementPool.announcements(1_000)
        let height = AnnouncementPool.parentHeight + 5
        let set = try AnnouncementSet(announcements: anns, height: height)
        #expect(set.minTarget == Difficulty.agedAnnouncementTarget(bits: AnnouncementPool.workBits, age: 5))
        #expect(set.minTarget == 0x203f_fffc)
        let proof = try await AnnouncementPool.mine(set)
        let validator = try BlockValidator(rules: .devnet)
        let parents = [AnnouncementPool.parent]
        #expect(try validator.check(AnnouncementPool.toCheck(proof), commitment: set.commitment, height: height,
                                    parentHashes: parents).verdict == .ok)
        // One block later the announcements need a target the commitment does not allow.
        let later = try validator.check(AnnouncementPool.toCheck(proof), commitment: set.commitment,
                                        height: height + 1, parentHashes: parents)
        #expect(later.verdict == .announcementInsufficientWork && later.announcementIndex == 0)
        #expect(throws: PacketCryptError.noUsableAnnouncements(height: AnnouncementPool.parentHeight + 7)) {
            try AnnouncementSet(announcements: anns, height: AnnouncementPool.parentHeight + 7)
        }
        #expect(throws: PacketCryptError.noUsableAnnouncements(height: AnnouncementPool.parentHeight + 2)) {
            try AnnouncementSet(announcements: anns, height: AnnouncementPool.parentHeight + 2)
        }
    }

    @Test func theSetPrefersTheTargetThatGivesTheEasiestBlocks() async throws {
        // 1000 anns aged 5 (target 0x203ffffc) and 10 fresher ones at the raw target:
        // keeping all 1010 beats keeping only the 10 with the harder target.
        let old = try await AnnouncementPool.announcements(1_000)
        let job = try AnnouncementJob(parentHash: AnnouncementPool.parent, parentHeight: AnnouncementPool.parentHeight + 2,
                                      workBits: AnnouncementPool.workBits)
        let fresh = try await AnnouncementMiner.announcements(for: job, count: 10, threads: 2)
        let set = try AnnouncementSet(announcements: old + fresh, height: AnnouncementPool.parentHeight + 5)
        #expect(set.count == 1_010)
        #expect(set.minTarget == 0x203f_fffc)
    }
}
