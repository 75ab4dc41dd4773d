import ClusterProtocol
import PacketCrypt

/// One message of each type with realistic values, for the frame seeds.
enum SampleFrames {
    static func messages() throws -> [ClusterMessage] {
        let node = { (seed: UInt8) in try! NodeID(bytes: bytes(16, seed: seed)) }
        let hash = { (seed: UInt8) in try! BlockHash(bytes: bytes(32, seed: seed)) }
        let counts = BatchCounts(accepted: 2000, duplicate: 30, invalid: 1, stale: 16, unknownParent: 1, underTarget: 2)
        return [
            .job(try Job(
                id: 42, height: 1_400_003, parentHash: hash(1), parentHeight: 1_400_002, announcementBits: 0x2000_ffff,
                shareBits: 0x1f00_ffff, header: bytes(80, seed: 2), coinbase: bytes(180, seed: 3),
                merkleBranch: (0..<2).map { bytes(32, seed: UInt8($0)) }, transactions: [bytes(60, seed: 4)],
                recentBlocks: [RecentBlock(height: 1_400_002, hash: hash(10))])),
            .register(try Register(
                node: node(1), role: .worker, name: "rig-07", payoutAddress: "pkt1q2phzyfzd7aufszned7q2h77t4u0kl3exxgyuqf",
                threads: 16, endpoint: "")),
            .registered(Registered(node: node(1), currentJobID: 42, heartbeatSeconds: 5)),
            .heartbeat(Heartbeat(node: node(1), stats: try NodeStats(
                hashesPerSecond: 104_846.5, announcementsPerSecond: 307.625, blockHashesPerSecond: 12_287,
                announcementsFound: 1_000, announcementsAccepted: 999, announcementsStored: 512,
                batchesPending: 3, sharesFound: 17, blocksFound: 1, threads: 2))),
            .announcementBatch(try AnnouncementBatch(
                worker: node(2), sequence: 9, jobID: 42, announcements: [try Announcement(bytes: bytes(1024, seed: 7))])),
            .batchAck(BatchAck(sequence: 9, counts: counts)),
            .credit(try Credit(
                aggregator: node(3), id: 77, worker: node(2), batchSequence: 9, batchDigest: bytes(32, seed: 6),
                jobID: 42, counts: counts, work: 0.001953125)),
            .creditAck(CreditAck(id: 77, status: .recorded)),
            .found(try Found(
                aggregator: node(3), id: 5, jobID: 42, kind: .block, height: 1_400_003, workHash: bytes(32, seed: 4),
                announcementCount: 123_456, block: bytes(300, seed: 5))),
            .foundAck(try FoundAck(id: 6, accepted: false, reason: "stale")),
            .command(try Command(id: 1, name: "scale", arguments: #"{"worker":"3f2a","threads":8}"#)),
            .commandReply(try CommandReply(id: 1, ok: true, body: #"{"workers":[]}"#)),
            .reconfigure(Reconfigure(target: node(2), threads: 4, drain: false)),
            .refusal(try Refusal(refused: .credit, reason: "credits come only from registered aggregators")),
            .assignment(try Assignment(node: node(1), batchEndpoint: "tcp://10.0.0.5:7343", feeds: ["tcp://10.0.0.6:7344"])),
        ]
    }
}
