@testable import ClusterAggregator
import ClusterProtocol
import PacketCrypt
import Testing

/// What an aggregator does with a batch before and around validation.
struct IngestTests {
    static let parent = try! BlockHash(bytes: [UInt8](repeating: 0x42, count: 32))

    static func ingest(threads: Int) async throws -> Ingest {
        let ingest = Ingest(store: AnnouncementStore(limitBytes: 1 << 30),
                            pool: ValidationPool(validator: try AnnouncementValidator(rules: .devnet), threads: threads))
        let header = [UInt8](repeating: 0, count: 72) + [0xff, 0xff, 0x7f, 0x20] + [0, 0, 0, 0]
        try await ingest.follow(try Job(
            id: 1, height: 1003, parentHash: parent, parentHeight: 1000, announcementBits: 0x207f_ffff, shareBits: 0x207f_ffff,
            header: header, coinbase: [], merkleBranch: [], transactions: [],
            recentBlocks: [RecentBlock(height: 1000, hash: parent)]))
        return ingest
    }

    static func announcements(_ count: Int) async throws -> [Announcement] {
        let job = try AnnouncementJob(parentHash: parent, parentHeight: 1000, workBits: 0x207f_ffff)
        return try await AnnouncementMiner.announcements(for: job, count: count, threads: 2, firstHardNonce: 0)
    }

    /// Replays (already stored, or repeated within a batch) are counted as
    /// duplicates without being validated again.
    @Test func duplicatesAreRejectedBeforeValidation() async throws {
        let anns = try await Self.announcements(64)
        let ingest = try await Self.ingest(threads: 2)
        let first = await ingest.accept(anns + anns.prefix(8))
        #expect(first.counts.accepted == 64 && first.counts.duplicate == 8)
        #expect(await ingest.validations == 64)
        let replay = await ingest.accept(anns)
        #expect(replay.counts.accepted == 0 && replay.counts.duplicate == 64 && replay.counts.invalid == 0)
        #expect(await ingest.validations == 64)
    }

    /// Several validation lanes give the verdicts one lane gives, invalid
    /// announcements included, each in its own slot.
    @Test func everyLaneCountGivesTheSameVerdicts() async throws {
        var anns = try await Self.announcements(48)
        for index in stride(from: 0, to: anns.count, by: 5) {
            var bytes = anns[index].bytes
            bytes[900] ^= 1
            anns[index] = try Announcement(bytes: bytes)
        }
        let validator = try AnnouncementValidator(rules: .devnet)
        let items = anns.map { ($0, Self.parent) }
        let one = await ValidationPool(validator: validator, threads: 1).validate(items)
        #expect(one.filter { !$0 }.count == 10)
        for threads in [2, 3, 8] {
            #expect(await ValidationPool(validator: validator, threads: threads).validate(items) == one)
        }
    }
}

/// Unacknowledged finds are bounded: the oldest share makes room, a block never does.
struct PendingFindsTests {
    @Test func theOldestShareMakesRoomAndBlocksStay() throws {
        var finds = PendingFinds(capacity: 3)
        let start = ContinuousClock.now
        let message = ClusterMessage.heartbeat(Heartbeat(node: .random(), stats: try NodeStats()))
        #expect(finds.add(1, message, isBlock: true, at: start) == nil)
        #expect(finds.add(2, message, isBlock: false, at: start) == nil)
        #expect(finds.add(3, message, isBlock: false, at: start) == nil)
        #expect(finds.add(4, message, isBlock: false, at: start) == 2, "the oldest share goes, not the older block")
        #expect(finds.count == 3)
        #expect(finds.acknowledge(1) && !finds.acknowledge(2))
        #expect(finds.late(after: .seconds(3), at: start + .seconds(2)).isEmpty)
        #expect(finds.late(after: .seconds(3), at: start + .seconds(4)).count == 2)
        #expect(finds.late(after: .seconds(3), at: start + .seconds(5)).isEmpty, "re-stamped when sent again")
    }

    @Test func blocksAloneAreNeverDropped() throws {
        var finds = PendingFinds(capacity: 2)
        let message = ClusterMessage.heartbeat(Heartbeat(node: .random(), stats: try NodeStats()))
        for id in 1...3 { #expect(finds.add(UInt64(id), message, isBlock: true, at: .now) == nil) }
        #expect(finds.count == 3)
    }
}
