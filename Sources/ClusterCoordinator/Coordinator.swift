import PKTAddresses
import ClusterNode
import ClusterProtocol
import Foundation
import Logging
import PKTChain
import PKTWire
import PacketCrypt
import Prometheus
import ServiceLifecycle
import ZeroMQ

/// The coordinator: follows the chain, pushes the payout window to it and
/// publishes a job for every new tip, keeps the registry of workers and
/// aggregators, records credits, shares and blocks in the ledger (committed
/// before each acknowledgement), submits blocks, and answers operators.
///
/// Every message on its ROUTER carries the role of the identity that sent it
/// (its CURVE key, or its PLAIN user name and the cluster secret); what a
/// role may send is in docs/protocol.md, and anything else is refused and
/// counted by reason.
///
/// A `Service`: it runs until cancelled or a graceful shutdown, and closes
/// its sockets on the way out. It owns no process-wide state (its own
/// ZeroMQ context and ZAP handler unless given a context), so several can
/// share a process.
public actor Coordinator: Service {
    let options: CoordinatorOptions
    let logger: Logger
    let ledger: Ledger
    let registry: Registry
    let publisher: AsyncZMQSocket
    let router: AsyncZMQSocket
    private let authenticator: ZAPAuthenticator
    let malformed = ClusterNode.Counter()
    let metrics: CoordinatorMetrics
    var refusals: [String: Int] = [:]
    let chain: ChainClient
    let jobs: JobBook
    var tipHeight: UInt32 = 0
    /// When the tip of each recent job was seen, for the nodes' job-switch latency.
    var tipSeen: [UInt64: ContinuousClock.Instant] = [:]
    var tip: String = ""
    /// Addresses the chain node itself has confirmed (`validateaddress`).
    var confirmedAddresses: Set<String> = []
    /// Credits waiting for the ledger.
    var credits = CreditQueue(capacity: 16_384)
    /// The ledger's bindings of the aggregator identities that have sent credits or finds.
    var bindings: [NodeID: NodeBinding] = [:]

    /// The bound PUB and ROUTER endpoints.
    public nonisolated let jobEndpoint: String
    public nonisolated let controlEndpoint: String

    /// - Parameter chain: the chain node (pktd, or a devnet) the cluster mines on.
    public init(options: CoordinatorOptions, chain: ChainClient,
                logger: Logger = Logger(label: "pktcluster.coordinator")) throws {
        self.options = options
        self.logger = logger
        self.chain = chain
        jobs = JobBook(chain: chain, announcementBits: options.announcementBits, shareDivisor: options.shareDivisor,
                       firstID: UInt64(Date().timeIntervalSince1970 * 1000))
        let context = try options.context ?? ZMQContext()
        try options.security.checkPlainAllowed(host: options.listenHost, what: "the coordinator's sockets")
        try options.payouts.validate()
        for address in [options.payouts.defaultAddress] + (options.payouts.feeAddress.map { [$0] } ?? []) {
            _ = try PKTAddress(address, network: options.network)
        }
        ledger = try Ledger(path: (options.dataDirectory as NSString).appendingPathComponent("ledger.sqlite"))
        registry = Registry(timeout: options.nodeTimeout, clock: options.clock)
        metrics = CoordinatorMetrics(registry: options.metrics)
        let security = options.security
        authenticator = try ZAPAuthenticator(context: context, rules: security.admissionRules(for: Set(NodeRole.allCases)))
        let pubEndpoint = Endpoints.tcp(options.listenHost, options.jobPort)
        let routerEndpoint = Endpoints.tcp(options.listenHost, options.controlPort)
        publisher = try AsyncZMQSocket(context: context, type: .pub) { socket in
            try security.makeServer(socket)
            try socket.set(.linger, 0)
            try LinkTimers.apply(to: socket)
            try socket.bind(pubEndpoint)
        }
        router = try AsyncZMQSocket(context: context, type: .router, receivesUserID: true) { socket in
            try security.makeServer(socket)
            try socket.set(.linger, 1000)
            try LinkTimers.apply(to: socket)
            try socket.set(.routerMandatory, true)
            try socket.set(.maxMessageSize, Int64(ProtocolLimits.maxFrameSize) + 64)
            try socket.bind(routerEndpoint)
        }
        jobEndpoint = publisher.lastEndpoint ?? pubEndpoint
        controlEndpoint = router.lastEndpoint ?? routerEndpoint
    }

    /// Runs until cancelled or a graceful shutdown.
    public func run() async throws {
        defer { shutdown() }
        let watcher = ChainWatcher(chain: chain, interval: .seconds(2), clock: options.clock, logger: logger)
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await watcher.run { template in await self.newTemplate(template) } }
                    group.addTask { await self.serveRouter() }
                    group.addTask { await self.writeCredits() }
                    group.addTask { try await self.tick() }
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch is CancellationError {
            // A graceful shutdown or a cancellation: a normal end, not a failure.
        }
    }

    private func shutdown() {
        publisher.close()
        router.close()
        authenticator.stop()
    }

    // MARK: Jobs

    /// Pushes the payout window, takes a fresh template paying by it and
    /// publishes its job; false when any step failed (the watcher tries again).
    private func newTemplate(_ announced: ChainTemplate) async -> Bool {
        let seen = options.clock.now
        do {
            let (template, window) = try await payingTemplate(after: announced, chain: chain)
            tipHeight = template.height > 0 ? template.height - 1 : 0
            tip = template.previousBlock.displayHex
            let job = try await jobs.job(for: template, window: window)
            publish(job)
            tipSeen[job.id] = seen
            if tipSeen.count > JobBook.rememberedJobs, let oldest = tipSeen.keys.min() { tipSeen[oldest] = nil }
            metrics.jobSwitch.record(options.clock.now - seen)
            metrics.jobs.increment()
            metrics.height.set(Double(tipHeight))
            logger.info("job \(job.id): block \(job.height) on \(tip), share target \(Difficulty.formatBits(job.shareBits))")
            return true
        } catch {
            metrics.chainErrors.increment()
            logger.error("cannot make a job for block \(announced.height), trying again: \(error)")
            return false
        }
    }

    func publish(_ job: Job) {
        try? publisher.send([ClusterMessage.topicJob, ClusterMessage.job(job).encode()])
    }

    /// Publishes the current job again (for late joiners), expires silent
    /// nodes and hands out changed assignments, once a second.
    private func tick() async throws {
        while true {
            try await options.clock.sleep(for: .seconds(1))
            for node in await registry.expire() {
                logger.warning("\(node.registration.role) \(node.registration.name) (\(node.registration.node)) went silent")
            }
            metrics.nodes(Dictionary(grouping: await registry.all, by: \.registration.role).mapValues(\.count))
            await assignWork()
            if let job = await jobs.current { publish(job) }
        }
    }

    /// Sends each node whose assignment changed its new one; returns the nodes told.
    @discardableResult
    func assignWork() async -> Set<NodeID> {
        var told: Set<NodeID> = []
        for assignment in await registry.place() {
            try? router.send([assignment.node.bytes, ClusterMessage.assignment(assignment).encode()])
            told.insert(assignment.node)
        }
        return told
    }

    // MARK: Requests

    /// Each ROUTER message: the sender's role (ZAP user id), its routing id, the frame.
    private func serveRouter() async {
        for await parts in router.messages {
            guard parts.count == 3, let message = try? ClusterMessage.decode(parts[2]) else {
                malformed.add()
                metrics.malformed.increment()
                continue
            }
            let peer = Peer(routingID: parts[1], role: NodeRole(name: String(decoding: parts[0], as: UTF8.self)))
            if case .found(let found) = message {
                // Submitting can take a while; the router keeps serving meanwhile.
                Task {
                    if let reply = await self.record(found, from: peer) { self.reply(reply, to: peer) }
                }
                continue
            }
            if let reply = await handle(message, from: peer) { self.reply(reply, to: peer) }
        }
    }

    func reply(_ message: ClusterMessage, to peer: Peer) {
        try? router.send([peer.routingID, message.encode()])
    }

    private func handle(_ message: ClusterMessage, from peer: Peer) async -> ClusterMessage? {
        switch message {
        case .register(let registration): return await register(registration, from: peer)
        case .heartbeat(let beat): return await heartbeat(beat, from: peer)
        case .credit(let credit): return await record(credit, from: peer)
        case .command(let command): return await answer(command, from: peer)
        default: return refuse(message.type, "a \(message.type) is not sent to the coordinator")
        }
    }

    /// Counts a refusal by reason and builds the reply saying it.
    func refuse(_ type: MessageType, _ reason: String) -> ClusterMessage? {
        refusals["\(type): \(reason)", default: 0] += 1
        metrics.refused(type)
        logger.warning("refused a \(type): \(reason)")
        return (try? Refusal(refused: type, reason: String(reason.prefix(ProtocolLimits.maxReason)))).map { .refusal($0) }
    }
}

/// Who sent a ROUTER message: its routing id and the role its identity has
/// (nil when the identity has none the coordinator knows).
struct Peer: Sendable {
    let routingID: [UInt8]
    let role: NodeRole?

    /// The node id the peer's DEALER presents as routing id, if it is one.
    var node: NodeID? { try? NodeID(bytes: routingID) }
}
