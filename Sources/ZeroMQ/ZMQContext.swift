import CZeroMQ

/// A libzmq context: the I/O threads and the `inproc://` namespace that sockets share.
///
/// Contexts are thread-safe in libzmq, and this wrapper's only state is the
/// immutable handle, hence `@unchecked Sendable`. Every ``ZMQSocket`` keeps its
/// context alive, so `deinit` (shutdown, then terminate) runs after the last
/// socket has closed.
///
/// Contexts are created with `ZMQ_BLOCKY` off: new sockets start with a linger
/// of 0, so dropping them never hangs on undeliverable messages. Set
/// ``ZMQSocketOption/linger`` on a socket whose queued messages should
/// outlive `close()`.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    /// The process-wide context. Never terminated.
    ///
    /// Creating it can only fail when the process has run out of file
    /// descriptors at first use; that is treated as fatal.
    public static let shared: ZMQContext = {
        do {
            return try ZMQContext()
        } catch {
            fatalError("ZeroMQ: cannot create the shared context: \(error)")
        }
    }()

    /// Creates a context (`zmq_ctx_new`).
    public init() throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        self.handle = handle
        do {
            try ZMQError.check(zmq_ctx_set(handle, ZMQ_BLOCKY, 0), "zmq_ctx_set ZMQ_BLOCKY")
        } catch {
            zmq_ctx_term(handle)
            throw error
        }
    }

    deinit {
        zmq_ctx_shutdown(handle)
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}
