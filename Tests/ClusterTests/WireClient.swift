import ClusterNode
import ClusterProtocol
import Foundation
import ZeroMQ

/// A hand-driven peer speaking the cluster protocol over a real DEALER
/// socket, for trying what an outsider (or a node of the wrong role) can do.
final class WireClient: Sendable {
    let node: NodeID
    private let socket: AsyncZMQSocket

    /// Connects to `endpoint` presenting `role` with `security` (PLAIN user
    /// name and, for aggregators and operators, the cluster secret it holds;
    /// or its CURVE key), under routing id `node`.
    init(endpoint: String, role: NodeRole, security: LinkSecurity, serverKey: String? = nil, node: NodeID = .random()) throws {
        self.node = node
        socket = try AsyncZMQSocket(type: .dealer) { socket in
            try security.makeClient(socket, serverKey: serverKey, as: role)
            try socket.set(.routingID, node.bytes)
            try socket.set(.linger, 0)
            try socket.connect(endpoint)
        }
    }

    deinit { socket.close() }

    func send(_ message: ClusterMessage) throws { try socket.send([message.encode()]) }

    /// The first reply within `seconds` that `match` accepts, or nil.
    func reply<T: Sendable>(within seconds: Double, _ match: @escaping @Sendable (ClusterMessage) -> T?) async -> T? {
        let socket = self.socket
        return await withTaskGroup(of: T?.self) { group in
            group.addTask {
                for await parts in socket.messages {
                    if let frame = parts.last, let message = try? ClusterMessage.decode(frame), let value = match(message) {
                        return value
                    }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
    }

    /// Sends `message` and waits for a `Refusal` of its type.
    func refused(_ message: ClusterMessage, within seconds: Double = 20) async throws -> Refusal? {
        try send(message)
        let type = message.type
        return await reply(within: seconds) { reply in
            if case .refusal(let refusal) = reply, refusal.refused == type { return refusal }
            return nil
        }
    }
}
