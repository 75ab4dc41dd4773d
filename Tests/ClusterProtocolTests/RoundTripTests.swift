import ClusterProtocol
import PacketCrypt
import Testing

/// Every message type encodes and decodes back to the same value.
struct RoundTripTests {
    static func roundTrip(_ message: ClusterMessage) throws {
        let frame = message.encode()
        #expect(Array(frame[0..<4]) == Array("PKCL".utf8))
        #expect(frame[4] == ClusterMessage.protocolVersion)
        #expect(frame[5] == message.type.rawValue)
        #expect(frame[6] == 0 && frame[7] == 0)
        #expect(frame.count <= ProtocolLimits.maxFrameSize)
        let decoded = try ClusterMessage.decode(frame)
        #expect(decoded == message)
        #expect(decoded.encode() == frame)
    }

    @Test func everySampleRoundTrips() throws {
        let messages = try Samples.messages()
        #expect(Set(messages.map(\.type)) == Set(MessageType.allCases))
        for message in messages { try Self.roundTrip(message) }
    }

    @Test func fixedLayoutOfASmallMessage() throws {
        let frame = ClusterMessage.creditAck(CreditAck(id: 0x0102_0304_0506_0708, status: .recorded)).encode()
        #expect(frame == [0x50, 0x4b, 0x43, 0x4c, 3, 8, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1, 1])
        let reconfigure = ClusterMessage.reconfigure(Reconfigure(target: nil, threads: 0x0102, drain: true)).encode()
        #expect(Array(reconfigure[8...]) == [0, 0x02, 0x01, 1])
    }

    @Test func fullAnnouncementBatchRoundTrips() throws {
        let batch = try Samples.batch(count: ProtocolLimits.maxAnnouncementsPerBatch)
        let frame = ClusterMessage.announcementBatch(batch).encode()
        #expect(frame.count == 8 + 16 + 8 + 8 + 4 + 2048 * 1024)
        guard case .announcementBatch(let decoded) = try ClusterMessage.decode(frame) else {
            Issue.record("decoded to another type")
            return
        }
        #expect(decoded == batch)
        #expect(decoded.announcements[2047].bytes == batch.announcements[2047].bytes)
    }

    @Test func jobAtEveryCountLimitRoundTrips() throws {
        let job = try Job(
            id: .max, height: .max, parentHash: Samples.hash(9), parentHeight: .max, announcementBits: .max,
            shareBits: .max, header: Samples.bytes(80, seed: 1), coinbase: Samples.bytes(100 * 1024, seed: 2),
            merkleBranch: (0..<64).map { Samples.bytes(32, seed: UInt8($0)) },
            transactions: (0..<10_000).map { Samples.bytes(60, seed: UInt8(truncatingIfNeeded: $0)) },
            recentBlocks: (0..<512).map { RecentBlock(height: UInt32($0), hash: Samples.hash(UInt8($0 % 256))) })
        try Self.roundTrip(.job(job))
    }

    /// An assignment naming every feed a block miner may read: no list caps
    /// the number of validators below `maxFeeds`, and a full one fits a frame.
    @Test func assignmentWithEveryFeedRoundTrips() throws {
        let longEndpoint = String(repeating: "é", count: 128)  // 256 UTF-8 bytes
        let assignment = try Assignment(node: Samples.node(3), batchEndpoint: longEndpoint,
                                        feeds: Array(repeating: longEndpoint, count: ProtocolLimits.maxFeeds))
        try Self.roundTrip(.assignment(assignment))
        #expect(throws: ProtocolError.self) {
            try Assignment(node: Samples.node(3), batchEndpoint: "", feeds: Array(repeating: "x", count: ProtocolLimits.maxFeeds + 1))
        }
    }

    @Test func largestFoundBlockAndTextsRoundTrip() throws {
        let found = try Found(
            aggregator: Samples.node(1), id: 1, jobID: 1, kind: .block, height: 1, workHash: Samples.bytes(32, seed: 0),
            announcementCount: .max, block: Samples.bytes(ProtocolLimits.maxBlockSize, seed: 7))
        try Self.roundTrip(.found(found))
        let arguments = String(repeating: "a", count: ProtocolLimits.maxCommandArguments)
        try Self.roundTrip(.command(try Command(id: 1, name: String(repeating: "n", count: 64), arguments: arguments)))
        let body = String(repeating: "b", count: ProtocolLimits.maxCommandReplyBody)
        try Self.roundTrip(.commandReply(try CommandReply(id: 1, ok: true, body: body)))
        try Self.roundTrip(.foundAck(try FoundAck(id: 1, accepted: false, reason: String(repeating: "r", count: 1024))))
    }

    @Test func statsKeepExactDoubles() throws {
        let stats = try NodeStats(
            hashesPerSecond: .greatestFiniteMagnitude, announcementsPerSecond: .leastNonzeroMagnitude,
            blockHashesPerSecond: 0.1, announcementsFound: .max, announcementsAccepted: .max,
            announcementsStored: .max, batchesPending: .max, sharesFound: .max, blocksFound: .max, threads: .max)
        try Self.roundTrip(.heartbeat(Heartbeat(node: NodeID.random(), stats: stats)))
    }

    @Test func typesNamesAndTopics() {
        #expect(MessageType.allCases.map(\.rawValue) == Array(1...15))
        #expect(MessageType.announcementBatch.name == "AnnouncementBatch")
        #expect(MessageType.commandReply.description == "CommandReply")
        #expect(ClusterMessage.topicJob == Array("job".utf8))
        #expect(ClusterMessage.topicControl == Array("ctl".utf8))
        #expect(ClusterMessage.reconfigure(Reconfigure(target: nil)).topic == ClusterMessage.topicControl)
        #expect(ClusterMessage.creditAck(CreditAck(id: 1, status: .recorded)).topic == nil)
    }

    @Test func nodeIDs() throws {
        var generator = SeededGenerator(seed: 1)
        let ids = (0..<1000).map { _ in NodeID.random(using: &generator) }
        #expect(Set(ids).count == 1000)
        for id in ids.prefix(20) {
            #expect(id.bytes.count == 16)
            #expect(id.bytes[6] >> 4 == 4)  // UUID version 4
            #expect(id.bytes[8] >> 6 == 2)  // RFC 4122 variant
            #expect(try NodeID(bytes: id.bytes) == id)
            #expect(try NodeID(hex: id.hex) == id)
            #expect(id.description.count == 8 && id.hex.hasPrefix(id.description))
        }
        let id = try NodeID(hex: "00112233445566778899AABBCCDDEEFF")
        #expect(id.hex == "00112233445566778899aabbccddeeff")
        #expect(id.description == "00112233")
        #expect(id.bytes == Array(0..<16).map { UInt8($0 * 0x11) })
        #expect(throws: ProtocolError.self) { try NodeID(bytes: [1, 2, 3]) }
        #expect(throws: ProtocolError.self) { try NodeID(hex: "zz112233445566778899aabbccddeeff") }
        #expect(NodeID.random() != NodeID.random())
        let target = Samples.node(1)
        #expect(Reconfigure(target: target).applies(to: target))
        #expect(!Reconfigure(target: target).applies(to: Samples.node(2)))
        #expect(Reconfigure(target: nil).applies(to: Samples.node(2)))
    }
}
