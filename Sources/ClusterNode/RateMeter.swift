/// Turns a growing counter into a per-second rate between readings.
public struct RateMeter: Sendable {
    private var last: (count: UInt64, at: ContinuousClock.Instant) = (0, .now)

    public init() {}

    /// The rate since the previous reading, per second.
    public mutating func rate(_ count: UInt64) -> Double {
        let now = ContinuousClock.now
        let elapsed = now - last.at
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 && count >= last.count ? Double(count - last.count) / seconds : 0
        last = (count, now)
        return rate
    }
}
