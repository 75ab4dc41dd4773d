import PacketCrypt
import Testing

/// Announcements mined here validate here, at several targets and thread counts.
struct RoundTripTests {
    static let parent = try! BlockHash(displayHex: String(repeating: "5a", count: 31) + "01")

    @Test(arguments: [(UInt32(0x207f_ffff), 1), (0x207f_ffff, 2), (0x2000_ffff, 1), (0x2000_ffff, 2),
                      (0x1f0f_ffff, 1), (0x1f0f_ffff, 2)])
    func mineThenValidate(bits: UInt32, threads: Int) async throws {
        let job = try AnnouncementJob(parentHash: Self.parent, parentHeight: 300_000, workBits: bits)
        let anns = try await AnnouncementMiner.announcements(for: job, count: 6, threads: threads)
        #expect(anns.count == 6)
        let validator = try AnnouncementValidator()
        for ann in anns {
            let check = try validator.check(ann, parentHash: Self.parent)
            #expect(check.verdict == .ok)
            #expect(Difficulty.isOk(hash: check.workHash, bits: bits))
            #expect(ann.workBits == bits && ann.parentHeight == 300_000 && ann.version == 1)
            #expect(ann.softNonce <= Difficulty.softNonceMax(bits: bits))
        }
        if threads == 2 { #expect(Set(anns).count == anns.count) }
    }

    @Test func rejectionsOfMinedAnnouncements() async throws {
        let job = try AnnouncementJob(parentHash: Self.parent, parentHeight: 300_000, workBits: 0x2000_ffff)
        let ann = try #require(await AnnouncementMiner.announcements(for: job, count: 1, threads: 1).first)
        let validator = try AnnouncementValidator()

        let otherParent = try BlockHash(displayHex: String(repeating: "5a", count: 31) + "02")
        #expect(try validator.check(ann, parentHash: otherParent).verdict == .invalidItem4)

        var high = ann.bytes
        let limit = Difficulty.softNonceMax(bits: 0x2000_ffff) + 1
        high[1] = UInt8(truncatingIfNeeded: limit)
        high[2] = UInt8(truncatingIfNeeded: limit >> 8)
        high[3] = UInt8(truncatingIfNeeded: limit >> 16)
        #expect(try validator.check(Announcement(bytes: high), parentHash: Self.parent).verdict == .softNonceHigh)

        for offset in [100, 500, 919] {  // the encrypted Merkle branch
            var flipped = ann.bytes
            flipped[offset] ^= 0x10
            #expect(try validator.check(Announcement(bytes: flipped), parentHash: Self.parent).verdict == .invalidMerkle)
        }
        var prefix = ann.bytes
        prefix[1000] ^= 1
        #expect(try validator.check(Announcement(bytes: prefix), parentHash: Self.parent).verdict == .invalidItem4)
    }

    @Test func minerSwitchesJobs() async throws {
        let first = try AnnouncementJob(parentHash: Self.parent, parentHeight: 300_000, workBits: 0x207f_ffff)
        let second = try AnnouncementJob(parentHash: Self.parent, parentHeight: 300_001, workBits: 0x207f_ffff)
        let miner = try AnnouncementMiner(threads: 2)
        try miner.mine(first)
        var sawSecond = false
        for await batch in miner.batches {
            if batch.job == first { try miner.mine(second) }
            if batch.job == second {
                #expect(batch.announcements.allSatisfy { $0.parentHeight == 300_001 })
                sawSecond = true
                break
            }
        }
        #expect(sawSecond)

        miner.pause()
        try await Task.sleep(for: .seconds(1))  // let running kernel calls return
        let paused = miner.hashes
        try await Task.sleep(for: .milliseconds(500))
        #expect(miner.hashes == paused)
        miner.stop()
    }
}
