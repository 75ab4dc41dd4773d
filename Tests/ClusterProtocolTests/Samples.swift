import ClusterProtocol
import PacketCrypt

/// A seeded generator (SplitMix64), so random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Messages with realistic and edge values, used by every test.
enum Samples {
    static func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    static func node(_ seed: UInt8) -> NodeID { try! NodeID(bytes: bytes(16, seed: seed)) }
    static func hash(_ seed: UInt8) -> BlockHash { try! BlockHash(bytes: bytes(32, seed: seed)) }
    static func announcement(_ seed: UInt8) -> Announcement { try! Announcement(bytes: bytes(1024, seed: seed)) }

    static func job(transactions: Int = 3, recentBlocks: Int = 4) throws -> Job {
        try Job(
            id: 42, height: 1_400_003, parentHash: hash(1), parentHeight: 1_400_002, announcementBits: 0x2000_ffff,
            shareBits: 0x1f00_ffff, header: bytes(80, seed: 2), coinbase: bytes(180, seed: 3),
            merkleBranch: (0..<5).map { bytes(32, seed: UInt8($0)) },
            transactions: (0..<transactions).map { bytes(100 + $0 * 37, seed: UInt8(truncatingIfNeeded: $0)) },
            recentBlocks: (0..<recentBlocks).map {
                RecentBlock(height: 1_400_002 - UInt32($0), hash: hash(UInt8(truncatingIfNeeded: 10 + $0)))
            })
    }

    static func emptyJob() throws -> Job {
        try Job(
            id: 0, height: 0, parentHash: hash(0), parentHeight: 0, announcementBits: 0, shareBits: 0,
            header: [UInt8](repeating: 0, count: 80), coinbase: [], merkleBranch: [], transactions: [],
            recentBlocks: [])
    }

    static func register(role: NodeRole = .worker) throws -> Register {
        try Register(
            node: node(1), role: role, name: "rig-07 ⛏", payoutAddress: "pkt1q2phzyfzd7aufszned7q2h77t4u0kl3exxgyuqf",
            threads: 16, endpoint: role == .aggregator ? "tcp://10.0.0.5:7343" : "")
    }

    static func stats() throws -> NodeStats {
        try NodeStats(
            hashesPerSecond: 104_846.5, announcementsPerSecond: 307.625, blockHashesPerSecond: 12_287,
            announcementsFound: 1_000_000, announcementsAccepted: 999_000, announcementsStored: 512_000,
            batchesPending: 3, sharesFound: 17, blocksFound: 1, threads: 2)
    }

    static func batch(count: Int = 3) throws -> ClusterProtocol.AnnouncementBatch {
        try ClusterProtocol.AnnouncementBatch(
            worker: node(2), sequence: 9, jobID: 42, announcements: (0..<count).map { announcement(UInt8(truncatingIfNeeded: $0)) })
    }

    static let counts = BatchCounts(accepted: 2000, duplicate: 30, invalid: 1, stale: 16, unknownParent: 1, underTarget: 2)

    static func found(kind: FoundKind = .block) throws -> Found {
        try Found(
            aggregator: node(3), id: 5, jobID: 42, kind: kind, height: 1_400_003, workHash: bytes(32, seed: 4),
            announcementCount: 123_456, block: kind == .block ? bytes(5000, seed: 5) : [])
    }

    /// One or more values of every message type; the first of each is compact
    /// enough to try every prefix of.
    static func messages() throws -> [ClusterMessage] {
        [
            .job(try job()),
            .job(try emptyJob()),
            .register(try register()),
            .register(try register(role: .aggregator)),
            .register(try Register(node: node(0), role: .control, name: "", payoutAddress: "", threads: 0, endpoint: "")),
            .registered(Registered(node: node(1), currentJobID: 42, heartbeatSeconds: 5)),
            .registered(Registered(node: node(1), currentJobID: .max, heartbeatSeconds: .max)),
            .heartbeat(Heartbeat(node: node(1), stats: try stats())),
            .heartbeat(Heartbeat(node: node(1), stats: try NodeStats())),
            .announcementBatch(try batch()),
            .announcementBatch(try batch(count: 0)),
            .batchAck(BatchAck(sequence: 9, counts: counts)),
            .batchAck(BatchAck(sequence: 0, counts: BatchCounts())),
            .credit(
                try Credit(
                    aggregator: node(3), id: 77, worker: node(2), batchSequence: 9, batchDigest: bytes(32, seed: 6),
                    jobID: 42, counts: counts, work: 0.001953125)),
            .creditAck(CreditAck(id: 77, status: .recorded)),
            .creditAck(CreditAck(id: 78, status: .unknownWorker)),
            .found(try found()),
            .found(try found(kind: .share)),
            .foundAck(try FoundAck(id: 5, accepted: true, reason: "")),
            .foundAck(try FoundAck(id: 6, accepted: false, reason: "stale: the chain moved to 1400004")),
            .command(try Command(id: 1, name: "scale", arguments: #"{"worker":"3f2a","threads":8}"#)),
            .command(try Command(id: 2, name: "status")),
            .commandReply(try CommandReply(id: 1, ok: true, body: #"{"workers":[]}"#)),
            .commandReply(try CommandReply(id: 2, ok: false, body: "")),
            .reconfigure(Reconfigure(target: node(2), threads: 4, drain: false)),
            .reconfigure(Reconfigure(target: nil, threads: 0, drain: true)),
            .refusal(try Refusal(refused: .credit, reason: "credits come only from registered aggregators")),
            .assignment(try Assignment(node: node(1), batchEndpoint: "tcp://10.0.0.5:7343")),
            .assignment(try Assignment(node: node(2), batchEndpoint: "", feeds: ["tcp://10.0.0.5:7344", "tcp://[fd00::7]:7344"])),
        ]
    }
}

extension ProtocolError {
    var isTruncated: Bool {
        if case .truncated = self { return true }
        return false
    }
}

/// Writes a little-endian u32 at `offset`.
func patchU32(_ frame: inout [UInt8], at offset: Int, _ value: UInt32) {
    for i in 0..<4 { frame[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
}

/// Decodes, expecting a `ProtocolError`.
func decodeError(_ frame: [UInt8]) -> ProtocolError? {
    do {
        _ = try ClusterMessage.decode(frame)
        return nil
    } catch {
        return error
    }
}
