import Testing
import ZeroMQ

/// UTF-8 bytes of a string, for building message parts.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Message parts as strings, for readable expectations.
func strings(_ parts: [[UInt8]]?) -> [String]? {
    parts?.map { String(decoding: $0, as: UTF8.self) }
}

/// Thrown by ``withDeadline(_:_:)`` when the work did not finish in time.
struct DeadlineExceeded: Error, CustomStringConvertible {
    let limit: Duration
    var description: String { "did not finish within \(limit)" }
}

/// Runs `work`, cancelling it and throwing ``DeadlineExceeded`` after `limit`.
func withDeadline<T: Sendable>(
    _ limit: Duration = .seconds(5),
    _ work: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else {
            throw DeadlineExceeded(limit: limit)
        }
        return result
    }
}

/// Calls `attempt` (which should block briefly, e.g. a receive with a
/// timeout) until it returns a value or `limit` has passed.
func retry<T>(for limit: Duration = .seconds(3), _ attempt: () throws -> T?) rethrows -> T? {
    let deadline = ContinuousClock.now + limit
    repeat {
        if let value = try attempt() { return value }
    } while ContinuousClock.now < deadline
    return nil
}

/// A socket in `context` with a receive timeout, so tests never hang.
func makeSocket(_ context: ZMQContext, _ type: ZMQSocketType, timeout: Int32 = 2_000) throws -> ZMQSocket {
    let socket = try ZMQSocket(context: context, type: type)
    try socket.set(.receiveTimeout, timeout)
    return socket
}

/// Binds `socket` to a free loopback TCP port and returns the resolved endpoint.
func bindLoopback(_ socket: ZMQSocket) throws -> String {
    try socket.bind("tcp://127.0.0.1:*")
    return try #require(try socket.lastEndpoint)
}
