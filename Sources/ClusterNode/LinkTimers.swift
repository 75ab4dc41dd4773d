import ZeroMQ

/// The timers every cluster link uses, so a dead or cut peer is noticed in
/// seconds and a healed link is back within about a second: a ZMTP PING
/// every second, the connection dropped when 3 s pass with no answer (and
/// the peer told to do the same), and a reconnect attempt every 250 ms.
/// TCP's own backoff would otherwise wait up to minutes after a cut.
public enum LinkTimers {
    public static let heartbeatMilliseconds: Int32 = 1000
    public static let timeoutMilliseconds: Int32 = 3000
    public static let reconnectMilliseconds: Int32 = 250

    /// Sets the timers on a socket, before it binds or connects.
    public static func apply(to socket: ZMQSocket) throws(ZMQError) {
        try socket.set(.heartbeatInterval, heartbeatMilliseconds)
        try socket.set(.heartbeatTimeout, timeoutMilliseconds)
        try socket.set(.heartbeatTTL, timeoutMilliseconds)
        try socket.set(.reconnectInterval, reconnectMilliseconds)
    }
}
