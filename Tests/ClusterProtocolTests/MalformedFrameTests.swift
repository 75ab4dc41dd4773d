import ClusterProtocol
import PacketCrypt
import Testing

/// Malformed frames fail with the specific error, never a crash.
struct MalformedFrameTests {
    static func sample() -> [UInt8] { ClusterMessage.creditAck(CreditAck(id: 1, status: .recorded)).encode() }

    @Test func header() {
        var frame = Self.sample()
        frame[0] = 0x51
        #expect(decodeError(frame) == .badMagic)
        frame = Self.sample()
        frame[4] = 2
        #expect(decodeError(frame) == .unsupportedVersion(2))
        frame = Self.sample()
        frame[4] = 0
        #expect(decodeError(frame) == .unsupportedVersion(0))
        frame = Self.sample()
        frame[5] = 99
        #expect(decodeError(frame) == .unknownType(99))
        frame[5] = 0
        #expect(decodeError(frame) == .unknownType(0))
        frame = Self.sample()
        frame[7] = 0x80
        #expect(decodeError(frame) == .nonZeroFlags)
        frame = Self.sample()
        frame[6] = 1
        #expect(decodeError(frame) == .nonZeroFlags)
        #expect(decodeError([]) == .truncated(field: "header"))
        #expect(decodeError(Array("GET / HTTP/1.1\r\n".utf8)) == .badMagic)
        let huge = [UInt8](repeating: 0, count: ProtocolLimits.maxFrameSize + 1)
        #expect(decodeError(huge) == .frameTooLarge(ProtocolLimits.maxFrameSize + 1))
    }

    @Test func everyPrefixIsTruncatedAndExtraBytesAreTrailing() throws {
        for message in try Samples.messages() {
            let frame = message.encode()
            for length in 0..<frame.count {
                let error = decodeError(Array(frame[0..<length]))
                #expect(error?.isTruncated == true, "\(message.type) cut to \(length) of \(frame.count): \(String(describing: error))")
            }
            #expect(decodeError(frame + [0]) == .trailingBytes(1), "\(message.type)")
            #expect(decodeError(frame + [1, 2, 3]) == .trailingBytes(3), "\(message.type)")
        }
    }

    @Test func oversizedCountsAndLengths() throws {
        // AnnouncementBatch: worker 16, sequence 8, jobID 8, then the count.
        let batch = ClusterMessage.announcementBatch(try Samples.batch()).encode()
        let countOffset = 8 + 16 + 8 + 8
        var frame = batch
        patchU32(&frame, at: countOffset, 0xFFFF_FFFF)
        #expect(
            decodeError(frame)
                == .tooLarge(field: "AnnouncementBatch.announcements", size: 0xFFFF_FFFF, limit: 2048))
        patchU32(&frame, at: countOffset, 2049)
        #expect(decodeError(frame) == .tooLarge(field: "AnnouncementBatch.announcements", size: 2049, limit: 2048))
        // Within the limit but more than the frame holds: refused before allocating.
        patchU32(&frame, at: countOffset, 2048)
        #expect(decodeError(frame) == .truncated(field: "AnnouncementBatch.announcements"))
        patchU32(&frame, at: countOffset, 2)
        #expect(decodeError(frame) == .trailingBytes(1024))

