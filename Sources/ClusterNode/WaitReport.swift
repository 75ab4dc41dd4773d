import Logging

/// While a node lacks what it needs to work (an answer from the
/// coordinator, a job, somewhere to send), says so within seconds and keeps
/// saying how long it has waited; past an optional patience it gives up.
public struct WaitReport: Sendable {
    /// How often the wait is reported.
    public static let every: Duration = .seconds(5)

    private let patience: Duration?
    private var waiting: (what: String, since: ContinuousClock.Instant, said: ContinuousClock.Instant?)?

    /// - Parameter patience: how long to wait before giving up; nil waits for ever.
    public init(patience: Duration?) { self.patience = patience }

    /// Records what the node lacks now (nil: nothing), logging while it lasts;
    /// throws once it has lasted longer than the patience.
    public mutating func lacking(_ what: String?, logger: Logger, now: ContinuousClock.Instant) throws(WaitedTooLong) {
        guard let what else {
            if let waiting { logger.info("no longer waiting (\(waiting.what)) after \(Self.seconds(now - waiting.since))") }
            waiting = nil
            return
        }
        if waiting?.what != what { waiting = (what, now, nil) }
        guard var current = waiting else { return }
        let waited = now - current.since
        if let patience, waited > patience { throw WaitedTooLong(what: what, waited: Self.seconds(waited)) }
        if waited >= .seconds(2), current.said.map({ now - $0 >= Self.every }) ?? true {
            logger.warning("waiting \(Self.seconds(waited)): \(what)")
            current.said = now
            waiting = current
        }
    }

    static func seconds(_ duration: Duration) -> String { "\(duration.components.seconds) s" }
}

/// A node gave up waiting (its patience ran out).
public struct WaitedTooLong: Error, CustomStringConvertible {
    public let what: String
    public let waited: String

    public var description: String { "gave up after \(waited): \(what)" }
}
