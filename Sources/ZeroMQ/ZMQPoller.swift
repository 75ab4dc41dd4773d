import CZeroMQ

/// Waits until any of several sockets or raw file descriptors is ready (`zmq_poll`).
///
/// Register items with ``add(_:events:)`` / ``add(fileDescriptor:events:)``;
/// ``poll(timeout:)`` returns the ready events of every item, in registration
/// order (empty for items that are not ready). Like the sockets it holds, a
/// poller belongs to one thread.
public struct ZMQPoller {
    private enum Source {
        case socket(ZMQSocket)
        case fileDescriptor(Int32)
    }

    private var sources: [Source] = []
    private var interests: [ZMQPollEvents] = []

    public init() {}

    /// Watches `socket` for `events`; returns the item's index.
    @discardableResult
    public mutating func add(_ socket: ZMQSocket, events: ZMQPollEvents = .readable) -> Int {
        append(.socket(socket), events)
    }

    /// Watches a raw file descriptor (a pipe, a TCP socket…) for `events`; returns the item's index.
    @discardableResult
    public mutating func add(fileDescriptor: Int32, events: ZMQPollEvents = .readable) -> Int {
        append(.fileDescriptor(fileDescriptor), events)
    }

    /// Changes what item `index` is watched for (an empty set ignores it).
    public mutating func setEvents(_ events: ZMQPollEvents, at index: Int) {
        interests[index] = events
    }

    /// Waits up to `timeout` (`nil`: indefinitely) for a registered item to be ready.
    ///
    /// - Returns: one entry per item, in registration order: the requested
    ///   events that are ready (plus `.error` for a failed descriptor). All
    ///   entries are empty on timeout or when a signal interrupted the wait.
    public func poll(timeout: Duration?) throws(ZMQError) -> [ZMQPollEvents] {
        var items: [zmq_pollitem_t] = []
        items.reserveCapacity(sources.count)
        for (source, events) in zip(sources, interests) {
            switch source {
            case .socket(let socket):
                items.append(zmq_pollitem_t(
                    socket: try socket.openHandle("zmq_poll"), fd: -1, events: events.rawValue, revents: 0))
            case .fileDescriptor(let fd):
                items.append(zmq_pollitem_t(socket: nil, fd: fd, events: events.rawValue, revents: 0))
            }
        }
        let count = zmq_poll(&items, Int32(items.count), Self.milliseconds(timeout))
        if count < 0 {
            let code = zmq_errno()
            if code == EINTR { return Array(repeating: [], count: items.count) }
            throw ZMQError(call: "zmq_poll", code: code)
        }
        return items.map { ZMQPollEvents(rawValue: $0.revents) }
    }

    private mutating func append(_ source: Source, _ events: ZMQPollEvents) -> Int {
        sources.append(source)
        interests.append(events)
        return sources.count - 1
    }

    /// `zmq_poll`'s timeout: -1 for none, otherwise milliseconds rounded up so
    /// a short positive timeout still waits.
    private static func milliseconds(_ timeout: Duration?) -> Int {
        guard let timeout else { return -1 }
        let (seconds, attoseconds) = timeout.components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        guard seconds < Int64(Int32.max) / 1000 else { return Int(Int32.max) }
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        return Int(seconds * 1000 + (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond)
    }
}
