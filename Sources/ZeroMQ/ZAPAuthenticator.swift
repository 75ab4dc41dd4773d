/// A ZAP handler (ZeroMQ RFC 27) that admits CURVE clients by public key.
///
/// It binds a REP socket to `inproc://zeromq.zap.01` in its context and
/// answers libzmq's authentication requests on its own thread:
/// - **CURVE**: `200` when the key is listed in the rules (user ID as they
///   say; the key itself with ``init(context:allowedClientKeys:)``), otherwise
///   `400`, counted in ``refusalCount``.
/// - **NULL**: `200`. libzmq asks only for NULL-mechanism sockets that set a
///   ``ZMQSocketOption/zapDomain``, i.e. sockets not using CURVE (a CURVE
///   server never accepts a NULL client, so this admits nobody to CURVE sockets).
/// - **PLAIN**: `200` (user ID as the rules say) for a listed user name with
///   the right password, otherwise `400`, counted.
/// - Anything else: `400`, counted.
///
/// A refused client is disconnected, and libzmq 4.3 does not retry a
/// connection refused at the handshake: once its key is allowed, the client
/// must connect again (or use a new socket).
///
/// While it runs, every CURVE server socket of the context consults it,
/// whatever its ZAP domain. Start it before those sockets accept clients and
/// keep it running: after ``stop()`` (or `deinit`) libzmq again admits every
/// client that knows the server key. One authenticator per context (a second
/// fails with `EADDRINUSE`).
public final class ZAPAuthenticator: Sendable {
    /// The endpoint libzmq sends ZAP requests to.
    public static let endpoint = "inproc://zeromq.zap.01"

    private let handler: ZAPHandler
    private let thread: IOThread

    /// Starts the handler for `context`, admitting CURVE clients whose public
    /// keys (40-character Z85) are in `allowedClientKeys`.
    ///
    /// - Throws: for an invalid key, or when the context already has a ZAP handler.
    public convenience init(context: ZMQContext = .shared, allowedClientKeys: Set<String>) throws(ZMQError) {
        try self.init(context: context, rules: ZAPRules(allowedClientKeys: allowedClientKeys))
    }

    /// Starts the handler for `context`, admitting CURVE and PLAIN clients by `rules`.
    ///
    /// - Throws: for an invalid key, or when the context already has a ZAP handler.
    public init(context: ZMQContext = .shared, rules: ZAPRules) throws(ZMQError) {
        let handler = try ZAPHandler(policy: try ZAPPolicy(rules: rules))
        (thread, _) = try IOThread.start(
            named: "zmq-zap",
            prepare: { () throws(ZMQError) -> (ZMQSocket, Void) in
                let socket = try ZMQSocket(context: context, type: .rep)
                try socket.set(.linger, 0)
                try socket.bind(Self.endpoint)
                return (socket, ())
            },
            run: { socket in handler.run(socket) })
        self.handler = handler
    }

    deinit { stop() }

    /// The public keys (Z85) currently admitted.
    public var allowedClientKeys: Set<String> { Set(handler.policy.current.curveUsers.keys) }

    /// Replaces the admitted keys; applies to handshakes from now on
    /// (established connections stay). Throws for a key that is not 40 Z85 characters.
    public func setAllowedClientKeys(_ keys: Set<String>) throws(ZMQError) {
        var rules = handler.policy.current
        rules.curveUsers = Dictionary(uniqueKeysWithValues: keys.map { ($0, $0) })
        try handler.policy.set(rules)
    }

    /// How many requests have been refused so far.
    public var refusalCount: Int { handler.policy.refusals.load(ordering: .relaxed) }

    /// The most recent refusal, for logging who was turned away.
    public var lastRefusal: ZAPRefusal? { handler.policy.lastRefusal.withLock { $0 } }

    /// The error that stopped the handler early, if any (libzmq then admits
    /// every client, as after ``stop()``).
    public var failure: ZMQError? { handler.failure.withLock { $0 } }

    /// Stops answering and unbinds the endpoint; blocks until the thread has
    /// finished. Later calls do nothing.
    public func stop() {
        handler.stop()
        thread.join()
    }
}
