import ClusterProtocol

/// Batches sent to an aggregator and not yet acknowledged. Each stays until
/// its acknowledgement arrives and is sent again when it has waited too long;
/// the aggregator de-duplicates and the ledger counts a batch once.
struct UploadQueue {
    private struct Entry {
        let frame: [UInt8]
        var sentAt: ContinuousClock.Instant
    }

    private var entries: [UInt64: Entry] = [:]
    private(set) var nextSequence: UInt64 = 1

    mutating func add(frame: [UInt8], at now: ContinuousClock.Instant) -> UInt64 {
        let sequence = nextSequence
        nextSequence += 1
        entries[sequence] = Entry(frame: frame, sentAt: now)
        return sequence
    }

    /// Forgets an acknowledged batch; false when it was not pending.
    mutating func acknowledge(_ sequence: UInt64) -> Bool { entries.removeValue(forKey: sequence) != nil }

    /// Frames to send again (oldest first), marked as sent now.
    mutating func due(olderThan age: Duration, at now: ContinuousClock.Instant) -> [[UInt8]] {
        let late = entries.filter { now - $0.value.sentAt >= age }.sorted { $0.key < $1.key }
        for (sequence, _) in late { entries[sequence]?.sentAt = now }
        return late.map(\.value.frame)
    }

    var count: Int { entries.count }
}
