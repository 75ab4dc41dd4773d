/// Turns a growing counter into a per-second rate between readings,
/// optionally smoothed (each reading weighs `smoothing`, the past the rest).
public struct RateMeter: Sendable {
    private var last: (count: UInt64, at: ContinuousClock.Instant) = (0, .now)
    private let smoothing: Double
    private var smoothed: Double?

    /// - Parameter smoothing: the weight of each new reading, in (0, 1]; 1 is no smoothing.
    public init(smoothing: Double = 1) { self.smoothing = smoothing }

    /// The rate since the previous reading, per second (smoothed).
    public mutating func rate(_ count: UInt64) -> Double {
        let now = ContinuousClock.now
        let elapsed = now - last.at
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 && count >= last.count ? Double(count - last.count) / seconds : 0
        last = (count, now)
        let next = smoothed.map { smoothing * rate + (1 - smoothing) * $0 } ?? rate
        smoothed = next
        return next
    }
}
