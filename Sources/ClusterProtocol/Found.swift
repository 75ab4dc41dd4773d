/// What an aggregator found.
public enum FoundKind: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Meets the share target only.
    case share = 1
    /// Meets the block target: the coordinator submits it to the chain.
    case block = 2

    public var name: String {
        switch self {
        case .share: "share"
        case .block: "block"
        }
    }

    public var description: String { name }
}

/// Type 9, aggregator → coordinator: a share or a block. The aggregator
/// resends it until a `FoundAck` with its `id` arrives.
public struct Found: Sendable, Hashable {
    public let aggregator: NodeID
    /// The aggregator's own number for this message.
    public let id: UInt64
    public let jobID: UInt64
    public let kind: FoundKind
    public let height: UInt32
    /// The 32-byte PacketCrypt work hash.
    public let workHash: [UInt8]
    /// Announcements in the set the block commits to.
    public let announcementCount: UInt64
    /// The serialized block (≤ 2 MiB); may be empty for a share, never for a block.
    public let block: [UInt8]

    public init(
        aggregator: NodeID, id: UInt64, jobID: UInt64, kind: FoundKind, height: UInt32, workHash: [UInt8],
        announcementCount: UInt64, block: [UInt8]
    ) throws(ProtocolError) {
        try Check.exactSize(workHash.count, ProtocolLimits.workHashSize, "Found.workHash")
        try Check.blob(block, "Found.block", limit: ProtocolLimits.maxBlockSize)
        if kind == .block && block.isEmpty {
            throw .invalidValue(field: "Found.block", reason: "a found block must carry the block")
        }
        self.aggregator = aggregator
        self.id = id
        self.jobID = jobID
        self.kind = kind
        self.height = height
        self.workHash = workHash
        self.announcementCount = announcementCount
        self.block = block
    }

    func encode(into writer: inout WireWriter) {
        writer.nodeID(aggregator)
        writer.u64(id)
        writer.u64(jobID)
        writer.u8(kind.rawValue)
        writer.u32(height)
        writer.blob(workHash)
        writer.u64(announcementCount)
        writer.blob(block)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> Found {
        let aggregator = try reader.nodeID("Found.aggregator")
        let id = try reader.u64("Found.id")
        let jobID = try reader.u64("Found.jobID")
        let rawKind = try reader.u8("Found.kind")
        guard let kind = FoundKind(rawValue: rawKind) else {
            throw .invalidValue(field: "Found.kind", reason: "unknown kind \(rawKind)")
        }
        return try Found(
            aggregator: aggregator, id: id, jobID: jobID, kind: kind, height: try reader.u32("Found.height"),
            workHash: try reader.exactBlob("Found.workHash", size: ProtocolLimits.workHashSize),
            announcementCount: try reader.u64("Found.announcementCount"),
            block: try reader.blob("Found.block", limit: ProtocolLimits.maxBlockSize))
    }
}

/// Type 10, coordinator → aggregator: what became of the `Found` with this `id`.
public struct FoundAck: Sendable, Hashable {
    public let id: UInt64
    public let accepted: Bool
    /// Why not, or what happened (≤ 1024 bytes).
    public let reason: String

    public init(id: UInt64, accepted: Bool, reason: String) throws(ProtocolError) {
        try Check.string(reason, "FoundAck.reason", limit: ProtocolLimits.maxReason)
        self.id = id
        self.accepted = accepted
        self.reason = reason
    }

    func encode(into writer: inout WireWriter) {
        writer.u64(id)
        writer.bool(accepted)
        writer.string(reason)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> FoundAck {
        try FoundAck(
            id: try reader.u64("FoundAck.id"), accepted: try reader.bool("FoundAck.accepted"),
            reason: try reader.string("FoundAck.reason", limit: ProtocolLimits.maxReason))
    }
}
