import ClusterProtocol

/// Shares and blocks sent to the coordinator and not yet acknowledged, at
/// most `capacity`. Past it the oldest share makes room: a share that old
/// is for a job the coordinator no longer credits (through a long outage
/// shares would otherwise pile up without end). Blocks are never dropped.
struct PendingFinds {
    private struct Entry {
        let message: ClusterMessage
        let isBlock: Bool
        var sentAt: ContinuousClock.Instant
    }

    private var entries: [UInt64: Entry] = [:]
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    /// Keeps a find sent `now`; returns the id of the share dropped to make room, if one was.
    mutating func add(_ id: UInt64, _ message: ClusterMessage, isBlock: Bool, at now: ContinuousClock.Instant) -> UInt64? {
        var dropped: UInt64?
        if entries.count >= capacity, let oldest = entries.filter({ !$0.value.isBlock }).keys.min() {
            entries[oldest] = nil
            dropped = oldest
        }
        entries[id] = Entry(message: message, isBlock: isBlock, sentAt: now)
        return dropped
    }

    /// Forgets an acknowledged find; false when it was not pending.
    mutating func acknowledge(_ id: UInt64) -> Bool { entries.removeValue(forKey: id) != nil }

    /// The finds unanswered for longer than `after`, to send again; each is re-stamped `now`.
    mutating func late(after: Duration, at now: ContinuousClock.Instant) -> [ClusterMessage] {
        let late = entries.filter { now - $0.value.sentAt > after }.sorted { $0.key < $1.key }
        for (id, _) in late { entries[id]?.sentAt = now }
        return late.map(\.value.message)
    }
}
