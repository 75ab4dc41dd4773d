/// The type byte of a frame's header.
public enum MessageType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case job = 1
    case register = 2
    case registered = 3
    case heartbeat = 4
    case announcementBatch = 5
    case batchAck = 6
    case credit = 7
    case creditAck = 8
    case found = 9
    case foundAck = 10
    case command = 11
    case commandReply = 12
    case reconfigure = 13
    case refusal = 14
    case assignment = 15

    /// The message's name, as in the protocol document, e.g. `AnnouncementBatch`.
    public var name: String {
        switch self {
        case .job: "Job"
        case .register: "Register"
        case .registered: "Registered"
        case .heartbeat: "Heartbeat"
        case .announcementBatch: "AnnouncementBatch"
        case .batchAck: "BatchAck"
        case .credit: "Credit"
        case .creditAck: "CreditAck"
        case .found: "Found"
        case .foundAck: "FoundAck"
        case .command: "Command"
        case .commandReply: "CommandReply"
        case .reconfigure: "Reconfigure"
        case .refusal: "Refusal"
        case .assignment: "Assignment"
        }
    }

    public var description: String { name }
}

/// One message of the cluster protocol: one ZeroMQ frame (see docs/protocol.md).
public enum ClusterMessage: Sendable, Hashable {
    case job(Job)
    case register(Register)
    case registered(Registered)
    case heartbeat(Heartbeat)
    case announcementBatch(AnnouncementBatch)
    case batchAck(BatchAck)
    case credit(Credit)
    case creditAck(CreditAck)
    case found(Found)
    case foundAck(FoundAck)
    case command(Command)
    case commandReply(CommandReply)
    case reconfigure(Reconfigure)
    case refusal(Refusal)
    case assignment(Assignment)

    /// `PKCL`.
    public static let magic: [UInt8] = [0x50, 0x4b, 0x43, 0x4c]
    public static let protocolVersion: UInt8 = 3

    /// PUB topic of `Job` messages.
    public static let topicJob: [UInt8] = Array("job".utf8)
    /// PUB topic of `Reconfigure` messages.
    public static let topicControl: [UInt8] = Array("ctl".utf8)

    public var type: MessageType {
        switch self {
        case .job: .job
        case .register: .register
        case .registered: .registered
        case .heartbeat: .heartbeat
        case .announcementBatch: .announcementBatch
        case .batchAck: .batchAck
        case .credit: .credit
        case .creditAck: .creditAck
        case .found: .found
        case .foundAck: .foundAck
        case .command: .command
        case .commandReply: .commandReply
        case .reconfigure: .reconfigure
        case .refusal: .refusal
        case .assignment: .assignment
        }
    }

    /// The PUB topic the coordinator publishes this message under; nil for
    /// messages that are not published.
    public var topic: [UInt8]? {
        switch self {
        case .job: Self.topicJob
        case .reconfigure: Self.topicControl
        default: nil
        }
    }

    /// The frame: header, then body. Cannot fail: every message value was
    /// checked against the protocol's limits when it was built.
    public func encode() -> [UInt8] {
        let capacity: Int =
            switch self {
            case .job(let job): job.encodedSize
            case .announcementBatch(let batch): batch.encodedSize
            case .found(let found): 128 + found.block.count
            case .command(let command): 128 + command.arguments.utf8.count
            case .commandReply(let reply): 128 + reply.body.utf8.count
            case .assignment(let assignment): assignment.encodedSize
            default: 1024
            }
        var writer = WireWriter(capacity: ProtocolLimits.headerSize + capacity)
        writer.raw(Self.magic)
        writer.u8(Self.protocolVersion)
        writer.u8(type.rawValue)
        writer.u16(0)
        switch self {
        case .job(let message): message.encode(into: &writer)
        case .register(let message): message.encode(into: &writer)
        case .registered(let message): message.encode(into: &writer)
        case .heartbeat(let message): message.encode(into: &writer)
        case .announcementBatch(let message): message.encode(into: &writer)
        case .batchAck(let message): message.encode(into: &writer)
        case .credit(let message): message.encode(into: &writer)
        case .creditAck(let message): message.encode(into: &writer)
        case .found(let message): message.encode(into: &writer)
        case .foundAck(let message): message.encode(into: &writer)
        case .command(let message): message.encode(into: &writer)
        case .commandReply(let message): message.encode(into: &writer)
        case .reconfigure(let message): message.encode(into: &writer)
        case .refusal(let message): message.encode(into: &writer)
        case .assignment(let message): message.encode(into: &writer)
        }
        assert(writer.bytes.count <= ProtocolLimits.maxFrameSize, "a validated message exceeds the frame limit")
        return writer.bytes
    }

    /// Decodes one frame. Never traps and never allocates more than the
    /// frame's own size (plus per-entry overhead) on malformed input: it
    /// throws a `ProtocolError` saying what is wrong.
    public static func decode(_ frame: [UInt8]) throws(ProtocolError) -> ClusterMessage {
        guard frame.count <= ProtocolLimits.maxFrameSize else { throw .frameTooLarge(frame.count) }
        guard frame.count >= ProtocolLimits.headerSize else { throw .truncated(field: "header") }
        guard frame[0] == magic[0], frame[1] == magic[1], frame[2] == magic[2], frame[3] == magic[3] else {
            throw .badMagic
        }
        guard frame[4] == protocolVersion else { throw .unsupportedVersion(frame[4]) }
        guard let type = MessageType(rawValue: frame[5]) else { throw .unknownType(frame[5]) }
        guard frame[6] == 0, frame[7] == 0 else { throw .nonZeroFlags }
        var reader = WireReader(frame, offset: ProtocolLimits.headerSize)
        let message: ClusterMessage =
            switch type {
            case .job: .job(try Job.decode(from: &reader))
            case .register: .register(try Register.decode(from: &reader))
            case .registered: .registered(try Registered.decode(from: &reader))
            case .heartbeat: .heartbeat(try Heartbeat.decode(from: &reader))
            case .announcementBatch: .announcementBatch(try AnnouncementBatch.decode(from: &reader))
            case .batchAck: .batchAck(try BatchAck.decode(from: &reader))
            case .credit: .credit(try Credit.decode(from: &reader))
            case .creditAck: .creditAck(try CreditAck.decode(from: &reader))
            case .found: .found(try Found.decode(from: &reader))
            case .foundAck: .foundAck(try FoundAck.decode(from: &reader))
            case .command: .command(try Command.decode(from: &reader))
            case .commandReply: .commandReply(try CommandReply.decode(from: &reader))
            case .reconfigure: .reconfigure(try Reconfigure.decode(from: &reader))
            case .refusal: .refusal(try Refusal.decode(from: &reader))
            case .assignment: .assignment(try Assignment.decode(from: &reader))
            }
        try reader.finish()
        return message
    }
}
