/// What a peer is in the cluster. Each identity (a CURVE key, or a PLAIN
/// user name with the cluster secret) has exactly one role, and the
/// coordinator takes from it only what that role may send.
public enum NodeRole: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Mines announcements and sends them to aggregators.
    case worker = 1
    /// Collects announcements and mines blocks with them.
    case aggregator = 2
    /// Runs control commands (the command-line client).
    case control = 3
    /// Validates workers' batches and feeds the valid announcements to block miners.
    case validator = 4
    /// Mines blocks over every announcement the validators feed it.
    case blockMiner = 5

    /// The role's name: also the user id its connections carry.
    public var name: String {
        switch self {
        case .worker: "worker"
        case .aggregator: "aggregator"
        case .control: "operator"
        case .validator: "validator"
        case .blockMiner: "blockminer"
        }
    }

    /// The identity a node of this role presents: validators and block
    /// miners are aggregators split in two, and hold aggregator keys.
    public var identity: NodeRole {
        switch self {
        case .validator, .blockMiner: .aggregator
        default: self
        }
    }

    /// Takes workers' batches and reports credits.
    public var validates: Bool { self == .aggregator || self == .validator }
    /// Mines blocks and reports shares and blocks.
    public var minesBlocks: Bool { self == .aggregator || self == .blockMiner }

    /// The role whose name is `name`.
    public init?(name: String) {
        guard let role = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = role
    }

    public var description: String { name }
}

/// Type 2, node DEALER → coordinator ROUTER: a node introduces itself (on
/// start, and again whenever the coordinator does not know it).
public struct Register: Sendable, Hashable {
    public let node: NodeID
    public let role: NodeRole
    /// A human-readable name, e.g. the host name (≤ 256 bytes).
    public let name: String
    /// Where the node's credits are paid (≤ 256 bytes): a worker's announcements, an aggregator's shares.
    public let payoutAddress: String
    /// Mining threads the node runs.
    public let threads: UInt16
    /// An aggregator's or validator's batch endpoint, e.g. `tcp://10.0.0.5:7343` (≤ 256 bytes; empty otherwise).
    public let endpoint: String
    /// A validator's feed of validated announcements for block miners (≤ 256 bytes; empty otherwise).
    public let feed: String

    public init(
        node: NodeID, role: NodeRole, name: String, payoutAddress: String, threads: UInt16, endpoint: String,
        feed: String = ""
    ) throws(ProtocolError) {
        try Check.string(name, "Register.name", limit: ProtocolLimits.maxShortString)
        try Check.string(payoutAddress, "Register.payoutAddress", limit: ProtocolLimits.maxShortString)
        try Check.string(endpoint, "Register.endpoint", limit: ProtocolLimits.maxShortString)
        try Check.string(feed, "Register.feed", limit: ProtocolLimits.maxShortString)
        self.feed = feed
        self.node = node
        self.role = role
        self.name = name
        self.payoutAddress = payoutAddress
        self.threads = threads
        self.endpoint = endpoint
    }

    func encode(into writer: inout WireWriter) {
        writer.nodeID(node)
        writer.u8(role.rawValue)
        writer.string(name)
        writer.string(payoutAddress)
        writer.u16(threads)
        writer.string(endpoint)
        writer.string(feed)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> Register {
        let node = try reader.nodeID("Register.node")
        let rawRole = try reader.u8("Register.role")
        guard let role = NodeRole(rawValue: rawRole) else {
            throw .invalidValue(field: "Register.role", reason: "unknown role \(rawRole)")
        }
        let limit = ProtocolLimits.maxShortString
        return try Register(
            node: node, role: role, name: try reader.string("Register.name", limit: limit),
            payoutAddress: try reader.string("Register.payoutAddress", limit: limit),
            threads: try reader.u16("Register.threads"),
            endpoint: try reader.string("Register.endpoint", limit: limit),
            feed: try reader.string("Register.feed", limit: limit))
    }
}

/// Type 3, coordinator → node: the node is known.
public struct Registered: Sendable, Hashable {
    public let node: NodeID
    /// The job now being published (0 when there is none yet).
    public let currentJobID: UInt64
    /// How often the node should send a `Heartbeat`.
    public let heartbeatSeconds: UInt16

    public init(node: NodeID, currentJobID: UInt64, heartbeatSeconds: UInt16) {
        self.node = node
        self.currentJobID = currentJobID
        self.heartbeatSeconds = heartbeatSeconds
    }

