import CZeroMQ

/// A typed socket option, used with ``ZMQSocket/set(_:_:)`` and ``ZMQSocket/get(_:)``:
/// `try socket.set(.linger, 0)`, `try socket.get(.routingID)`.
///
/// Times are in milliseconds, as in libzmq. CURVE keys are 40-character Z85
/// strings and are validated before they reach libzmq.
public struct ZMQSocketOption<Value>: Sendable {
    /// The libzmq option name, e.g. `ZMQ_LINGER`.
    public let name: String
    let code: Int32
    /// Buffer size large enough for `zmq_getsockopt` to return the value.
    let capacity: Int
    let encode: @Sendable (Value) throws(ZMQError) -> [UInt8]
    let decode: @Sendable ([UInt8]) throws(ZMQError) -> Value
}

extension ZMQSocketOption where Value == Int32 {
    /// `ZMQ_LINGER`: how long queued messages survive `close()` (-1 forever, 0 drop).
    public static var linger: Self { .integer(ZMQ_LINGER, "ZMQ_LINGER") }
    /// `ZMQ_SNDHWM`: outgoing messages queued per peer before sends block or drop (0 = no limit).
    public static var sendHighWaterMark: Self { .integer(ZMQ_SNDHWM, "ZMQ_SNDHWM") }
    /// `ZMQ_RCVHWM`: incoming messages queued per peer before libzmq stops reading (0 = no limit).
    public static var receiveHighWaterMark: Self { .integer(ZMQ_RCVHWM, "ZMQ_RCVHWM") }
    /// `ZMQ_RCVTIMEO`: how long a blocking receive waits before returning `nil` (-1 forever).
    public static var receiveTimeout: Self { .integer(ZMQ_RCVTIMEO, "ZMQ_RCVTIMEO") }
    /// `ZMQ_SNDTIMEO`: how long a blocking send waits before returning `false` (-1 forever).
    public static var sendTimeout: Self { .integer(ZMQ_SNDTIMEO, "ZMQ_SNDTIMEO") }
    /// `ZMQ_RECONNECT_IVL`: the pause before reconnecting a lost connection (-1 never).
    public static var reconnectInterval: Self { .integer(ZMQ_RECONNECT_IVL, "ZMQ_RECONNECT_IVL") }
    /// `ZMQ_CONNECT_TIMEOUT`: abandon a TCP connect that has had no answer for this long, and try again (0 = the OS's own timeout).
    public static var connectTimeout: Self { .integer(ZMQ_CONNECT_TIMEOUT, "ZMQ_CONNECT_TIMEOUT") }
    /// `ZMQ_HEARTBEAT_IVL`: send a ZMTP PING this often (0 = no heartbeats).
    public static var heartbeatInterval: Self { .integer(ZMQ_HEARTBEAT_IVL, "ZMQ_HEARTBEAT_IVL") }
    /// `ZMQ_HEARTBEAT_TIMEOUT`: drop the connection when no traffic follows a PING for this long.
    public static var heartbeatTimeout: Self { .integer(ZMQ_HEARTBEAT_TIMEOUT, "ZMQ_HEARTBEAT_TIMEOUT") }
    /// `ZMQ_HEARTBEAT_TTL`: asks the peer to drop the connection after this long without traffic
    /// (whole tenths of a second are sent).
    public static var heartbeatTTL: Self { .integer(ZMQ_HEARTBEAT_TTL, "ZMQ_HEARTBEAT_TTL") }
}

extension ZMQSocketOption where Value == Int64 {
    /// `ZMQ_MAXMSGSIZE`: peers sending a larger message part are disconnected (-1 = no limit).
    public static var maxMessageSize: Self { .integer(ZMQ_MAXMSGSIZE, "ZMQ_MAXMSGSIZE") }
}

extension ZMQSocketOption where Value == Bool {
    /// `ZMQ_IMMEDIATE`: queue messages only on completed connections.
    public static var immediate: Self { .flag(ZMQ_IMMEDIATE, "ZMQ_IMMEDIATE") }
    /// `ZMQ_ROUTER_MANDATORY`: a ROUTER fails sends to unknown routing IDs with
    /// `EHOSTUNREACH` instead of dropping them. Write-only in libzmq: `get` fails with `EINVAL`.
    public static var routerMandatory: Self { .flag(ZMQ_ROUTER_MANDATORY, "ZMQ_ROUTER_MANDATORY") }
    /// `ZMQ_CURVE_SERVER`: act as CURVE server (also set ``curveSecretKey``).
    public static var curveServer: Self { .flag(ZMQ_CURVE_SERVER, "ZMQ_CURVE_SERVER") }
    /// `ZMQ_PLAIN_SERVER`: act as PLAIN server; a ZAP handler checks each
    /// client's user name and password (in clear: loopback only).
    public static var plainServer: Self { .flag(ZMQ_PLAIN_SERVER, "ZMQ_PLAIN_SERVER") }
}

