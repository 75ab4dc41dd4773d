import CZeroMQ

/// A failed libzmq call: which call (with its argument, e.g. the endpoint),
/// the `errno` value and libzmq's text for it.
///
/// Its description reads like `bind tcp://1.2.3.4:99: Cannot assign requested address`.
public struct ZMQError: Error, Equatable, CustomStringConvertible {
    /// The failing call and what it was applied to, e.g. `bind tcp://1.2.3.4:99`.
    public let call: String
    /// The `errno` value libzmq reported (e.g. `EADDRINUSE`, `EAGAIN`, `ETERM`).
    public let code: Int32
    /// The human-readable reason, normally `zmq_strerror(code)`.
    public let message: String

    /// An error for `code`, described by `zmq_strerror`.
    public init(call: String, code: Int32) {
        self.init(call: call, code: code, message: String(cString: zmq_strerror(code)))
    }

    /// An error with an explicit reason, for failures detected before reaching libzmq.
    public init(call: String, code: Int32, message: String) {
        self.call = call
        self.code = code
        self.message = message
    }

    public var description: String { "\(call): \(message)" }

    /// The error libzmq recorded for the calling thread (`zmq_errno`).
    static func last(_ call: String) -> ZMQError {
        ZMQError(call: call, code: zmq_errno())
    }

    /// Throws `ZMQError.last(call)` when a libzmq return code is negative.
    static func check(_ returnCode: Int32, _ call: @autoclosure () -> String) throws(ZMQError) {
        if returnCode < 0 { throw last(call()) }
    }
}
