import PKTAddresses
import ClusterNode
import ClusterProtocol
import Foundation
import Logging
import PacketCrypt
import Prometheus
import ServiceLifecycle
import ZeroMQ

/// A block-miner aggregator: takes announcement batches from workers,
/// validates and stores them, has the coordinator credit them before
/// acknowledging, and mines blocks over what it holds for each job. Its
/// shares are credited to its own payout address.
///
/// Its batch socket admits worker identities only, and a batch counts only
/// under the id of the connection that sent it. A batch it cannot judge yet
/// (no job, or announcements on a block it has not heard of) is left
/// unacknowledged for the worker to send again, never acknowledged with no credit.
///
/// A `Service` with no process-wide state: it runs until cancelled, a
/// graceful shutdown, or a drain (then ``drained`` is true).
public actor Aggregator: Service {
    public nonisolated let node = NodeID.random()
    private let options: AggregatorOptions
    private let logger: Logger
    private let link: CoordinatorLink
    /// Workers' batches (aggregators and validators).
    private let batches: AsyncZMQSocket?
    /// A validator's feed of validated announcements.
    private let feed: AsyncZMQSocket?
    /// A block miner's subscriptions, one per validator feed.
    private var feeds: [String: (socket: AsyncZMQSocket, pump: Task<Void, Never>)] = [:]
    private let context: ZMQContext
    private var feedSequence: UInt64 = 0
    private let authenticator: ZAPAuthenticator
    private let store: AnnouncementStore
    private let ingest: Ingest
    private let search: BlockSearch
    private let malformed = Counter()
    /// Batches from a non-worker identity, or under another connection's id.
    private let refused = Counter()
    /// Batches left unacknowledged because they could not be judged yet.
    private let deferred = Counter()
    private var job: Job?
    private var nextID: UInt64 = 1
    /// Credits sent and not yet acknowledged, by id.
    private var credits: [UInt64: PendingCredit] = [:]
    /// The pending credit of each (worker, batch sequence), so a resent
    /// batch waits for the first one's credit instead of being judged again.
    private var creditOfBatch: [BatchName: UInt64] = [:]
    /// Shares and blocks sent and not yet acknowledged.
    private var finds = PendingFinds(capacity: 1024)
    private var totals = BatchCounts()
    /// The find id of the block reported for the current job, if any: one
    /// block per job (every nonce of one header gives the same block id).
    private var blockReported: UInt64?
    /// Announcements stored since the set was last built, and whether the
    /// miner is running on that set.
    private var newSinceBuild = 0
    private var lastBuild: ContinuousClock.Instant
    private var mining = false
    private var sharesFound: UInt64 = 0
    private var blocksFound: UInt64 = 0
    private var hashRate = RateMeter()
    private let metrics: AggregatorMetrics
    /// Invalid announcements per worker in the current minute.
    private var invalidByWorker = PeerLimiter()
    private var acceptedRate = RateMeter(smoothing: 0.2)
    private var wait: WaitReport
    private var lastHeard: ContinuousClock.Instant?

    /// The advertised batch endpoint (with the CURVE key when there is one); empty for block miners.
    public nonisolated let endpoint: String
    /// A validator's advertised feed endpoint; empty otherwise.
    public nonisolated let feedEndpoint: String

    public init(options: AggregatorOptions, logger: Logger = Logger(label: "pktcluster.aggregator")) throws {
        _ = try PKTAddress(options.payoutAddress, network: options.network)
        self.options = options
        self.logger = logger
        lastBuild = options.clock.now
        try options.security.checkPlainAllowed(host: options.listenHost, what: "the batch socket")
        guard [.aggregator, .validator, .blockMiner].contains(options.role) else {
            throw SettingsError.invalidValue("role", options.role.name, "aggregator, validator or blockminer")
        }
        let context = try options.context ?? ZMQContext()
        self.context = context
        link = try CoordinatorLink(node: node, role: .aggregator, host: options.coordinatorHost, jobPort: options.jobPort,
                                   controlPort: options.controlPort, security: options.security, context: context)
        let security = options.security
        // Workers send batches; block miners (aggregator identities) read a validator's feed.
        authenticator = try ZAPAuthenticator(context: context, rules: security.admissionRules(for: [.worker, .aggregator]))
        let advertised = options.advertisedHost ?? options.listenHost
        func boundPort(_ socket: AsyncZMQSocket?, _ fallback: Int) -> Int {
            socket?.lastEndpoint.flatMap { $0.split(separator: ":").last.flatMap { Int($0) } } ?? fallback
        }
        if options.role.validates {
            let listen = Endpoints.tcp(options.listenHost, options.listenPort)
            let batches = try AsyncZMQSocket(context: context, type: .router, receivesUserID: true) { socket in
                try security.makeServer(socket)
                try socket.set(.linger, 0)
                try LinkTimers.apply(to: socket)
                try socket.set(.routerMandatory, true)
                try socket.set(.maxMessageSize, Int64(ProtocolLimits.maxFrameSize) + 64)
                try socket.bind(listen)
            }
            self.batches = batches
            endpoint = AdvertisedEndpoint(address: Endpoints.tcp(advertised, boundPort(batches, options.listenPort)),
                                          publicKey: security.keys?.publicKey).text
        } else {
            batches = nil
            endpoint = ""
        }
        if options.role == .validator {
            let listen = Endpoints.tcp(options.listenHost, options.feedPort)
            let feed = try AsyncZMQSocket(context: context, type: .pub) { socket in
                try security.makeServer(socket)
                try socket.set(.linger, 0)
                try LinkTimers.apply(to: socket)
                try socket.bind(listen)
            }
            self.feed = feed
            feedEndpoint = AdvertisedEndpoint(address: Endpoints.tcp(advertised, boundPort(feed, options.feedPort)),
                                              publicKey: security.keys?.publicKey).text
        } else {
            feed = nil
            feedEndpoint = ""
        }
        wait = WaitReport(patience: options.patience)
        metrics = AggregatorMetrics(registry: options.metrics)
        store = AnnouncementStore(limitBytes: options.memoryLimit)
        let pool = ValidationPool(validator: try AnnouncementValidator(rules: options.rules), threads: options.validationThreads)
        ingest = Ingest(store: store, pool: pool)
        search = try BlockSearch(store: store, threads: options.role.minesBlocks ? options.threads : 1,
                                 minerTag: Array(node.bytes.prefix(8)), logger: logger)
    }

    /// Runs until cancelled, a graceful shutdown or a drain; throws when the
    /// coordinator refuses its registration.
    public func run() async throws {
        defer {
            search.miner.stop()
            batches?.close()
            feed?.close()
            for (_, subscription) in feeds {
                subscription.pump.cancel()
                subscription.socket.close()
            }
            authenticator.stop()
            link.close()
        }
        register()
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await self.followCoordinator() }
                    if let batches = self.batches { group.addTask { await self.ingest(batches) } }
                    group.addTask { await self.reportFinds() }
                    group.addTask { try await self.tick() }
                    group.addTask { try await self.beat() }
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch is CancellationError {
            // A graceful shutdown or a cancellation: a normal end, not a failure.
        }
    }

    /// Whether it stopped because the coordinator drained it.
    public private(set) var drained = false
    private var draining = false

    private func register() {
        guard let message = try? Register(node: node, role: options.role, name: options.name,
                                          payoutAddress: options.payoutAddress,
                                          threads: UInt16(clamping: options.threads), endpoint: endpoint,
                                          feed: feedEndpoint) else { return }
        link.send(.register(message))
    }

    // MARK: Coordinator

    private func followCoordinator() async throws {
        for await message in link.messages {
            lastHeard = options.clock.now
            switch message {
            case .job(let next): await start(next)
            case .assignment(let assignment) where assignment.node == node && options.role == .blockMiner:
                follow(feeds: assignment.feeds)
            case .creditAck(let ack): creditAnswered(ack)
            case .refusal(let refusal) where refusal.refused == .register:
                throw NodeRefused(reason: refusal.reason)
            case .refusal(let refusal):
                logger.error("the coordinator refused a \(refusal.refused): \(refusal.reason)")
            case .reconfigure(let change) where change.drain && change.target == node:
                draining = true
                search.miner.pause()
                logger.info("draining: taking no more batches; exiting once \(credits.count) credits and \(finds.count) finds are acknowledged")
            case .foundAck(let ack):
                guard finds.acknowledge(ack.id) else { break }
                logger.info("find \(ack.id): \(ack.accepted ? "accepted" : "refused") \(ack.reason)")
                if !ack.accepted && ack.id == blockReported {
                    blockReported = nil
                    await rebuild()
                }
            default: break
            }
        }
    }

    private func start(_ next: Job) async {
        guard next.id != job?.id else { return }
        let newHeight = next.height != job?.height
        do {
            try await ingest.follow(next)
        } catch {
            logger.error("job \(next.id) has no usable header: \(error)")
            return
        }
        job = next
        await heartbeat(measure: false)  // the coordinator learns at once that the job arrived
        // A validator's store only remembers what it has seen; it ages out as a block miner's does.
        if newHeight { await store.prune(forBlockAt: next.height) }
        guard options.role.minesBlocks else { return }
        let mining = await search.current != nil
        guard newHeight || !mining else { return }
        blockReported = nil
        await rebuild()
    }

    private func rebuild() async {
        guard let job else { return }
        newSinceBuild = 0
        lastBuild = options.clock.now
        mining = await search.mine(job)
    }

    // MARK: Batches

    /// Each message: the sender's role (ZAP user id), its routing id, the frame.
    private func ingest(_ batches: AsyncZMQSocket) async {
        for await parts in batches.messages {
            await waitForCredits()
            metrics.ingestBytes.increment(by: Int64(parts.last?.count ?? 0))
            bytesIn += UInt64(parts.last?.count ?? 0)
            guard parts.count == 3, case .announcementBatch(let batch)? = try? ClusterMessage.decode(parts[2]) else {
                malformed.add()
                metrics.batch(.malformed)
                continue
            }
            guard parts[0] == Array(NodeRole.worker.name.utf8), parts[1] == batch.worker.bytes else {
                refused.add()
                metrics.batch(.refused)
                continue
            }
            guard !invalidByWorker.isLimited(batch.worker, limit: options.invalidPerMinuteLimit, at: options.clock.now) else {
                metrics.batch(.rateLimited)
                continue
            }
            await accept(batch, from: parts[1])
        }
    }

    /// Back-pressure: while the coordinator leaves `pendingCreditLimit`
    /// credits unanswered, no more batches are read; the socket's bounded
    /// inbox and ZeroMQ's high-water marks then hold the workers back (and
    /// their own bounded queues pause their mining).
    private func waitForCredits() async {
        guard credits.count >= options.pendingCreditLimit else { return }
        logger.warning("\(credits.count) credits unanswered by the coordinator: not reading batches until they are")
        while credits.count >= options.pendingCreditLimit && !Task.isCancelled {
            try? await options.clock.sleep(for: .milliseconds(100))
        }
    }

    private func accept(_ batch: ClusterProtocol.AnnouncementBatch, from peer: [UInt8]) async {
        let name = BatchName(worker: batch.worker, sequence: batch.sequence)
        // Draining: left unacknowledged, so its worker sends it to another aggregator.
        guard !draining else { return }
        if let id = creditOfBatch[name] {
            credits[id]?.peer = peer  // the worker may have reconnected
            return
        }
        guard credits.count < options.pendingCreditLimit, await ingest.canJudge(batch.announcements) else {
            deferred.add()
            metrics.batch(.deferred)
            return
        }
        let started = ContinuousClock.now
        let outcome = await ingest.accept(batch.announcements)
        metrics.validation.record(.now - started)
        let counts = outcome.counts
        metrics.batch(.accepted)
        metrics.announcements(counts)
        if counts.invalid > 0 {
            invalidByWorker.add(batch.worker, Int(counts.invalid), at: options.clock.now)
            if invalidByWorker.isLimited(batch.worker, limit: options.invalidPerMinuteLimit, at: options.clock.now) {
                logger.warning("worker \(batch.worker) sent \(counts.invalid) invalid announcements; ignoring its batches for a minute")
            }
        }
        publish(outcome.accepted, jobID: batch.jobID)
        newSinceBuild += Int(counts.accepted)
        totals = totals.adding(counts)
        let id = nextID
        nextID += 1
        let digest = Hashes.blake2b256(batch.announcements.flatMap(\.bytes))
        guard let credit = try? Credit(aggregator: node, id: id, worker: batch.worker, batchSequence: batch.sequence,
                                       batchDigest: digest, jobID: batch.jobID, counts: counts, work: outcome.work)
        else { return }
        credits[id] = PendingCredit(peer: peer, name: name, ack: BatchAck(sequence: batch.sequence, counts: counts),
                                    message: .credit(credit), sentAt: options.clock.now)
        creditOfBatch[name] = id
        link.send(.credit(credit))
    }

    /// The coordinator's answer to a credit: recorded (or already recorded)
    /// means the worker may forget its batch; an unknown worker is asked
    /// about again later, a bounded number of times.
    private func creditAnswered(_ ack: CreditAck) {
        guard var pending = credits[ack.id] else { return }
        if ack.status == .unknownWorker {
            pending.unknownAnswers += 1
            credits[ack.id] = pending.unknownAnswers < PendingCredit.unknownWorkerLimit ? pending : nil
            if credits[ack.id] == nil { creditOfBatch[pending.name] = nil }
            return
        }
        credits[ack.id] = nil
        creditOfBatch[pending.name] = nil
        try? batches?.send([pending.peer, ClusterMessage.batchAck(pending.ack).encode()])
    }

    /// What keeps this node from working, if anything.
    private func lacking() -> String? {
        let coordinator = "the coordinator at \(options.coordinatorHost) (ports \(options.jobPort), \(options.controlPort))"
        guard let lastHeard, options.clock.now - lastHeard < .seconds(15) else { return "no answer from \(coordinator)" }
        guard job != nil else { return "no job from \(coordinator)" }
        guard options.role != .blockMiner || !feeds.isEmpty else { return "no validator to take announcements from" }
        return nil
    }

    // MARK: Feeds (validators to block miners)

    /// A validator sends what it accepted to every block miner, once.
    private func publish(_ accepted: [Announcement], jobID: UInt64) {
        guard let feed, !accepted.isEmpty else { return }
        for start in stride(from: 0, to: accepted.count, by: ProtocolLimits.maxAnnouncementsPerBatch) {
            let part = Array(accepted[start..<min(start + ProtocolLimits.maxAnnouncementsPerBatch, accepted.count)])
            feedSequence += 1
            guard let batch = try? ClusterProtocol.AnnouncementBatch(worker: node, sequence: feedSequence, jobID: jobID,
                                                                     announcements: part) else { continue }
            try? feed.send([Self.feedTopic, ClusterMessage.announcementBatch(batch).encode()])
        }
    }

    static let feedTopic: [UInt8] = Array("anns".utf8)

    /// A block miner subscribes to every validator's feed it is assigned.
    private func follow(feeds listed: [String]) {
        for (endpoint, subscription) in feeds where !listed.contains(endpoint) {
            subscription.pump.cancel()
            subscription.socket.close()
            feeds[endpoint] = nil
        }
        let security = options.security
        for endpoint in listed where feeds[endpoint] == nil {
            let advertised = AdvertisedEndpoint(endpoint)
            do {
                let socket = try AsyncZMQSocket(context: context, type: .sub) { socket in
                    try security.makeClient(socket, serverKey: advertised.publicKey, as: .aggregator)
                    try socket.set(.linger, 0)
                    try LinkTimers.apply(to: socket)
                    try socket.set(.maxMessageSize, Int64(ProtocolLimits.maxFrameSize) + 64)
                    try socket.subscribe(Self.feedTopic)
                    try socket.connect(advertised.address)
                }
                let pump = Task { for await parts in socket.messages { await self.fed(parts) } }
                feeds[endpoint] = (socket, pump)
                logger.info("reading validated announcements from \(advertised.address)")
            } catch {
                logger.error("cannot subscribe to \(advertised.address): \(error)")
            }
        }
    }

    /// Validated announcements from a validator: stored as they are (each was validated once, by it).
    private func fed(_ parts: [[UInt8]]) async {
        metrics.feedBytes.increment(by: Int64(parts.last?.count ?? 0))
        bytesIn += UInt64(parts.last?.count ?? 0)
        guard parts.count == 2, case .announcementBatch(let batch)? = try? ClusterMessage.decode(parts[1]) else {
            malformed.add()
            return
        }
        let stored = await store.insert(batch.announcements)
        newSinceBuild += stored.accepted.count
        totals = totals.adding(BatchCounts(accepted: UInt32(stored.accepted.count), duplicate: UInt32(stored.duplicate)))
    }

    // MARK: Shares and blocks

    private func reportFinds() async {
        for await proof in search.miner.found {
            guard let (current, block) = await search.found(proof), current.job.id == job?.id else { continue }
            if proof.isBlock && blockReported != nil { continue }
            let kind: FoundKind = proof.isBlock ? .block : .share
            if proof.isBlock {
                blocksFound += 1
                metrics.blocks.increment()
            } else {
                sharesFound += 1
                metrics.shares.increment()
            }
            let id = nextID
            nextID += 1
            guard let found = try? Found(aggregator: node, id: id, jobID: current.job.id, kind: kind,
                                         height: current.job.height, workHash: proof.workHash,
                                         announcementCount: current.mining.set.count,
                                         block: proof.isBlock ? block.bytes : []) else { continue }
            if let dropped = finds.add(id, .found(found), isBlock: proof.isBlock, at: options.clock.now) {
                logger.warning("share \(dropped) dropped unacknowledged: \(finds.capacity) finds wait for the coordinator")
            }
            if proof.isBlock { blockReported = id }
            link.send(.found(found))
            logger.info("found a \(kind) for block \(current.job.height): work \(Hex.encode(proof.workHash))")
            // The block ends this job; mining resumes on the next one (or again if it is refused).
            if proof.isBlock {
                search.miner.pause()
                mining = false
            }
        }
    }

    // MARK: Timers

    private func tick() async throws {
        while true {
            try await options.clock.sleep(for: .seconds(1))
            let now = options.clock.now
            if let lastHeard, now - lastHeard < PendingCredit.coordinatorSilence { resend(at: now) }
            // A richer set makes blocks easier; with no set at all, any announcement helps at once.
            if options.role.minesBlocks && newSinceBuild > 0 && (!mining || now - lastBuild > options.rebuildInterval)
                && blockReported == nil {
                await rebuild()
            }
            if draining && credits.isEmpty && finds.isEmpty {
                drained = true
                return
            }
            try wait.lacking(lacking(), logger: logger, now: now)
        }
    }

    /// Sends again what the coordinator left unanswered: credits oldest
    /// first and a bounded number a second, so after an outage the backlog
    /// drains instead of arriving all at once every few seconds. Not called
    /// while the coordinator is silent: resends to a coordinator that is down
    /// or cut off would only pile up on the link (thousands in ten minutes),
    /// for it to work through, stale, when it returns. Its answer to the
    /// next registration ends the silence.
    private func resend(at now: ContinuousClock.Instant) {
        let late = credits.filter { now - $0.value.sentAt > PendingCredit.resendAfter }.sorted { $0.key < $1.key }
        for (id, credit) in late.prefix(PendingCredit.resendsPerSecond) {
            credits[id]?.sentAt = now
            link.send(credit.message)
        }
        for message in finds.late(after: .seconds(3), at: now) { link.send(message) }
    }

    /// Heartbeats every 2 s and registration every 5 s, on their own task so
    /// a long set rebuild never makes the node look dead.
    private func beat() async throws {
        var seconds = 0
        while true {
            try await options.clock.sleep(for: .seconds(1))
            seconds += 1
            if seconds % 2 == 0 { await heartbeat() }
            if seconds % 5 == 0 { register() }
        }
    }


    private var hashesCounted: UInt64 = 0
    /// Frame bytes taken in: workers' batches and validators' feeds.
    private var bytesIn: UInt64 = 0
    private var byteRate = RateMeter()

    private func updateMetrics(hashRate rate: Double) async {
        let hashes = search.miner.hashes
        if hashes > hashesCounted { metrics.blockHashes.increment(by: Int64(hashes - hashesCounted)) }
        hashesCounted = hashes
        metrics.blockHashRate.set(rate)
        metrics.pendingCredits.set(Double(credits.count))
        metrics.stored.set(Double(await store.count))
        metrics.storeBytes.set(Double(await store.allocatedBytes))
        metrics.setSize.set(Double(await search.setSize))
        metrics.effectiveTargetWork.set(await search.effectiveRatio)
    }

    /// Rates over the last 2-second interval, as the last heartbeat sent them.
    private var rates = (blockHashes: 0.0, accepted: 0.0, bytes: 0.0)

    /// Sends a heartbeat; `measure` takes new rates (the 2-second beat),
    /// otherwise the last ones are sent again (a new job's prompt report).
    private func heartbeat(measure: Bool = true) async {
        if measure {
            rates = (hashRate.rate(search.miner.hashes), acceptedRate.rate(UInt64(totals.accepted)), byteRate.rate(bytesIn))
            await updateMetrics(hashRate: rates.blockHashes)
        }
        guard let stats = try? NodeStats(
            hashesPerSecond: 0, announcementsPerSecond: rates.accepted, blockHashesPerSecond: rates.blockHashes,
            announcementsFound: 0, announcementsAccepted: UInt64(totals.accepted),
            announcementsStored: UInt64(await store.count), batchesPending: UInt32(clamping: credits.count),
            sharesFound: sharesFound, blocksFound: blocksFound, threads: UInt16(clamping: options.threads),
            bytesPerSecond: rates.bytes, jobID: job?.id ?? 0) else { return }
        link.send(.heartbeat(Heartbeat(node: node, stats: stats)))
    }

    /// Frames on the batch socket that did not decode.
    public var malformedCount: Int { malformed.count }
}

/// A batch as its worker names it.
struct BatchName: Hashable {
    let worker: NodeID
    let sequence: UInt64
}

/// A credit sent to the coordinator and not yet answered.
struct PendingCredit {
    /// Resent when unanswered this long.
    static let resendAfter: Duration = .seconds(3)
    /// Credits sent again per second at most.
    static let resendsPerSecond = 256
    /// Nothing is resent once the coordinator has said nothing for this long
    /// (it answers the registration every 5 s).
    static let coordinatorSilence: Duration = .seconds(10)
    /// "Unknown worker" answers before the batch is dropped unacknowledged.
    static let unknownWorkerLimit = 20

    /// The worker's routing id, for its `BatchAck`.
    var peer: [UInt8]
    let name: BatchName
    let ack: BatchAck
    let message: ClusterMessage
    var sentAt: ContinuousClock.Instant
    var unknownAnswers = 0
}
