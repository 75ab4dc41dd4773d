import ClusterProtocol
import ZeroMQ

/// Sends one control command to the coordinator and waits for the reply.
public struct ControlClient: Sendable {
    public let host: String
    public let port: Int
    public let security: LinkSecurity

    public init(host: String, port: Int = Endpoints.controlPort, security: LinkSecurity = LinkSecurity()) {
        self.host = host
        self.port = port
        self.security = security
    }

    public func request(_ name: String, arguments: String = "{}", timeout: Duration = .seconds(15)) async throws -> CommandReply {
        let security = self.security
        try security.checkCanPresent(.control)
        let endpoint = Endpoints.tcp(host, port)
        let socket = try AsyncZMQSocket(type: .dealer) { socket in
            try security.makeClient(socket, serverKey: security.coordinatorKey, as: .control)
            try socket.set(.linger, 0)
            try socket.connect(endpoint)
        }
        defer { socket.close() }
        let id = UInt64.random(in: 1...UInt64.max)
        try socket.send([ClusterMessage.command(try Command(id: id, name: name, arguments: arguments)).encode()])
        return try await withThrowingTaskGroup(of: CommandReply?.self) { group in
            group.addTask {
                for await parts in socket.messages {
                    if let frame = parts.last, case .commandReply(let reply)? = try? ClusterMessage.decode(frame), reply.id == id {
                        return reply
                    }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let reply = try await group.next() ?? nil else { throw ControlError.noAnswer(endpoint) }
            return reply
        }
    }
}

/// Errors of control commands.
public enum ControlError: Error, CustomStringConvertible {
    case noAnswer(String)
    case refused(String)

    public var description: String {
        switch self {
        case .noAnswer(let endpoint): return "no answer from the coordinator at \(endpoint)"
        case .refused(let body): return "the coordinator refused: \(body)"
        }
    }
}
