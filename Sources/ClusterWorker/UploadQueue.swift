import ClusterProtocol

/// Batches sent to a validator and not yet acknowledged, at most `capacity`
/// of them and `byteCapacity` bytes in all. Each stays until its acknowledgement arrives. A batch is sent
/// again after a delay that follows the measured acknowledgement latency
/// and doubles with each resend (to a minute), with ±20% jitter, and at
/// most `resendBurst` batches go out again at once: after an outage the
/// backlog drains instead of arriving all together every few seconds.
public struct UploadQueue: Sendable {
    private struct Entry: Sendable {
        let frame: [UInt8]
        let announcements: Int
        let firstSent: ContinuousClock.Instant
        var dueAt: ContinuousClock.Instant
        var attempts: Int
    }

    private var entries: [UInt64: Entry] = [:]
    public private(set) var nextSequence: UInt64 = 1
    public let capacity: Int
    public let byteCapacity: Int
    /// The pending batches' frames, in bytes.
    public private(set) var bytes = 0
    /// Acknowledgement latency, smoothed (nil before the first one).
    public private(set) var latency: Duration?
    private let firstDelay: Duration
    static let resendBurst = 8
    static let longestDelay: Duration = .seconds(60)

    /// - Parameter firstDelay: the resend delay until a latency is measured.
    public init(capacity: Int, byteCapacity: Int, firstDelay: Duration) {
        self.capacity = capacity
        self.byteCapacity = byteCapacity
        self.firstDelay = firstDelay
    }

    public var isFull: Bool { entries.count >= capacity || bytes >= byteCapacity }
    /// At most half of either bound is used (a paused worker resumes then).
    public var isHalfEmpty: Bool { entries.count <= capacity / 2 && bytes <= byteCapacity / 2 }
    public var count: Int { entries.count }

    /// The first resend waits this long: three times the latency, 1 to 30 s.
    public var resendDelay: Duration {
        guard let latency else { return firstDelay }
        return min(max(latency * 3, .seconds(1)), .seconds(30))
    }

    public mutating func add(frame: [UInt8], announcements: Int, at now: ContinuousClock.Instant) -> UInt64 {
        let sequence = nextSequence
        nextSequence += 1
        entries[sequence] = Entry(frame: frame, announcements: announcements, firstSent: now,
                                  dueAt: now + jittered(resendDelay), attempts: 1)
        bytes += frame.count
        return sequence
    }

    /// Forgets an acknowledged batch and learns from its latency (first
    /// sends only); false when it was not pending.
    public mutating func acknowledge(_ sequence: UInt64, at now: ContinuousClock.Instant) -> Bool {
        guard let entry = entries.removeValue(forKey: sequence) else { return false }
        bytes -= entry.frame.count
        if entry.attempts == 1 {
            let sample = now - entry.firstSent
            latency = latency.map { $0 * 0.8 + sample * 0.2 } ?? sample
        }
        return true
    }

    /// Batches due again (oldest first, at most `resendBurst`), with their
    /// announcement counts; each is rescheduled with a doubled delay.
    public mutating func due(at now: ContinuousClock.Instant) -> [(frame: [UInt8], announcements: Int)] {
        let late = entries.filter { $0.value.dueAt <= now }.sorted { $0.key < $1.key }.prefix(Self.resendBurst)
        for (sequence, entry) in late { reschedule(sequence, entry, at: now) }
        return late.map { ($0.value.frame, $0.value.announcements) }
    }

    /// Every pending batch (for a new validator), rescheduled from now.
    public mutating func all(at now: ContinuousClock.Instant) -> [[UInt8]] {
        let pending = entries.sorted { $0.key < $1.key }
        for (sequence, entry) in pending {
            let dueAt = now + jittered(resendDelay * (1 << min(entry.attempts - 1, 6)))
            entries[sequence]?.dueAt = dueAt
        }
        return pending.map(\.value.frame)
    }

    private mutating func reschedule(_ sequence: UInt64, _ entry: Entry, at now: ContinuousClock.Instant) {
        let dueAt = now + jittered(min(resendDelay * (1 << min(entry.attempts, 6)), Self.longestDelay))
        entries[sequence]?.dueAt = dueAt
        entries[sequence]?.attempts = entry.attempts + 1
    }

    private func jittered(_ delay: Duration) -> Duration { delay * Double.random(in: 0.8...1.2) }
}
