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
    /// At most 2048 announcements.
    public let announcements: [Announcement]

    public init(
        worker: NodeID, sequence: UInt64, jobID: UInt64, announcements: [Announcement]
    ) throws(ProtocolError) {
        try Check.count(
            announcements.count, "AnnouncementBatch.announcements", limit: ProtocolLimits.maxAnnouncementsPerBatch)
        self.worker = worker
        self.sequence = sequence
        self.jobID = jobID
        self.announcements = announcements
    }

    var encodedSize: Int {
        16 + 8 + 8 + 4 + Announcement.size * announcements.count
    }

    func encode(into writer: inout WireWriter) {
        writer.nodeID(worker)
        writer.u64(sequence)
        writer.u64(jobID)
        writer.count(announcements.count)
        for announcement in announcements { writer.raw(announcement.bytes) }
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> AnnouncementBatch {
        let worker = try reader.nodeID("AnnouncementBatch.worker")
        let sequence = try reader.u64("AnnouncementBatch.sequence")
        let jobID = try reader.u64("AnnouncementBatch.jobID")
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
            worker: worker, sequence: sequence, jobID: jobID, announcements: announcements)
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
    /// Mined to a target easier than the job's announcement target.
    public let underTarget: UInt32

    public init(accepted: UInt32 = 0, duplicate: UInt32 = 0, invalid: UInt32 = 0, stale: UInt32 = 0,
                unknownParent: UInt32 = 0, underTarget: UInt32 = 0) {
        self.accepted = accepted
        self.duplicate = duplicate
        self.invalid = invalid
        self.stale = stale
        self.unknownParent = unknownParent
        self.underTarget = underTarget
    }

    /// All the announcements counted.
    public var total: UInt64 {
        UInt64(accepted) + UInt64(duplicate) + UInt64(invalid) + UInt64(stale) + UInt64(unknownParent)
            + UInt64(underTarget)
    }

    func encode(into writer: inout WireWriter) {
        writer.u32(accepted)
        writer.u32(duplicate)
        writer.u32(invalid)
        writer.u32(stale)
        writer.u32(unknownParent)
        writer.u32(underTarget)
    }

    static func decode(from reader: inout WireReader, _ field: String) throws(ProtocolError) -> BatchCounts {
        BatchCounts(
            accepted: try reader.u32(field + ".accepted"), duplicate: try reader.u32(field + ".duplicate"),
            invalid: try reader.u32(field + ".invalid"), stale: try reader.u32(field + ".stale"),
            unknownParent: try reader.u32(field + ".unknownParent"), underTarget: try reader.u32(field + ".underTarget"))
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
/// aggregator resends it until a `CreditAck` with its `id` arrives. The
/// coordinator pays the credit to the payout address the worker registered.
public struct Credit: Sendable, Hashable {
    public let aggregator: NodeID
    /// The aggregator's own credit number.
    public let id: UInt64
    public let worker: NodeID
    public let batchSequence: UInt64
    /// BLAKE2b-256 of the batch's announcements: with `worker` and
    /// `batchSequence` it names the batch, so a batch claimed under another's
    /// sequence can never stand in for the real one.
    public let batchDigest: [UInt8]
    public let jobID: UInt64
    public let counts: BatchCounts
    /// The accepted announcements' work in blocks: the sum of
    /// work(announcement target) / work(block target of the job).
    public let work: Double

    public init(
        aggregator: NodeID, id: UInt64, worker: NodeID, batchSequence: UInt64, batchDigest: [UInt8], jobID: UInt64,
        counts: BatchCounts, work: Double
    ) throws(ProtocolError) {
        try Check.exactSize(batchDigest.count, 32, "Credit.batchDigest")
        try Check.rate(work, "Credit.work")
        self.aggregator = aggregator
        self.id = id
        self.worker = worker
        self.batchSequence = batchSequence
        self.batchDigest = batchDigest
        self.jobID = jobID
        self.counts = counts
        self.work = work
    }

    func encode(into writer: inout WireWriter) {
        writer.nodeID(aggregator)
        writer.u64(id)
        writer.nodeID(worker)
        writer.u64(batchSequence)
        writer.raw(batchDigest)
        writer.u64(jobID)
        counts.encode(into: &writer)
        writer.double(work)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> Credit {
        try Credit(
            aggregator: try reader.nodeID("Credit.aggregator"), id: try reader.u64("Credit.id"),
            worker: try reader.nodeID("Credit.worker"), batchSequence: try reader.u64("Credit.batchSequence"),
            batchDigest: try reader.raw(32, "Credit.batchDigest"), jobID: try reader.u64("Credit.jobID"),
            counts: try BatchCounts.decode(from: &reader, "Credit.counts"), work: try reader.double("Credit.work"))
    }
}

/// What the coordinator did with a `Credit`.
public enum CreditStatus: UInt8, Sendable, Hashable, CaseIterable {
    /// Written to the ledger now.
    case recorded = 1
    /// That batch was already in the ledger; nothing changed.
    case duplicate = 2
    /// The worker is not registered (yet): nothing was written; send again later.
    case unknownWorker = 3
}

/// Type 8, coordinator → aggregator: what became of the credit with this `id`.
public struct CreditAck: Sendable, Hashable {
    public let id: UInt64
    public let status: CreditStatus

    public init(id: UInt64, status: CreditStatus) {
        self.id = id
        self.status = status
    }

    func encode(into writer: inout WireWriter) {
        writer.u64(id)
        writer.u8(status.rawValue)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> CreditAck {
        let id = try reader.u64("CreditAck.id")
        let raw = try reader.u8("CreditAck.status")
        guard let status = CreditStatus(rawValue: raw) else {
            throw .invalidValue(field: "CreditAck.status", reason: "unknown status \(raw)")
        }
        return CreditAck(id: id, status: status)
    }
}
