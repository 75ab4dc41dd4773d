import ClusterProtocol

/// Credits waiting for the ledger, at most `capacity`. The coordinator
/// commits whatever has gathered in one transaction (a group commit): a
/// lone credit is written at once, and while one commit is on its way to
/// disk the next credits gather, so the cost per credit falls as their rate
/// rises. A credit that finds the queue full is dropped unacknowledged, and
/// its validator sends it again.
struct CreditQueue {
    /// A credit and the connection to acknowledge it on.
    struct Entry: Sendable {
        let credit: Credit
        let peer: Peer
    }

    private var entries: [Entry] = []
    let capacity: Int
    /// Yields when credits are waiting.
    let arrivals: AsyncStream<Void>
    private let arrived: AsyncStream<Void>.Continuation

    init(capacity: Int) {
        self.capacity = capacity
        (arrivals, arrived) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// False when the queue is full.
    mutating func add(_ entry: Entry) -> Bool {
        guard entries.count < capacity else { return false }
        entries.append(entry)
        arrived.yield()
        return true
    }

    /// The oldest waiting credits, at most `most`.
    mutating func take(_ most: Int) -> [Entry] {
        let taken = Array(entries.prefix(most))
        entries.removeFirst(taken.count)
        return taken
    }
}
