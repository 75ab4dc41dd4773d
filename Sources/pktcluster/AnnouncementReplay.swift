import ClusterNode
import ClusterProtocol
import ClusterWorker
import Foundation
import PacketCrypt
import ZeroMQ

/// A sender of `bench cluster`: registers with the coordinator as a worker,
/// follows its assignment and sends recorded announcements, in batches, at
/// a fixed rate. It keeps each batch until it is acknowledged, as a worker
/// does, and holds back while its upload queue is full (back-pressure), so
/// it never offers more than the cluster takes plus one queue.
actor AnnouncementReplay {
    /// Cumulative figures, printed as one JSON line each second.
    struct Progress: Codable, Sendable {
        var sent = 0
        var accepted = 0
        var duplicate = 0
        var invalid = 0
        var stale = 0
        var unknownParent = 0
        var underTarget = 0
        var pendingBatches = 0
        var latencyMilliseconds = 0.0
        /// Seconds spent unable to send because the upload queue was full.
        var heldBack = 0.0
        /// Every recorded announcement of this sender's slice has been sent.
        var exhausted = false
    }

    let node = NodeID.random()
    private let batches: [[Announcement]]
    private let rate: Double
    private let name: String
    private let payout: String
    private let link: CoordinatorLink
    private let security: LinkSecurity
    private let context: ZMQContext
    private var queue = UploadQueue(capacity: 64, byteCapacity: 16 << 20, firstDelay: .seconds(5))
    private var job: Job?
    private var uplink: (endpoint: String, socket: AsyncZMQSocket)?
    private var ackPump: Task<Void, Never>?
    private var nextBatch = 0
    private var progress = Progress()
    private var sentRate = RateMeter(smoothing: 0.5)

    /// - Parameters:
    ///   - rate: announcements a second to offer.
    init(announcements: [Announcement], batchSize: Int, rate: Double, name: String, payout: String,
         coordinator: String, jobPort: Int, controlPort: Int, security: LinkSecurity) throws {
        batches = stride(from: 0, to: announcements.count, by: batchSize).map {
            Array(announcements[$0..<min($0 + batchSize, announcements.count)])
        }
        self.rate = rate
        self.name = name
        self.payout = payout
        self.security = security
        context = try ZMQContext()
        link = try CoordinatorLink(node: node, role: .worker, host: coordinator, jobPort: jobPort, controlPort: controlPort,
                                   security: security, context: context)
    }

    /// Sends until cancelled; prints its progress on standard output each second.
    func run() async throws {
        defer { stop() }
        register()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.follow() }
            group.addTask { try await self.pace() }
            group.addTask { try await self.tick() }
            try await group.next()
            group.cancelAll()
        }
    }

    private func stop() {
        uplink?.socket.close()
        ackPump?.cancel()
        link.close()
    }

    private func register() {
        guard let message = try? Register(node: node, role: .worker, name: name, payoutAddress: payout, threads: 1, endpoint: "")
        else { return }
        link.send(.register(message))
    }

    private func follow() async {
        for await message in link.messages {
            switch message {
            case .job(let next): job = next
            case .assignment(let assignment) where assignment.node == node: connect(assignment.batchEndpoint)
            default: break
            }
        }
    }

    /// Offers `rate` announcements a second from a bucket that holds one
    /// second's worth: a sender held back does not make up for it later.
    private func pace() async throws {
        var tokens = 0.0
        var last = ContinuousClock.now
        while true {
            try await Task.sleep(for: .milliseconds(10))
            let now = ContinuousClock.now
            let elapsed = (now - last) / .seconds(1)
            last = now
            guard let job, uplink != nil, nextBatch < batches.count else { continue }
            if queue.isFull {
                progress.heldBack += elapsed
                continue
            }
            tokens = min(tokens + rate * elapsed, max(rate, Double(batches[nextBatch].count)))
            while nextBatch < batches.count, !queue.isFull, tokens >= Double(batches[nextBatch].count) {
                tokens -= Double(batches[nextBatch].count)
                send(batches[nextBatch], jobID: job.id)
                nextBatch += 1
            }
            progress.exhausted = nextBatch == batches.count
        }
    }

    private func send(_ anns: [Announcement], jobID: UInt64) {
        guard let batch = try? AnnouncementBatch(worker: node, sequence: queue.nextSequence, jobID: jobID, announcements: anns)
        else { return }
        let frame = ClusterMessage.announcementBatch(batch).encode()
        _ = queue.add(frame: frame, announcements: anns.count, at: .now)
        progress.sent += anns.count
        try? uplink?.socket.send([frame])
    }

    private func connect(_ endpoint: String) {
        guard !endpoint.isEmpty, endpoint != uplink?.endpoint else { return }
        uplink?.socket.close()
        ackPump?.cancel()
        let advertised = AdvertisedEndpoint(endpoint)
        let id = node, security = security
        guard let socket = try? AsyncZMQSocket(context: context, type: .dealer, setup: { socket in
            try security.makeClient(socket, serverKey: advertised.publicKey, as: .worker)
            try socket.set(.routingID, id.bytes)
            try socket.set(.linger, 0)
            try LinkTimers.apply(to: socket)
            try socket.connect(advertised.address)
        }) else { return }
        uplink = (endpoint, socket)
        ackPump = Task { for await parts in socket.messages { self.received(parts.last) } }
        for frame in queue.all(at: .now) { try? socket.send([frame]) }
    }

    private func received(_ frame: [UInt8]?) {
        guard let frame, case .batchAck(let ack)? = try? ClusterMessage.decode(frame),
              queue.acknowledge(ack.sequence, at: .now) else { return }
        let counts = ack.counts
        progress.accepted += Int(counts.accepted)
        progress.duplicate += Int(counts.duplicate)
        progress.invalid += Int(counts.invalid)
        progress.stale += Int(counts.stale)
        progress.unknownParent += Int(counts.unknownParent)
        progress.underTarget += Int(counts.underTarget)
    }

    /// Once a second: resends late batches and prints the progress line;
    /// every 2 s a heartbeat (the coordinator places workers by their
    /// rate), every 5 s a registration, as a worker does.
    private func tick() async throws {
        let encoder = JSONEncoder()
        var beats = 0
        while true {
            try await Task.sleep(for: .seconds(1))
            beats += 1
            for (frame, _) in queue.due(at: .now) { try? uplink?.socket.send([frame]) }
            progress.pendingBatches = queue.count
            progress.latencyMilliseconds = queue.latency.map { $0 / .milliseconds(1) } ?? 0
            FileHandle.standardOutput.write(try encoder.encode(progress) + Data("\n".utf8))
            if beats % 2 == 0, let stats = try? NodeStats(
                announcementsPerSecond: sentRate.rate(UInt64(progress.sent)), announcementsAccepted: UInt64(progress.accepted),
                batchesPending: UInt32(clamping: queue.count), threads: 1, jobID: job?.id ?? 0) {
                link.send(.heartbeat(Heartbeat(node: node, stats: stats)))
            }
            if beats % 5 == 0 { register() }
        }
    }
}