        // Job: the template header's length is at 64, the coinbase's at 148.
        let job = ClusterMessage.job(try Samples.job()).encode()
        frame = job
        patchU32(&frame, at: 148, 0xFFFF_FFFF)
        #expect(decodeError(frame) == .tooLarge(field: "Job.coinbase", size: 0xFFFF_FFFF, limit: 100 * 1024))
        let branchOffset = 148 + 4 + 180
        frame = job
        patchU32(&frame, at: branchOffset, 65)
        #expect(decodeError(frame) == .tooLarge(field: "Job.merkleBranch", size: 65, limit: 64))
        let transactionsOffset = branchOffset + 4 + 5 * 32
        frame = job
        patchU32(&frame, at: transactionsOffset, 0xFFFF_FFFF)
        #expect(decodeError(frame) == .tooLarge(field: "Job.transactions", size: 0xFFFF_FFFF, limit: 10_000))
        patchU32(&frame, at: transactionsOffset, 10_000)
        #expect(decodeError(frame) == .truncated(field: "Job.transactions"))
        frame = job
        patchU32(&frame, at: transactionsOffset + 4, 0xFFFF_FFFF)
        #expect(
            decodeError(frame)
                == .tooLarge(field: "Job.transactions[0]", size: 0xFFFF_FFFF, limit: ProtocolLimits.maxTransactionSize))

        // Register's name: a u16 length at 25.
        frame = ClusterMessage.register(try Samples.register()).encode()
        frame[25] = 0xFF
        frame[26] = 0xFF
        #expect(decodeError(frame) == .tooLarge(field: "Register.name", size: 0xFFFF, limit: 256))

        // Command arguments: u32 length after id (8) and name (2 + 5).
        frame = ClusterMessage.command(try Command(id: 1, name: "scale", arguments: "{}")).encode()
        patchU32(&frame, at: 8 + 8 + 2 + 5, 64 * 1024 + 1)
        #expect(decodeError(frame) == .tooLarge(field: "Command.arguments", size: 65537, limit: 65536))

        // Found's block: u32 length after workHash (4 + 32) and announcementCount (8).
        frame = ClusterMessage.found(try Samples.found()).encode()
        patchU32(&frame, at: 49 + 32 + 8, 2 * 1024 * 1024 + 1)
        #expect(decodeError(frame) == .tooLarge(field: "Found.block", size: 2_097_153, limit: 2_097_152))
    }

    @Test func exactSizeFields() throws {
        var frame = ClusterMessage.job(try Samples.job()).encode()
        patchU32(&frame, at: 64, 79)
        #expect(decodeError(frame) == .invalidValue(field: "Job.header", reason: "must be 80 bytes, not 79"))
        frame = ClusterMessage.found(try Samples.found()).encode()
        patchU32(&frame, at: 45, 31)
        #expect(decodeError(frame) == .invalidValue(field: "Found.workHash", reason: "must be 32 bytes, not 31"))
    }

    @Test func invalidUTF8() throws {
        var frame = ClusterMessage.register(try Samples.register()).encode()
        frame[27] = 0xFF
        #expect(decodeError(frame) == .invalidUTF8(field: "Register.name"))
        // "⛏" is e2 9b 8f at the end of the name: cut its continuation byte.
        frame = ClusterMessage.register(try Samples.register()).encode()
        let nameEnd = 27 + "rig-07 ⛏".utf8.count
        frame[nameEnd - 1] = 0x41
        #expect(decodeError(frame) == .invalidUTF8(field: "Register.name"))
        frame = ClusterMessage.commandReply(try CommandReply(id: 1, ok: true, body: "{}")).encode()
        frame[frame.count - 1] = 0xC0
        #expect(decodeError(frame) == .invalidUTF8(field: "CommandReply.body"))
    }

    @Test func badDoubles() throws {
        let good = ClusterMessage.heartbeat(Heartbeat(node: Samples.node(1), stats: try Samples.stats())).encode()
        for (bad, label) in [(Double.nan, "nan"), (-1.0, "negative"), (.infinity, "infinity"), (-.infinity, "-inf")] {
            var frame = good
            for i in 0..<8 { frame[24 + 8 + i] = UInt8(truncatingIfNeeded: bad.bitPattern >> (8 * i)) }
            guard case .invalidValue(let field, _) = decodeError(frame) else {
                Issue.record("\(label) decoded")
                continue
            }
            #expect(field == "NodeStats.announcementsPerSecond")
            #expect(throws: ProtocolError.self) { try NodeStats(blockHashesPerSecond: bad) }
        }
    }

    @Test func badEnumsAndBooleans() throws {
        var frame = ClusterMessage.register(try Samples.register()).encode()
        frame[24] = 6
        #expect(decodeError(frame) == .invalidValue(field: "Register.role", reason: "unknown role 6"))
        frame[24] = 0
        #expect(decodeError(frame) == .invalidValue(field: "Register.role", reason: "unknown role 0"))
        frame = ClusterMessage.found(try Samples.found()).encode()
        frame[40] = 3
        #expect(decodeError(frame) == .invalidValue(field: "Found.kind", reason: "unknown kind 3"))
        frame = ClusterMessage.creditAck(CreditAck(id: 1, status: .recorded)).encode()
        frame[16] = 4
        #expect(decodeError(frame) == .invalidValue(field: "CreditAck.status", reason: "unknown status 4"))
        frame[16] = 0
        #expect(decodeError(frame) == .invalidValue(field: "CreditAck.status", reason: "unknown status 0"))
        frame = ClusterMessage.reconfigure(Reconfigure(target: nil, drain: true)).encode()
        frame[8] = 0xFF
        guard case .invalidValue(field: "Reconfigure.target", _) = decodeError(frame) else {
            Issue.record("presence byte 0xFF accepted")
            return
        }
        frame = ClusterMessage.found(try Samples.found(kind: .share)).encode()
        frame[40] = FoundKind.block.rawValue  // a block without the block
        #expect(
            decodeError(frame)
                == .invalidValue(field: "Found.block", reason: "a found block must carry the block"))
    }

    @Test func initializersRefuseWhatCouldNotBeDecoded() throws {
        #expect(throws: ProtocolError.tooLarge(field: "AnnouncementBatch.announcements", size: 2049, limit: 2048)) {
            try Samples.batch(count: 2049)
        }
        #expect(throws: ProtocolError.invalidValue(field: "Found.workHash", reason: "must be 32 bytes, not 31")) {
            try Found(
                aggregator: Samples.node(1), id: 1, jobID: 1, kind: .share, height: 1,
                workHash: Samples.bytes(31, seed: 0), announcementCount: 0, block: [])
        }
        let job = try Samples.job()
        #expect(throws: ProtocolError.invalidValue(field: "Job.header", reason: "must be 80 bytes, not 79")) {
            try Job(
                id: 1, height: 1, parentHash: job.parentHash, parentHeight: 0, announcementBits: 0, shareBits: 0,
                header: Samples.bytes(79, seed: 0), coinbase: [], merkleBranch: [], transactions: [], recentBlocks: [])
        }
        #expect(throws: ProtocolError.invalidValue(field: "Job.merkleBranch[1]", reason: "must be 32 bytes, not 33")) {
            try Job(
                id: 1, height: 1, parentHash: job.parentHash, parentHeight: 0, announcementBits: 0, shareBits: 0,
                header: job.header, coinbase: [], merkleBranch: [Samples.bytes(32, seed: 0), Samples.bytes(33, seed: 0)],
                transactions: [], recentBlocks: [])
        }
        // Transactions within their own limits that together exceed the frame.
        let big = Samples.bytes(1024 * 1024, seed: 1)
        #expect(throws: ProtocolError.self) {
            try Job(
                id: 1, height: 1, parentHash: job.parentHash, parentHeight: 0, announcementBits: 0, shareBits: 0,
                header: job.header, coinbase: [], merkleBranch: [], transactions: [big, big, big], recentBlocks: [])
        }
        #expect(throws: ProtocolError.tooLarge(field: "Register.endpoint", size: 258, limit: 256)) {
            try Register(
                node: Samples.node(1), role: .aggregator, name: "a", payoutAddress: "", threads: 1,
                endpoint: String(repeating: "é", count: 129))
        }
        #expect(throws: ProtocolError.invalidValue(field: "Command.name", reason: "must not be empty")) {
            try Command(id: 1, name: "")
        }
        #expect(throws: ProtocolError.self) { try Command(id: 1, name: String(repeating: "x", count: 65)) }
        #expect(throws: ProtocolError.self) { try FoundAck(id: 1, accepted: true, reason: String(repeating: "x", count: 1025)) }
        #expect(throws: ProtocolError.invalidValue(field: "Found.block", reason: "a found block must carry the block")) {
            try Found(
                aggregator: Samples.node(1), id: 1, jobID: 1, kind: .block, height: 1,
                workHash: Samples.bytes(32, seed: 0), announcementCount: 0, block: [])
        }
    }

    @Test func errorDescriptionsAreOneLine() {
        let errors: [ProtocolError] = [
            .badMagic, .unsupportedVersion(2), .unknownType(99), .nonZeroFlags, .truncated(field: "Job.coinbase"),
            .tooLarge(field: "Job.coinbase", size: 200_000, limit: 102_400), .invalidUTF8(field: "Register.name"),
            .invalidValue(field: "Register.role", reason: "unknown role 4"), .trailingBytes(1), .frameTooLarge(9_999_999),
        ]
        #expect(Set(errors.map(\.kind)).count == errors.count)
        for error in errors {
            #expect(!error.description.isEmpty && !error.description.contains("\n"))
        }
        #expect(ProtocolError.unsupportedVersion(1).description == "unsupported protocol version 1 (this build speaks 3)")
    }
}
