import CZeroMQ
import Synchronization

/// A ZeroMQ socket for Swift concurrency: the socket lives on a dedicated
/// thread, the only one that ever touches it.
///
/// - Incoming messages arrive on ``messages``. At most `receiveBufferLimit`
///   unconsumed messages are buffered; beyond that the thread stops reading,
///   so libzmq's high-water marks push back on the senders.
/// - With `receivesUserID`, every message arrives with one extra first part:
///   the sender's ZAP user id (see ``ZMQSocket/receiveWithUserID(dontWait:)``),
///   so a server can tell who sent each message.
/// - ``send(_:)`` queues a message and returns at once; the thread is woken
///   through a pipe it polls together with the socket. At most `sendQueueLimit`
///   messages wait; beyond that `send` throws `EAGAIN` ("outgoing queue is full").
/// - Messages a ROUTER with ``ZMQSocketOption/routerMandatory`` cannot route
///   (`EHOSTUNREACH`) are dropped and counted in ``unroutableCount``.
/// - ``close()`` (or `deinit`) hands what is queued to libzmq without waiting,
///   closes the socket (honouring its linger) and finishes ``messages``.
///
/// Keep a reference to the socket while consuming ``messages``: releasing the
/// last one closes it.
public final class AsyncZMQSocket: Sendable {
    /// The socket's pattern.
    public let type: ZMQSocketType
    /// ``ZMQSocket/lastEndpoint`` after setup: the resolved address of a
    /// wildcard bind such as `tcp://127.0.0.1:*`.
    public let lastEndpoint: String?
    /// Incoming multipart messages, in arrival order. Finishes after ``close()``
    /// (once buffered messages are consumed) or when the socket fails (see ``failure``).
    public let messages: AsyncStream<[[UInt8]]>
    private let loop: AsyncSocketLoop
    private let thread: IOThread

    /// Creates the socket on a new thread and runs `setup` there (options,
    /// bind, connect) before the I/O loop starts.
    ///
    /// - Throws: whatever `setup` throws, or the `ZMQError` of creating the socket.
    public init(
        context: ZMQContext = .shared,
        type: ZMQSocketType,
        sendQueueLimit: Int = 10_000,
        receiveBufferLimit: Int = 1_000,
        receivesUserID: Bool = false,
        setup: @escaping @Sendable (ZMQSocket) throws -> Void
    ) throws {
        precondition(sendQueueLimit > 0 && receiveBufferLimit > 0, "queue limits must be positive")
        let loop = try AsyncSocketLoop(sendQueueLimit: sendQueueLimit, receiveBufferLimit: receiveBufferLimit,
                                      tagsUserID: receivesUserID)
        let (thread, endpoint) = try IOThread.start(
            named: "zmq-\(type)",
            prepare: { () throws -> (ZMQSocket, String?) in
                let socket = try ZMQSocket(context: context, type: type)
                try setup(socket)
                return (socket, try socket.lastEndpoint)
            },
            run: { socket in loop.run(socket) })
        self.type = type
        self.loop = loop
        self.thread = thread
        self.lastEndpoint = endpoint
        let inbox = loop.inbox
        self.messages = AsyncStream(unfolding: { await inbox.next() })
    }

    deinit { close() }

    /// Queues `parts` as one multipart message for the I/O thread; never blocks.
    ///
    /// - Throws: `EAGAIN` when `sendQueueLimit` messages are already waiting,
    ///   `ENOTSOCK` after ``close()`` or once the I/O loop has stopped.
    public func send(_ parts: [[UInt8]]) throws(ZMQError) {
        guard !parts.isEmpty else {
            throw ZMQError(call: "send", code: EINVAL, message: "a message needs at least one part")
        }
        try loop.outgoing.enqueue(parts)
    }

    /// Messages dropped because their ROUTER routing ID was unknown (`EHOSTUNREACH`).
    public var unroutableCount: Int { loop.unroutable.load(ordering: .relaxed) }

    /// The error that stopped the I/O loop, if one did.
    public var failure: ZMQError? { loop.failure.withLock { $0 } }

    /// Stops the I/O thread, closes the socket and finishes ``messages``.
    /// Blocks briefly until the thread has finished; later calls do nothing.
    public func close() {
        loop.stop()
        thread.join()
    }
}
