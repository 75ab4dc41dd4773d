import ClusterProtocol
import Logging
import ZeroMQ

/// A worker's or aggregator's connection to the coordinator: jobs and
/// control broadcasts arrive on a SUB socket, replies on a DEALER whose
/// routing id is the node id; the DEALER also carries registration,
/// heartbeats and reports. Frames that do not decode are counted and dropped.
public final class CoordinatorLink: Sendable {
    public let node: NodeID
    /// Every message from the coordinator, decoded, in arrival order per socket.
    public let messages: AsyncStream<ClusterMessage>
    private let subscriber: AsyncZMQSocket
    private let dealer: AsyncZMQSocket
    private let malformed = Counter()
    private let pumps: [Task<Void, Never>]

    /// Connects as `role` (the identity the coordinator checks every message against).
    public init(node: NodeID, role: NodeRole, host: String, jobPort: Int, controlPort: Int, security: LinkSecurity,
                context: ZMQContext = .shared) throws {
        try security.checkPlainAllowed(host: host, what: "the coordinator")
        try security.checkCanPresent(role)
        self.node = node
        let serverKey = security.coordinatorKey
        subscriber = try AsyncZMQSocket(context: context, type: .sub) { socket in
            try security.makeClient(socket, serverKey: serverKey, as: role)
            try socket.set(.linger, 0)
            try LinkTimers.apply(to: socket)
            try socket.subscribe(ClusterMessage.topicJob)
            try socket.subscribe(ClusterMessage.topicControl)
            try socket.connect(Endpoints.tcp(host, jobPort))
        }
        dealer = try AsyncZMQSocket(context: context, type: .dealer) { socket in
            try security.makeClient(socket, serverKey: serverKey, as: role)
            try socket.set(.routingID, node.bytes)
            try socket.set(.linger, 1000)
            try LinkTimers.apply(to: socket)
            try socket.set(.maxMessageSize, Int64(ProtocolLimits.maxFrameSize) + 64)
            try socket.connect(Endpoints.tcp(host, controlPort))
        }
        let (stream, continuation) = AsyncStream.makeStream(of: ClusterMessage.self)
        messages = stream
        let counter = malformed
        let subscriber = subscriber, dealer = dealer
        pumps = [
            Task { for await parts in subscriber.messages { Self.deliver(parts.last, continuation, counter) } },
            Task { for await parts in dealer.messages { Self.deliver(parts.last, continuation, counter) } },
        ]
    }

    /// Sends a message to the coordinator (queued; never blocks).
    public func send(_ message: ClusterMessage) {
        try? dealer.send([message.encode()])
    }

    /// Frames from the coordinator that did not decode.
    public var malformedCount: Int { malformed.count }

    public func close() {
        for pump in pumps { pump.cancel() }
        subscriber.close()
        dealer.close()
    }

    private static func deliver(_ frame: [UInt8]?, _ continuation: AsyncStream<ClusterMessage>.Continuation,
                                _ malformed: Counter) {
        guard let frame, let message = try? ClusterMessage.decode(frame) else {
            malformed.add()
            return
        }
        continuation.yield(message)
    }
}
