import ZeroMQ

/// The timers every cluster link uses, so a dead or cut peer is noticed in
/// seconds and a healed link is back within about a second: a ZMTP PING
/// every second, the connection dropped when 3 s pass with no answer (and
/// the peer told to do the same), a reconnect attempt every 250 ms, and a
/// connect that has had no answer abandoned after a second and tried
/// afresh. TCP's own backoff would otherwise wait up to minutes after a cut:
/// a connect sent into a dead link retransmits its SYN at 1, 3, 7, 15 s...,
/// so a link that heals between two of them waits for the next.
public enum LinkTimers {
    public static let heartbeatMilliseconds: Int32 = 1000
    public static let timeoutMilliseconds: Int32 = 3000
    public static let reconnectMilliseconds: Int32 = 250
    public static let connectTimeoutMilliseconds: Int32 = 1000

    /// Sets the timers on a socket, before it binds or connects.
    public static func apply(to socket: ZMQSocket) throws(ZMQError) {
        try socket.set(.heartbeatInterval, heartbeatMilliseconds)
        try socket.set(.heartbeatTimeout, timeoutMilliseconds)
        try socket.set(.heartbeatTTL, timeoutMilliseconds)
        try socket.set(.reconnectInterval, reconnectMilliseconds)
        try socket.set(.connectTimeout, connectTimeoutMilliseconds)
    }
}
