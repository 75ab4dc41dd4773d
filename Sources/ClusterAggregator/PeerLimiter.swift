import ClusterProtocol

/// Counts bad input per worker over one-minute windows, so a worker that
/// keeps sending invalid announcements stops costing validation.
struct PeerLimiter {
    private var counts: [NodeID: (count: Int, since: ContinuousClock.Instant)] = [:]
    static let window: Duration = .seconds(60)

    mutating func add(_ worker: NodeID, _ amount: Int, at now: ContinuousClock.Instant) {
        if let entry = counts[worker], now - entry.since < Self.window {
            counts[worker] = (entry.count + amount, entry.since)
        } else {
            counts[worker] = (amount, now)
        }
        if counts.count > 100_000 { counts = counts.filter { now - $0.value.since < Self.window } }
    }

    func isLimited(_ worker: NodeID, limit: Int, at now: ContinuousClock.Instant) -> Bool {
        guard let entry = counts[worker], now - entry.since < Self.window else { return false }
        return entry.count > limit
    }
}
