import CZeroMQ
import Synchronization

/// The bounded queue between ``AsyncZMQSocket/send(_:)`` callers and the I/O thread.
///
/// The limit counts messages waiting here plus those the I/O thread has taken
/// but could not hand to libzmq yet (``takeAll(stillHolding:)`` reports them).
final class OutgoingQueue: Sendable {
    private struct State {
        var messages: [[[UInt8]]] = []
        var held = 0
        var isClosed = false
    }

    let limit: Int
    private let state = Mutex(State())
    private let wake: WakePipe

    init(limit: Int, wake: WakePipe) {
        self.limit = limit
        self.wake = wake
    }

    /// Queues `message` and wakes the I/O thread.
    func enqueue(_ message: [[UInt8]]) throws(ZMQError) {
        let failure: ZMQError? = state.withLock { state in
            if state.isClosed {
                return ZMQError(call: "send", code: ENOTSOCK, message: "socket is closed")
            }
            if state.messages.count + state.held >= limit {
                return ZMQError(call: "send", code: EAGAIN,
                                message: "outgoing queue is full (\(limit) messages)")
            }
            state.messages.append(message)
            return nil
        }
        if let failure { throw failure }
        wake.signal()
    }

    /// For the I/O thread: records that it still holds `held` unsent messages
    /// and, if it holds none, hands over everything queued.
    func takeAll(stillHolding held: Int) -> [[[UInt8]]] {
        state.withLock { state in
            guard held == 0 else {
                state.held = held
                return []
            }
            let taken = state.messages
            state.messages = []
            state.held = taken.count
            return taken
        }
    }

    /// Refuses further messages; those already queued can still be taken.
    func close() {
        state.withLock { $0.isClosed = true }
    }
}