    func encode(into writer: inout WireWriter) {
        writer.nodeID(node)
        writer.u64(currentJobID)
        writer.u16(heartbeatSeconds)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> Registered {
        Registered(
            node: try reader.nodeID("Registered.node"), currentJobID: try reader.u64("Registered.currentJobID"),
            heartbeatSeconds: try reader.u16("Registered.heartbeatSeconds"))
    }
}

/// A node's figures: rates over its last interval, counters since it started.
public struct NodeStats: Sendable, Hashable {
    public let hashesPerSecond: Double
    public let announcementsPerSecond: Double
    public let blockHashesPerSecond: Double
    public let announcementsFound: UInt64
    public let announcementsAccepted: UInt64
    public let announcementsStored: UInt64
    public let batchesPending: UInt32
    public let sharesFound: UInt64
    public let blocksFound: UInt64
    public let threads: UInt16
    /// A worker's uplink, a validator's or block miner's ingest, in bytes per second (frames as sent).
    public let bytesPerSecond: Double
    /// The job the node works on (0: none yet). A node also beats as soon
    /// as a new job reaches it, so the coordinator sees how long jobs take.
    public let jobID: UInt64

    /// Throws when a rate is NaN, infinite or negative.
    public init(
        hashesPerSecond: Double = 0, announcementsPerSecond: Double = 0, blockHashesPerSecond: Double = 0,
        announcementsFound: UInt64 = 0, announcementsAccepted: UInt64 = 0, announcementsStored: UInt64 = 0,
        batchesPending: UInt32 = 0, sharesFound: UInt64 = 0, blocksFound: UInt64 = 0, threads: UInt16 = 0,
        bytesPerSecond: Double = 0, jobID: UInt64 = 0
    ) throws(ProtocolError) {
        self.jobID = jobID
        try Check.rate(bytesPerSecond, "NodeStats.bytesPerSecond")
        self.bytesPerSecond = bytesPerSecond
        try Check.rate(hashesPerSecond, "NodeStats.hashesPerSecond")
        try Check.rate(announcementsPerSecond, "NodeStats.announcementsPerSecond")
        try Check.rate(blockHashesPerSecond, "NodeStats.blockHashesPerSecond")
        self.hashesPerSecond = hashesPerSecond
        self.announcementsPerSecond = announcementsPerSecond
        self.blockHashesPerSecond = blockHashesPerSecond
        self.announcementsFound = announcementsFound
        self.announcementsAccepted = announcementsAccepted
        self.announcementsStored = announcementsStored
        self.batchesPending = batchesPending
        self.sharesFound = sharesFound
        self.blocksFound = blocksFound
        self.threads = threads
    }

    func encode(into writer: inout WireWriter) {
        writer.double(hashesPerSecond)
        writer.double(announcementsPerSecond)
        writer.double(blockHashesPerSecond)
        writer.u64(announcementsFound)
        writer.u64(announcementsAccepted)
        writer.u64(announcementsStored)
        writer.u32(batchesPending)
        writer.u64(sharesFound)
        writer.u64(blocksFound)
        writer.u16(threads)
        writer.double(bytesPerSecond)
        writer.u64(jobID)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> NodeStats {
        try NodeStats(
            hashesPerSecond: try reader.double("NodeStats.hashesPerSecond"),
            announcementsPerSecond: try reader.double("NodeStats.announcementsPerSecond"),
            blockHashesPerSecond: try reader.double("NodeStats.blockHashesPerSecond"),
            announcementsFound: try reader.u64("NodeStats.announcementsFound"),
            announcementsAccepted: try reader.u64("NodeStats.announcementsAccepted"),
            announcementsStored: try reader.u64("NodeStats.announcementsStored"),
            batchesPending: try reader.u32("NodeStats.batchesPending"),
            sharesFound: try reader.u64("NodeStats.sharesFound"),
            blocksFound: try reader.u64("NodeStats.blocksFound"),
            threads: try reader.u16("NodeStats.threads"),
            bytesPerSecond: try reader.double("NodeStats.bytesPerSecond"),
            jobID: try reader.u64("NodeStats.jobID"))
    }
}

/// Type 4, node → coordinator: the node is alive, and its figures.
public struct Heartbeat: Sendable, Hashable {
    public let node: NodeID
    public let stats: NodeStats

    public init(node: NodeID, stats: NodeStats) {
        self.node = node
        self.stats = stats
    }

    func encode(into writer: inout WireWriter) {
        writer.nodeID(node)
        stats.encode(into: &writer)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> Heartbeat {
        Heartbeat(node: try reader.nodeID("Heartbeat.node"), stats: try NodeStats.decode(from: &reader))
    }
}
