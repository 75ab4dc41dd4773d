import CZeroMQ

/// A ZeroMQ socket: bind or connect, then send and receive whole multipart messages.
///
/// Threading rule: libzmq sockets are not thread-safe, so `ZMQSocket` is
/// deliberately **not** `Sendable` (the conformance is marked unavailable).
/// Create, use and close a socket on one thread. To use a socket from Swift
/// concurrency, wrap it in ``AsyncZMQSocket``, which confines it to its own thread.
///
/// The socket keeps its ``ZMQContext`` alive and is closed by ``close()`` or on
/// `deinit`; queued outgoing messages then get the socket's ``ZMQSocketOption/linger``.
public final class ZMQSocket {
    /// The socket's pattern.
    public let type: ZMQSocketType
    /// The context the socket belongs to.
    public let context: ZMQContext
    private var handle: UnsafeMutableRawPointer?

    /// Creates a socket of `type` in `context` (`zmq_socket`).
    public init(context: ZMQContext = .shared, type: ZMQSocketType) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.rawType) else {
            throw ZMQError.last("zmq_socket \(type)")
        }
        self.type = type
        self.context = context
        self.handle = handle
    }

    deinit { close() }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool { handle == nil }

    /// Closes the socket (`zmq_close`); later calls do nothing. Messages still
    /// queued are delivered in the background for at most the linger period.
    public func close() {
        guard let handle else { return }
        zmq_close(handle)
        self.handle = nil
    }

    /// The live libzmq handle, or `ENOTSOCK` once closed.
    func openHandle(_ call: @autoclosure () -> String) throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let handle else {
            throw ZMQError(call: call(), code: ENOTSOCK, message: "socket is closed")
        }
        return handle
    }

    /// Accepts connections on `endpoint`, e.g. `tcp://127.0.0.1:*` (a free
    /// port; read it back with ``lastEndpoint``) or `inproc://name`.
    public func bind(_ endpoint: String) throws(ZMQError) {
        try ZMQError.check(zmq_bind(try openHandle("bind \(endpoint)"), endpoint), "bind \(endpoint)")
    }

    /// Connects to `endpoint`; libzmq connects (and reconnects) in the background.
    public func connect(_ endpoint: String) throws(ZMQError) {
        try ZMQError.check(zmq_connect(try openHandle("connect \(endpoint)"), endpoint), "connect \(endpoint)")
    }

    /// Stops accepting on an endpoint given to ``bind(_:)`` (use the resolved
    /// ``lastEndpoint`` for a wildcard bind).
    public func unbind(_ endpoint: String) throws(ZMQError) {
        try ZMQError.check(zmq_unbind(try openHandle("unbind \(endpoint)"), endpoint), "unbind \(endpoint)")
    }

    /// Drops the connection made by ``connect(_:)`` to `endpoint`.
    public func disconnect(_ endpoint: String) throws(ZMQError) {
        try ZMQError.check(
            zmq_disconnect(try openHandle("disconnect \(endpoint)"), endpoint), "disconnect \(endpoint)")
    }

    /// Sends `parts` as one multipart message; libzmq delivers all parts or none.
    ///
    /// - Parameter dontWait: fail fast instead of blocking when the message
    ///   cannot be queued (high-water mark reached, or no peer for a DEALER/PUSH).
    /// - Returns: `false` when the message was not queued because of `EAGAIN`
    ///   (with `dontWait`, or after ``ZMQSocketOption/sendTimeout`` expired).
    /// - Throws: any other error, e.g. `EHOSTUNREACH` from a ROUTER with
    ///   ``ZMQSocketOption/routerMandatory`` for an unknown routing ID, or
    ///   `EINVAL` for a message with no parts.
    @discardableResult
    public func send(_ parts: [[UInt8]], dontWait: Bool = false) throws(ZMQError) -> Bool {
        let handle = try openHandle("send")
        guard !parts.isEmpty else {
            throw ZMQError(call: "send", code: EINVAL, message: "a message needs at least one part")
        }
        let waitFlag = dontWait ? ZMQ_DONTWAIT : 0
        for (index, part) in parts.enumerated() {
            let flags = waitFlag | (index < parts.count - 1 ? ZMQ_SNDMORE : 0)
            while part.withUnsafeBytes({ zmq_send(handle, $0.baseAddress, $0.count, flags) }) < 0 {
                let code = zmq_errno()
                if code == EINTR { continue }
                // Only the first part can meet EAGAIN: once it is accepted the rest are too.
                if code == EAGAIN && index == 0 { return false }
                throw ZMQError(call: "send", code: code)
            }
        }
        return true
    }

    /// Receives one whole multipart message.
    ///
    /// - Parameter dontWait: return at once when no message is waiting.
    /// - Returns: the parts, or `nil` when nothing arrived (`EAGAIN`: with
    ///   `dontWait`, or after ``ZMQSocketOption/receiveTimeout`` expired).
    public func receive(dontWait: Bool = false) throws(ZMQError) -> [[UInt8]]? {
        try receive(dontWait: dontWait, userID: false)
    }

    /// Receives one whole multipart message and puts the sender's ZAP user id
    /// (the `User-Id` property libzmq attaches to each message once a ZAP
    /// handler admitted the connection; empty when none did) before its parts.
    public func receiveWithUserID(dontWait: Bool = false) throws(ZMQError) -> [[UInt8]]? {
        try receive(dontWait: dontWait, userID: true)
    }

    private func receive(dontWait: Bool, userID: Bool) throws(ZMQError) -> [[UInt8]]? {
        let handle = try openHandle("receive")
        let flags = dontWait ? ZMQ_DONTWAIT : 0
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        var parts: [[UInt8]] = []
        var user: [UInt8]?
        while true {
            if zmq_msg_recv(&message, handle, flags) < 0 {
                let code = zmq_errno()
                if code == EINTR { continue }
                if code == EAGAIN && parts.isEmpty { return nil }
                throw ZMQError(call: "receive", code: code)
            }
            // A ROUTER's routing-id part carries no metadata; the peer's own parts do.
            if userID && user == nil, let property = zmq_msg_gets(&message, "User-Id") {
                user = Array(String(cString: property).utf8)
            }
            let size = zmq_msg_size(&message)
            parts.append(
                size == 0 ? [] : Array(UnsafeRawBufferPointer(start: zmq_msg_data(&message), count: size)))
            if zmq_msg_more(&message) == 0 { return userID ? [user ?? []] + parts : parts }
        }
    }
}

@available(*, unavailable, message: "a ZMQSocket must stay on one thread; use AsyncZMQSocket across tasks")
extension ZMQSocket: Sendable {}
