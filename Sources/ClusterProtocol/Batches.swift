import PacketCrypt

/// Type 5, worker DEALER → aggregator ROUTER: announcements a worker mined.
/// The worker keeps the batch until a `BatchAck` with its sequence arrives
/// and resends it after a timeout.
public struct AnnouncementBatch: Sendable, Hashable {
    public let worker: NodeID
    /// The worker's own batch number, increasing; with `worker`, it identifies the batch.
    public let sequence: UInt64
    /// The job the announcements were mined for.
    public let jobID: UInt64
    /// Where the worker's credit is paid (≤ 256 bytes).
    public let payoutAddress: String
    /// At most 2048 announcements.
    public let announcements: [Announcement]

    public init(
        worker: NodeID, sequence: UInt64, jobID: UInt64, payoutAddress: String, announcements: [Announcement]
    ) throws(ProtocolError) {
        try Check.string(payoutAddress, "AnnouncementBatch.payoutAddress", limit: ProtocolLimits.maxShortString)
        try Check.count(
            announcements.count, "AnnouncementBatch.announcements", limit: ProtocolLimits.maxAnnouncementsPerBatch)
        self.worker = worker
        self.sequence = sequence
        self.jobID = jobID
        self.payoutAddress = payoutAddress
        self.announcements = announcements
    }

    var encodedSize: Int {
        16 + 8 + 8 + WireWriter.stringSize(payoutAddress) + 4 + Announcement.size * announcements.count
    }

    func encode(into writer: inout WireWriter) {
        writer.nodeID(worker)
        writer.u64(sequence)
        writer.u64(jobID)
        writer.string(payoutAddress)
        writer.count(announcements.count)
        for announcement in announcements { writer.raw(announcement.bytes) }
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> AnnouncementBatch {
        let worker = try reader.nodeID("AnnouncementBatch.worker")
        let sequence = try reader.u64("AnnouncementBatch.sequence")
        let jobID = try reader.u64("AnnouncementBatch.jobID")
        let payoutAddress = try reader.string("AnnouncementBatch.payoutAddress", limit: ProtocolLimits.maxShortString)
        let announcements = try reader.list(
            "AnnouncementBatch.announcements", limit: ProtocolLimits.maxAnnouncementsPerBatch,
            minimumSize: Announcement.size
        ) { (reader: inout WireReader, field: String) throws(ProtocolError) in
            let raw = try reader.raw(Announcement.size, field)
            do {
                return try Announcement(bytes: raw)
            } catch {
                throw .invalidValue(field: field, reason: "\(error)")
            }
        }
        return try AnnouncementBatch(
            worker: worker, sequence: sequence, jobID: jobID, payoutAddress: payoutAddress,
            announcements: announcements)
    }
}

/// What an aggregator made of a batch's announcements.
public struct BatchCounts: Sendable, Hashable {
    /// Valid and new: stored for block mining and credited.
    public let accepted: UInt32
    /// Already held (this batch resent, or the same announcement from elsewhere).
    public let duplicate: UInt32
    /// Failed validation.
    public let invalid: UInt32
    /// Valid but too old for the block being mined.
    public let stale: UInt32
    /// Committed to a parent block the aggregator does not know.
    public let unknownParent: UInt32

    public init(accepted: UInt32 = 0, duplicate: UInt32 = 0, invalid: UInt32 = 0, stale: UInt32 = 0,
                unknownParent: UInt32 = 0) {
        self.accepted = accepted
        self.duplicate = duplicate
        self.invalid = invalid
        self.stale = stale
        self.unknownParent = unknownParent
    }

    /// All the announcements counted.
    public var total: UInt64 {
        UInt64(accepted) + UInt64(duplicate) + UInt64(invalid) + UInt64(stale) + UInt64(unknownParent)
    }

    func encode(into writer: inout WireWriter) {
        writer.u32(accepted)
        writer.u32(duplicate)
        writer.u32(invalid)
        writer.u32(stale)
        writer.u32(unknownParent)
    }

    static func decode(from reader: inout WireReader, _ field: String) throws(ProtocolError) -> BatchCounts {
        BatchCounts(
            accepted: try reader.u32(field + ".accepted"), duplicate: try reader.u32(field + ".duplicate"),
            invalid: try reader.u32(field + ".invalid"), stale: try reader.u32(field + ".stale"),
            unknownParent: try reader.u32(field + ".unknownParent"))
    }
}

/// Type 6, aggregator → worker: the batch with this sequence is done. Sent
/// only once the coordinator has acknowledged its `Credit`, so an
/// acknowledged batch is in the ledger.
public struct BatchAck: Sendable, Hashable {
    public let sequence: UInt64
    public let counts: BatchCounts

    public init(sequence: UInt64, counts: BatchCounts) {
        self.sequence = sequence
        self.counts = counts
    }

    func encode(into writer: inout WireWriter) {
        writer.u64(sequence)
        counts.encode(into: &writer)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> BatchAck {
        BatchAck(
            sequence: try reader.u64("BatchAck.sequence"), counts: try BatchCounts.decode(from: &reader, "BatchAck.counts"))
    }
}

/// Type 7, aggregator → coordinator: credit a worker for a batch. The
/// aggregator resends it until a `CreditAck` with its `id` arrives.
public struct Credit: Sendable, Hashable {
    public let aggregator: NodeID
    /// The aggregator's own credit number.
    public let id: UInt64
    public let worker: NodeID
    public let batchSequence: UInt64
    /// ≤ 256 bytes.
    public let payoutAddress: String
    public let jobID: UInt64
    public let counts: BatchCounts

    public init(
        aggregator: NodeID, id: UInt64, worker: NodeID, batchSequence: UInt64, payoutAddress: String, jobID: UInt64,
        counts: BatchCounts
    ) throws(ProtocolError) {
        try Check.string(payoutAddress, "Credit.payoutAddress", limit: ProtocolLimits.maxShortString)
        self.aggregator = aggregator
        self.id = id
        self.worker = worker
        self.batchSequence = batchSequence
        self.payoutAddress = payoutAddress
        self.jobID = jobID
        self.counts = counts
    }

    func encode(into writer: inout WireWriter) {
        writer.nodeID(aggregator)
        writer.u64(id)
        writer.nodeID(worker)
        writer.u64(batchSequence)
        writer.string(payoutAddress)
        writer.u64(jobID)
        counts.encode(into: &writer)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> Credit {
        try Credit(
            aggregator: try reader.nodeID("Credit.aggregator"), id: try reader.u64("Credit.id"),
            worker: try reader.nodeID("Credit.worker"), batchSequence: try reader.u64("Credit.batchSequence"),
            payoutAddress: try reader.string("Credit.payoutAddress", limit: ProtocolLimits.maxShortString),
            jobID: try reader.u64("Credit.jobID"), counts: try BatchCounts.decode(from: &reader, "Credit.counts"))
    }
}

/// Type 8, coordinator → aggregator: the credit with this `id` is in the ledger.
public struct CreditAck: Sendable, Hashable {
    public let id: UInt64
    /// False when (worker, batch sequence) had already been recorded.
    public let recorded: Bool

    public init(id: UInt64, recorded: Bool) {
        self.id = id
        self.recorded = recorded
    }

    func encode(into writer: inout WireWriter) {
        writer.u64(id)
        writer.bool(recorded)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> CreditAck {
        CreditAck(id: try reader.u64("CreditAck.id"), recorded: try reader.bool("CreditAck.recorded"))
    }
}
