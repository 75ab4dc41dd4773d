import ClusterNode
import ClusterProtocol
import Devnet
import Foundation
import Logging
import PKTChain
import PKTWire
import PacketCrypt
import ZeroMQ

/// The coordinator: follows the chain, publishes a job for every new tip,
/// keeps the registry of workers and aggregators, records credits, shares
/// and blocks in the ledger (committed before each acknowledgement), submits
/// blocks, and answers control commands.
public actor Coordinator {
    private let options: CoordinatorOptions
    private let logger: Logger
    private let ledger: Ledger
    private let registry: Registry
    private let publisher: AsyncZMQSocket
    private let router: AsyncZMQSocket
    private let authenticator: ZAPAuthenticator?
    private let malformed = Counter()
    private var chain: ChainClient?
    private var jobs: JobBook?
    private var devnet: (server: DevnetServer, task: Task<Void, Error>)?
    private var tipHeight: UInt32 = 0
    private var tip: String = ""

    /// The bound PUB and ROUTER endpoints.
    public nonisolated let jobEndpoint: String
    public nonisolated let controlEndpoint: String

    public init(options: CoordinatorOptions, logger: Logger = Logger(label: "pktcluster.coordinator")) throws {
        self.options = options
        self.logger = logger
        try options.security.checkPlainAllowed(host: options.listenHost, what: "the coordinator's sockets")
        ledger = try Ledger(path: (options.dataDirectory as NSString).appendingPathComponent("ledger.sqlite"))
        registry = Registry(timeout: options.nodeTimeout)
        let security = options.security
        authenticator = security.encrypted ? try ZAPAuthenticator(allowedClientKeys: security.allowedKeys) : nil
        let pubEndpoint = Endpoints.tcp(options.listenHost, options.jobPort)
        let routerEndpoint = Endpoints.tcp(options.listenHost, options.controlPort)
        publisher = try AsyncZMQSocket(type: .pub) { socket in
            try security.makeServer(socket)
            try socket.set(.linger, 0)
            try socket.bind(pubEndpoint)
        }
        router = try AsyncZMQSocket(type: .router) { socket in
            try security.makeServer(socket)
            try socket.set(.linger, 1000)
            try socket.set(.routerMandatory, true)
            try socket.set(.maxMessageSize, Int64(ProtocolLimits.maxFrameSize) + 64)
            try socket.bind(routerEndpoint)
        }
        jobEndpoint = publisher.lastEndpoint ?? pubEndpoint
        controlEndpoint = router.lastEndpoint ?? routerEndpoint
    }

    /// Runs until cancelled.
    public func run() async throws {
        let client = try await connectChain()
        chain = client
        let book = JobBook(chain: client, announcementBits: options.announcementBits, shareBits: options.shareBits,
                           firstID: UInt64(Date().timeIntervalSince1970 * 1000))
        jobs = book
        let watcher = ChainWatcher(chain: client, interval: .seconds(2), logger: logger)
        defer { shutdown() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await watcher.run { template in await self.newTemplate(template) } }
            group.addTask { await self.serveRouter() }
            group.addTask { try await self.tick() }
            try await group.next()
            group.cancelAll()
        }
    }

    private func connectChain() async throws -> ChainClient {
        if let endpoint = options.chain { return ChainClient(endpoint: endpoint, logger: logger) }
        var config = DevnetConfig(dataDirectory: (options.dataDirectory as NSString).appendingPathComponent("devnet"))
        config.blockBits = options.devnetBlockBits
        config.announcementBits = options.announcementBits
        config.rpcPassword = UUID().uuidString
        let chain = try DevnetChain(config: config)
        let server = await DevnetServer(chain: chain, host: "127.0.0.1", port: 0)
        let task = Task { try await server.run() }
        devnet = (server, task)
        guard let port = await server.port() else { throw DevnetError.invalidListenAddress("127.0.0.1:0") }
        let height = await chain.height
        logger.info("embedded devnet at height \(height) on 127.0.0.1:\(port)")
        return ChainClient(endpoint: ChainEndpoint(host: "127.0.0.1", port: port, user: config.rpcUser,
                                                   password: config.rpcPassword), logger: logger)
    }

    private func shutdown() {
        publisher.close()
        router.close()
        authenticator?.stop()
        if let devnet {
            Task { await devnet.server.shutdown() }
            devnet.task.cancel()
        }
    }

    // MARK: Jobs

    private func newTemplate(_ template: ChainTemplate) async {
        guard let jobs else { return }
        tipHeight = template.height - 1
        tip = template.previousBlock.displayHex
        do {
            let job = try await jobs.job(for: template, aggregators: await registry.aggregatorEndpoints)
            publish(job)
            logger.info("job \(job.id): block \(job.height) on \(tip)")
        } catch {
            logger.error("cannot make a job for block \(template.height): \(error)")
        }
    }

    private func publish(_ job: Job) {
        try? publisher.send([ClusterMessage.topicJob, ClusterMessage.job(job).encode()])
    }

    /// Publishes the current job again (late joiners, new aggregators) and expires silent nodes.
    private func tick() async throws {
        while true {
            try await Task.sleep(for: .seconds(1))
            for node in await registry.expire() {
                logger.warning("\(node.registration.role) \(node.registration.name) (\(node.registration.node)) went silent")
            }
            if let jobs, let job = try? await jobs.refreshed(aggregators: await registry.aggregatorEndpoints) {
                publish(job)
            }
        }
    }

    // MARK: Requests

    private func serveRouter() async {
        for await parts in router.messages {
            guard parts.count == 2, let message = try? ClusterMessage.decode(parts[1]) else {
                malformed.add()
                continue
            }
            let peer = parts[0]
            if case .found(let found) = message {
                // Submitting can take a while; the router keeps serving meanwhile.
                Task {
                    if let reply = await self.record(found) { try? self.router.send([peer, reply.encode()]) }
                }
                continue
            }
            if let reply = await handle(message) {
                try? router.send([peer, reply.encode()])
            }
        }
    }

    private func handle(_ message: ClusterMessage) async -> ClusterMessage? {
        switch message {
        case .register(let registration):
            if await registry.register(registration) {
                logger.info("\(registration.role) \(registration.name) (\(registration.node)) joined")
            }
            let current = await jobs?.current?.id ?? 0
            return .registered(Registered(node: registration.node, currentJobID: current, heartbeatSeconds: 2))
        case .heartbeat(let beat):
            _ = await registry.heartbeat(beat)
            return nil
        case .credit(let credit):
            do {
                return .creditAck(CreditAck(id: credit.id, recorded: try ledger.record(credit)))
            } catch {
                logger.error("ledger: \(error)")
                return nil  // no acknowledgement: the aggregator sends it again
            }
        case .command(let command):
            return await answer(command)
        default:
            malformed.add()
            return nil
        }
    }

    /// Submits a block (or records a share), records the outcome, then acknowledges.
    private func record(_ found: Found) async -> ClusterMessage? {
        var accepted = true
        var reason = "share recorded"
        var hash: String?
        if found.kind == .block {
            do {
                let block = try Block(bytes: found.block)
                hash = block.blockHash.displayHex
                switch try await chain?.submitBlock(block) {
                case .accepted?:
                    reason = "accepted by the chain"
                    logger.info("block \(found.height) \(hash ?? "") accepted")
                case .rejected(let text)? where text.contains("ErrDuplicateBlock"):
                    reason = "already in the chain"
                case .rejected(let text)?:
                    accepted = false
                    reason = text
                    logger.warning("block \(found.height) refused: \(text)")
                case nil:
                    return nil
                }
            } catch {
                accepted = false
                reason = "\(error)"
            }
        }
        do {
            _ = try ledger.record(found, blockHash: hash, accepted: accepted, reason: reason)
        } catch {
            logger.error("ledger: \(error)")
            return nil
        }
        return (try? FoundAck(id: found.id, accepted: accepted, reason: String(reason.prefix(1000)))).map { .foundAck($0) }
    }

    // MARK: Commands

    private func answer(_ command: Command) async -> ClusterMessage? {
        let body: String
        var ok = true
        do {
            switch command.name {
            case "status": body = try await statusJSON()
            case "workers": body = try await workersJSON()
            case "scale", "drain": body = try await reconfigure(command)
            default:
                ok = false
                body = #"{"error":"unknown command \#(command.name)"}"#
            }
        } catch {
            ok = false
            body = #"{"error":"\#(String(describing: error).replacingOccurrences(of: "\"", with: "'"))"}"#
        }
        return (try? CommandReply(id: command.id, ok: ok, body: body)).map { .commandReply($0) }
    }

    private func statusJSON() async throws -> String {
        let nodes = await registry.all
        let workers = nodes.filter { $0.registration.role == .worker }
        let aggregators = nodes.filter { $0.registration.role == .aggregator }
        let credits = try ledger.creditsByPayout()
        let blocks = try ledger.blockCounts()
        let status = ClusterStatus(
            height: tipHeight, tip: tip, job: await jobs?.current?.id ?? 0, workers: workers.count,
            aggregators: aggregators.count,
            announcementHashRate: workers.reduce(0) { $0 + ($1.stats?.hashesPerSecond ?? 0) },
            blockHashRate: aggregators.reduce(0) { $0 + ($1.stats?.blockHashesPerSecond ?? 0) },
            announcementsCredited: credits.values.reduce(0, +),
            announcementsStored: aggregators.reduce(0) { $0 + ($1.stats?.announcementsStored ?? 0) },
            shares: try ledger.shareCount(), blocksAccepted: blocks.accepted, blocksRejected: blocks.rejected,
            malformedFrames: malformed.count, creditsByPayout: credits)
        return String(decoding: try JSONEncoder().encode(status), as: UTF8.self)
    }

    private func workersJSON() async throws -> String {
        let rows = await registry.all.map { node in
            NodeSummary(id: node.registration.node.description, role: node.registration.role.name,
                        name: node.registration.name, payout: node.registration.payoutAddress,
                        threads: Int(node.stats?.threads ?? node.registration.threads),
                        hashRate: node.stats?.hashesPerSecond ?? 0, blockHashRate: node.stats?.blockHashesPerSecond ?? 0,
                        pendingBatches: Int(node.stats?.batchesPending ?? 0))
        }
        return String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
    }

    /// `scale {"threads": N, "node": "hex"?}` and `drain {"node": "hex"}`.
    private func reconfigure(_ command: Command) async throws -> String {
        let arguments = try JSONDecoder().decode(ReconfigureArguments.self, from: Data(command.arguments.utf8))
        let target = try arguments.node.map { try NodeID(hex: $0) }
        let change = Reconfigure(target: target, threads: UInt16(clamping: arguments.threads ?? 0),
                                 drain: command.name == "drain")
        try publisher.send([ClusterMessage.topicControl, ClusterMessage.reconfigure(change).encode()])
        return #"{"sent":"\#(command.name)"}"#
    }

    /// Accepted announcements per payout address, from the ledger.
    public func creditsByPayout() throws -> [String: UInt64] { try ledger.creditsByPayout() }
}

/// The coordinator's answer to `status`.
public struct ClusterStatus: Codable, Sendable {
    public var height: UInt32
    public var tip: String
    public var job: UInt64
    public var workers: Int
    public var aggregators: Int
    public var announcementHashRate: Double
    public var blockHashRate: Double
    public var announcementsCredited: UInt64
    public var announcementsStored: UInt64
    public var shares: Int
    public var blocksAccepted: Int
    public var blocksRejected: Int
    public var malformedFrames: Int
    public var creditsByPayout: [String: UInt64]
}

/// One row of `workers`.
public struct NodeSummary: Codable, Sendable {
    public var id: String
    public var role: String
    public var name: String
    public var payout: String
    public var threads: Int
    public var hashRate: Double
    public var blockHashRate: Double
    public var pendingBatches: Int
}

struct ReconfigureArguments: Decodable {
    var threads: Int?
    var node: String?
}
