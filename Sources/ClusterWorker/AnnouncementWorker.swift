import PKTAddresses
import ClusterNode
import ClusterProtocol
import Foundation
import Logging
import PacketCrypt
import Prometheus
import ServiceLifecycle
import ZeroMQ

/// An announcement worker: follows the coordinator's jobs, mines
/// announcements on its threads, streams them in batches to an aggregator
/// and keeps each batch until the aggregator acknowledges it.
///
/// A `Service` with no process-wide state: it runs until cancelled, a
/// graceful shutdown, or a drain (then ``drained`` is true).
public actor AnnouncementWorker: Service {
    public nonisolated let node = NodeID.random()
    private let options: WorkerOptions
    private let logger: Logger
    private let link: CoordinatorLink
    private let context: ZMQContext
    private var miner: AnnouncementMiner
    private var job: Job?
    private var queue: UploadQueue
    private let metrics: WorkerMetrics
    /// Mining stopped because the upload queue is full.
    private var paused = false
    private var uplink: (endpoint: String, socket: AsyncZMQSocket)?
    private var ackPump: Task<Void, Never>?
    private var counts = BatchCounts()
    private var found: UInt64 = 0
    private var draining = false
    private var hashRate = RateMeter()
    /// Smoothed: the coordinator places workers by it.
    private var foundRate = RateMeter(smoothing: 0.2)
    private var wait: WaitReport
    private var lastHeard: ContinuousClock.Instant?

    public init(options: WorkerOptions, logger: Logger = Logger(label: "pktcluster.worker")) throws {
        guard !options.payoutAddress.isEmpty else {
            throw SettingsError.missing("payout", "a worker needs a payout address for the credits it earns")
        }
        _ = try PKTAddress(options.payoutAddress, network: options.network)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard (1...cores).contains(options.threads) else {
            throw SettingsError.invalidValue("threads", "\(options.threads)", "1 to \(cores) (this machine's cores)")
        }
        self.options = options
        self.logger = logger
        context = try options.context ?? ZMQContext()
        link = try CoordinatorLink(node: node, role: .worker, host: options.coordinatorHost, jobPort: options.jobPort,
                                   controlPort: options.controlPort, security: options.security, context: context)
        miner = try AnnouncementMiner(threads: options.threads)
        wait = WaitReport(patience: options.patience)
        queue = UploadQueue(capacity: max(options.maxPendingBatches, 2), byteCapacity: max(options.maxPendingBytes, 2 << 20),
                            firstDelay: options.resendAfter)
        metrics = WorkerMetrics(registry: options.metrics)
    }

    /// Runs until cancelled, or until the coordinator drains this worker;
    /// throws when the coordinator refuses its registration.
    public func run() async throws {
        defer { stop() }
        register()
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await self.followCoordinator() }
                    group.addTask { await self.uploadBatches() }
                    group.addTask { try await self.tick() }
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch is CancellationError {
            // A graceful shutdown or a cancellation: a normal end, not a failure.
        }
    }

    /// Whether it stopped because the coordinator drained it.
    public var drained: Bool { draining && allSent }

    /// Nothing gathered and every batch acknowledged.
    private var allSent: Bool { gathered == nil && queue.count == 0 }

    private func stop() {
        miner.stop()
        uplink?.socket.close()
        ackPump?.cancel()
        link.close()
    }

    private func register() {
        guard let message = try? Register(node: node, role: .worker, name: options.name,
                                          payoutAddress: options.payoutAddress, threads: UInt16(clamping: miner.threadCount),
                                          endpoint: "") else { return }
        link.send(.register(message))
    }

    private func followCoordinator() async throws {
        for await message in link.messages {
            lastHeard = options.clock.now
            switch message {
            case .job(let next): start(next)
            case .assignment(let assignment) where assignment.node == node: connectUplink(assignment.batchEndpoint)
            case .reconfigure(let change): reconfigure(change)
            case .refusal(let refusal) where refusal.refused == .register: throw NodeRefused(reason: refusal.reason)
            default: break
            }
            if draining && allSent { return }
        }
    }

    private func start(_ next: Job) {
        guard !draining, next.id != job?.id else { return }
        job = next
        heartbeat(measure: false)  // the coordinator learns at once that the job arrived
        guard !paused else { return }
        do {
            try miner.mine(try announcementJob(next))
            logger.info("job \(next.id): announcements on block \(next.parentHeight) at \(Difficulty.formatBits(workBits(next)))")
        } catch {
            logger.error("cannot mine job \(next.id): \(error)")
        }
    }

    /// The job's target, or this worker's own when it is at least as hard.
    private func workBits(_ job: Job) -> UInt32 {
        guard let own = options.announcementBits, Difficulty.isAtOrUnder(own, job.announcementBits) else {
            return job.announcementBits
        }
        return own
    }

    private func announcementJob(_ job: Job) throws -> AnnouncementJob {
        try AnnouncementJob(parentHash: job.parentHash, parentHeight: job.parentHeight, workBits: workBits(job))
    }

    private func reconfigure(_ change: Reconfigure) {
        guard change.target == nil || change.target == node else { return }
        if change.drain {
            draining = true
            miner.pause()
            logger.info("draining: no new work; exiting once \(queue.count) pending batches are acknowledged")
        }
        let threads = min(Int(change.threads), ProcessInfo.processInfo.activeProcessorCount)
        if threads < change.threads {
            logger.warning("asked for \(change.threads) threads; this machine has \(threads) cores, so \(threads)")
        }
        if threads > 0 && threads != miner.threadCount, let replacement = try? AnnouncementMiner(threads: threads) {
            miner.stop()
            miner = replacement
            hashRate = RateMeter()
            if let job, !draining { try? miner.mine(try announcementJob(job)) }
            logger.info("now mining on \(threads) threads")
            register()
        }
    }

    /// Gathers what the miner finds for the current job and sends it; drops
    /// stale batches. Follows the miner across thread-count changes (a new
    /// miner each time).
    private func uploadBatches() async {
        while !Task.isCancelled {
            for await batch in miner.batches {
                found += UInt64(batch.announcements.count)
                metrics.found.increment(by: Int64(batch.announcements.count))
                guard let job, batch.job.parentHash == job.parentHash else { continue }
                gather(batch.announcements, jobID: job.id)
            }
            try? await options.clock.sleep(for: .milliseconds(100))
        }
    }

    /// Announcements found and not yet sent. Each kernel call hands over
    /// what it found in 2,048 hashes, often a handful; gathering them for up
    /// to `gatherFor`, or to `gatherUpTo`, makes each batch (and the credit
    /// the coordinator commits for it) carry many.
    private var gathered: (announcements: [Announcement], jobID: UInt64, since: ContinuousClock.Instant)?
    static let gatherUpTo = 1024
    static let gatherFor: Duration = .milliseconds(500)

    private func gather(_ anns: [Announcement], jobID: UInt64) {
        if let gathered, gathered.jobID != jobID
            || gathered.announcements.count + anns.count > ProtocolLimits.maxAnnouncementsPerBatch {
            flush()
        }
        gathered = ((gathered?.announcements ?? []) + anns, jobID, gathered?.since ?? options.clock.now)
        if gatherIsDue { flush() }
    }

    /// What was gathered is enough, or has waited long enough, to send.
    private var gatherIsDue: Bool {
        guard let gathered else { return false }
        return gathered.announcements.count >= Self.gatherUpTo || options.clock.now - gathered.since >= Self.gatherFor
    }

    /// Sends what was gathered.
    private func flush() {
        guard let batch = gathered else { return }
        gathered = nil
        send(batch.announcements, jobID: batch.jobID)
    }

    private func send(_ anns: [Announcement], jobID: UInt64) {
        let sequence = queue.nextSequence
        guard let batch = try? ClusterProtocol.AnnouncementBatch(worker: node, sequence: sequence, jobID: jobID,
                                                                 announcements: anns) else { return }
        let frame = ClusterMessage.announcementBatch(batch).encode()
        _ = queue.add(frame: frame, announcements: anns.count, at: options.clock.now)
        metrics.sent.increment(by: Int64(anns.count))
        announcementsSent += UInt64(anns.count)
        transmit(frame)
        if queue.isFull && !paused {
            paused = true
            miner.pause()
            logger.warning("paused: \(queue.count) batches (\(queue.bytes >> 20) MiB) unacknowledged, the limit; mining resumes at half")
        }
    }

    private func transmit(_ frame: [UInt8]) {
        guard let uplink else { return }
        try? uplink.socket.send([frame])
        metrics.uplinkBytes.increment(by: Int64(frame.count))
        bytesSent += UInt64(frame.count)
    }

    /// Connects to the validator or aggregator the coordinator assigned, and
    /// sends it every batch not yet acknowledged. An empty assignment (none
    /// is live) keeps the current one, which may come back.
    private func connectUplink(_ chosen: String) {
        guard !chosen.isEmpty, chosen != uplink?.endpoint else { return }
        uplink?.socket.close()
        ackPump?.cancel()
        let advertised = AdvertisedEndpoint(chosen)
        let security = options.security
        let id = node
        do {
            if let host = URLComponents(string: advertised.address)?.host {
                try security.checkPlainAllowed(host: host, what: "the aggregator")
            }
            let socket = try AsyncZMQSocket(context: context, type: .dealer) { socket in
                try security.makeClient(socket, serverKey: advertised.publicKey, as: .worker)
                try socket.set(.routingID, id.bytes)
                try socket.set(.linger, 0)
                try LinkTimers.apply(to: socket)
                try socket.connect(advertised.address)
            }
            uplink = (chosen, socket)
            ackPump = Task { for await parts in socket.messages { self.received(parts.last) } }
            for frame in queue.all(at: options.clock.now) { transmit(frame) }
            logger.info("sending announcements to \(advertised.address) (\(queue.count) pending batches resent)")
        } catch {
            uplink = nil
            logger.error("cannot connect to aggregator \(advertised.address): \(error)")
        }
    }

    private func received(_ frame: [UInt8]?) {
        guard let frame, case .batchAck(let ack)? = try? ClusterMessage.decode(frame) else { return }
        guard queue.acknowledge(ack.sequence, at: options.clock.now) else { return }
        counts = counts.adding(ack.counts)
        metrics.acknowledged.increment(by: Int64(ack.counts.accepted))
        if paused && queue.isHalfEmpty {
            paused = false
            logger.info("resuming: \(queue.count) batches unacknowledged")
            if let job, !draining { try? miner.mine(try announcementJob(job)) }
        }
    }

    /// Resends late batches and reports to the coordinator, once a second.
    private func tick() async throws {
        var beats = 0
        while true {
            try await options.clock.sleep(for: .seconds(1))
            if gatherIsDue { flush() }
            for (frame, announcements) in queue.due(at: options.clock.now) {
                transmit(frame)
                metrics.resent.increment(by: Int64(announcements))
            }
            beats += 1
            if beats % 2 == 0 { heartbeat() }
            if beats % 5 == 0 { register() }
            if draining && allSent { return }
            try wait.lacking(lacking(), logger: logger, now: options.clock.now)
        }
    }

    /// What keeps this worker from working, if anything.
    private func lacking() -> String? {
        let coordinator = "the coordinator at \(options.coordinatorHost) (ports \(options.jobPort), \(options.controlPort))"
        guard let lastHeard, options.clock.now - lastHeard < .seconds(15) else { return "no answer from \(coordinator)" }
        guard job != nil else { return "no job from \(coordinator)" }
        guard uplink != nil else { return "no aggregator or validator to send announcements to" }
        guard !paused else { return "\(queue.count) batches unacknowledged by the validator (mining paused)" }
        return nil
    }

    /// Rates over the last 2-second interval, as the last heartbeat sent them.
    private var rates = (hashes: 0.0, found: 0.0, bytes: 0.0)

    /// Sends a heartbeat; `measure` takes new rates (the 2-second beat),
    /// otherwise the last ones are sent again (a new job's prompt report).
    private func heartbeat(measure: Bool = true) {
        if measure {
            rates = (hashRate.rate(miner.hashes), foundRate.rate(found), byteRate.rate(bytesSent))
            updateMetrics(hashRate: rates.hashes)
        }
        guard let stats = try? NodeStats(
            hashesPerSecond: rates.hashes, announcementsPerSecond: rates.found, blockHashesPerSecond: 0, announcementsFound: found,
            announcementsAccepted: UInt64(counts.accepted), announcementsStored: 0, batchesPending: UInt32(clamping: queue.count),
            sharesFound: 0, blocksFound: 0, threads: UInt16(clamping: miner.threadCount),
            bytesPerSecond: rates.bytes, jobID: job?.id ?? 0) else { return }
        link.send(.heartbeat(Heartbeat(node: node, stats: stats)))
    }

    private var hashesCounted: UInt64 = 0
    private var announcementsSent: UInt64 = 0
    private var bytesSent: UInt64 = 0
    private var byteRate = RateMeter()

    private func updateMetrics(hashRate rate: Double) {
        let hashes = miner.hashes
        if hashes > hashesCounted { metrics.hashes.increment(by: Int64(hashes - hashesCounted)) }
        hashesCounted = hashes
        metrics.hashRate.set(rate)
        metrics.pendingBatches.set(Double(queue.count))
        metrics.threads.set(Double(miner.threadCount))
        if announcementsSent > 0 { metrics.goodrate.set(Double(counts.accepted) / Double(announcementsSent)) }
    }

    /// Batches sent and not yet acknowledged.
    public var pendingBatches: Int { queue.count }
}
