import CZeroMQ

extension ZMQSocket {
    /// Sets an option (`zmq_setsockopt`).
    public func set<Value>(_ option: ZMQSocketOption<Value>, _ value: Value) throws(ZMQError) {
        let call = "setsockopt \(option.name)"
        let handle = try openHandle(call)
        let bytes = try option.encode(value)
        try ZMQError.check(
            bytes.withUnsafeBytes { zmq_setsockopt(handle, option.code, $0.baseAddress, $0.count) }, call)
    }

    /// Reads an option back (`zmq_getsockopt`).
    public func get<Value>(_ option: ZMQSocketOption<Value>) throws(ZMQError) -> Value {
        try option.decode(getRaw(option.code, option.name, capacity: option.capacity))
    }

    /// Subscribes a SUB socket to messages whose first part starts with `prefix`
    /// (an empty prefix subscribes to everything).
    public func subscribe(_ prefix: [UInt8]) throws(ZMQError) {
        try setRaw(ZMQ_SUBSCRIBE, "ZMQ_SUBSCRIBE", prefix)
    }

    /// Removes one earlier ``subscribe(_:)`` of the same prefix.
    public func unsubscribe(_ prefix: [UInt8]) throws(ZMQError) {
        try setRaw(ZMQ_UNSUBSCRIBE, "ZMQ_UNSUBSCRIBE", prefix)
    }

    /// The endpoint last bound or connected (`ZMQ_LAST_ENDPOINT`), with a
    /// wildcard port resolved: `bind("tcp://127.0.0.1:*")` then this gives
    /// `tcp://127.0.0.1:40123`. `nil` before any bind or connect.
    public var lastEndpoint: String? {
        get throws(ZMQError) {
            let text = cString(try getRaw(ZMQ_LAST_ENDPOINT, "ZMQ_LAST_ENDPOINT", capacity: 1024))
            return text.isEmpty ? nil : text
        }
    }

    /// The socket's current readiness (`ZMQ_EVENTS`), without blocking.
    public var events: ZMQPollEvents {
        get throws(ZMQError) {
            ZMQPollEvents(rawValue: Int16(truncatingIfNeeded: try get(ZMQSocketOption<Int32>.integer(ZMQ_EVENTS, "ZMQ_EVENTS"))))
        }
    }

    /// The descriptor libzmq signals (edge-triggered) when ``events`` may have
    /// changed (`ZMQ_FD`), for integrating with another event loop.
    public var fileDescriptor: Int32 {
        get throws(ZMQError) { try get(ZMQSocketOption<Int32>.integer(ZMQ_FD, "ZMQ_FD")) }
    }

    private func setRaw(_ code: Int32, _ name: String, _ bytes: [UInt8]) throws(ZMQError) {
        let call = "setsockopt \(name)"
        let handle = try openHandle(call)
        try ZMQError.check(bytes.withUnsafeBytes { zmq_setsockopt(handle, code, $0.baseAddress, $0.count) }, call)
    }

    private func getRaw(_ code: Int32, _ name: String, capacity: Int) throws(ZMQError) -> [UInt8] {
        let call = "getsockopt \(name)"
        let handle = try openHandle(call)
        var buffer = [UInt8](repeating: 0, count: capacity)
        var size = capacity
        try ZMQError.check(buffer.withUnsafeMutableBytes { zmq_getsockopt(handle, code, $0.baseAddress, &size) }, call)
        return Array(buffer.prefix(size))
    }
}
