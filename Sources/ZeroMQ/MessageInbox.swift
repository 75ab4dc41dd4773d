import Synchronization

/// The bounded buffer between the I/O thread and consumers of ``AsyncZMQSocket/messages``.
///
/// When it holds `limit` messages the I/O thread stops reading the socket, so
/// libzmq's receive high-water mark and TCP flow control push back on senders;
/// taking a message from a full inbox wakes the I/O thread again.
final class MessageInbox: Sendable {
    private typealias Waiter = (id: UInt64, continuation: CheckedContinuation<[[UInt8]]?, Never>)

    private struct State {
        var buffer: [[[UInt8]]] = []
        var head = 0
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var isFinished = false

        var count: Int { buffer.count - head }

        mutating func popFirst() -> [[UInt8]]? {
            guard head < buffer.count else { return nil }
            let message = buffer[head]
            head += 1
            if head == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1024 && head * 2 >= buffer.count {
                buffer.removeFirst(head)
                head = 0
            }
            return message
        }
    }

    private let limit: Int
    private let state = Mutex(State())
    private let wake: WakePipe

    init(limit: Int, wake: WakePipe) {
        self.limit = limit
        self.wake = wake
    }

    /// For the I/O thread: whether another message may be read from the socket.
    var hasRoom: Bool { state.withLock { $0.count < limit } }

    /// For the I/O thread: hands `message` to a waiting consumer or buffers it.
    func deliver(_ message: [[UInt8]]) {
        let waiter: Waiter? = state.withLock { state in
            if state.waiters.isEmpty {
                state.buffer.append(message)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: message)
    }

    /// For the I/O thread: no more messages will come. Buffered ones are still
    /// delivered, then consumers get `nil`.
    func finish() {
        let waiters = state.withLock { state in
            state.isFinished = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }

    /// The next message, waiting for one if needed; `nil` once finished and
    /// drained, or when the calling task is cancelled.
    func next() async -> [[UInt8]]? {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                enum Outcome { case message([[UInt8]], wasFull: Bool), end, wait }
                let outcome: Outcome = state.withLock { state in
                    let wasFull = state.count >= limit
                    if let message = state.popFirst() { return .message(message, wasFull: wasFull) }
                    if state.isFinished || Task.isCancelled { return .end }
                    state.waiters.append((id, continuation))
                    return .wait
                }
                switch outcome {
                case .message(let message, let wasFull):
                    if wasFull { wake.signal() }
                    continuation.resume(returning: message)
                case .end:
                    continuation.resume(returning: nil)
                case .wait:
                    break
                }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: nil)
        }
    }
}
