import Foundation

/// The time a role runs on: instants to measure intervals and deadlines by,
/// and sleeping. Each role takes one in its options, so an embedder or a
/// test can run it on time it controls; ``SystemClock`` is the machine's.
public protocol RoleClock: Sendable {
    /// Now, for intervals and deadlines.
    var now: ContinuousClock.Instant { get }
    /// Suspends the calling task for `duration` of this clock's time.
    func sleep(for duration: Duration) async throws
}

/// The machine's monotonic clock.
public struct SystemClock: RoleClock {
    public init() {}
    public var now: ContinuousClock.Instant { .now }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