extension ZMQSocketOption where Value == [UInt8] {
    /// `ZMQ_ROUTING_ID`: this socket's identity as seen by a ROUTER peer
    /// (1 to 255 bytes, not starting with a zero byte; set before connecting).
    public static var routingID: Self {
        Self(name: "ZMQ_ROUTING_ID", code: ZMQ_ROUTING_ID, capacity: 255, encode: { $0 }, decode: { $0 })
    }
}

extension ZMQSocketOption where Value == String {
    /// `ZMQ_CURVE_PUBLICKEY`: this socket's CURVE public key (Z85); clients set it.
    public static var curvePublicKey: Self { .curveKey(ZMQ_CURVE_PUBLICKEY, "ZMQ_CURVE_PUBLICKEY") }
    /// `ZMQ_CURVE_SECRETKEY`: this socket's CURVE secret key (Z85); clients and servers set it.
    public static var curveSecretKey: Self { .curveKey(ZMQ_CURVE_SECRETKEY, "ZMQ_CURVE_SECRETKEY") }
    /// `ZMQ_CURVE_SERVERKEY`: the server's CURVE public key (Z85); clients set it.
    public static var curveServerKey: Self { .curveKey(ZMQ_CURVE_SERVERKEY, "ZMQ_CURVE_SERVERKEY") }
    /// `ZMQ_PLAIN_USERNAME`: the user name a PLAIN client presents.
    public static var plainUsername: Self { .text(ZMQ_PLAIN_USERNAME, "ZMQ_PLAIN_USERNAME") }
    /// `ZMQ_PLAIN_PASSWORD`: the password a PLAIN client presents.
    public static var plainPassword: Self { .text(ZMQ_PLAIN_PASSWORD, "ZMQ_PLAIN_PASSWORD") }
    /// `ZMQ_ZAP_DOMAIN`: the authentication domain passed to the ZAP handler.
    public static var zapDomain: Self {
        .text(ZMQ_ZAP_DOMAIN, "ZMQ_ZAP_DOMAIN")
    }

    /// A string option of at most 255 bytes.
    static func text(_ code: Int32, _ name: String) -> Self {
        Self(name: name, code: code, capacity: 256, encode: { Array($0.utf8) }, decode: { cString($0) })
    }
}

extension ZMQSocketOption where Value: FixedWidthInteger & Sendable {
    /// A C `int` (or `int64_t`) option, in native byte order.
    static func integer(_ code: Int32, _ name: String) -> Self {
        Self(
            name: name, code: code, capacity: MemoryLayout<Value>.size,
            encode: { value in withUnsafeBytes(of: value) { Array($0) } },
            decode: { bytes throws(ZMQError) in
                guard bytes.count == MemoryLayout<Value>.size else {
                    throw ZMQError(call: "getsockopt \(name)", code: EINVAL,
                                   message: "unexpected size \(bytes.count)")
                }
                return bytes.withUnsafeBytes { $0.loadUnaligned(as: Value.self) }
            })
    }
}

extension ZMQSocketOption where Value == Bool {
    /// A C `int` option used as a 0/1 flag.
    static func flag(_ code: Int32, _ name: String) -> Self {
        let int = ZMQSocketOption<Int32>.integer(code, name)
        return Self(
            name: name, code: code, capacity: int.capacity,
            encode: { flag throws(ZMQError) in try int.encode(flag ? 1 : 0) },
            decode: { bytes throws(ZMQError) in try int.decode(bytes) != 0 })
    }
}

extension ZMQSocketOption where Value == String {
    /// Keys go to libzmq as 32 raw bytes after Swift-side Z85 validation, and
    /// come back as Z85 (libzmq encodes when given a 41-byte buffer).
    static func curveKey(_ code: Int32, _ name: String) -> Self {
        Self(
            name: name, code: code, capacity: Z85.keyLength + 1,
            encode: { key throws(ZMQError) in try Z85.decodeKey(key) },
            decode: { cString($0) })
    }
}

/// The text before the first NUL of a string libzmq returned.
func cString(_ bytes: [UInt8]) -> String {
    String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
}
