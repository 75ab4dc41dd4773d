import ClusterCoordinator
import ClusterMetrics
import ClusterNode
import Foundation

/// The latest progress line of each sender process of `bench cluster`.
final class SenderProgress: @unchecked Sendable {
    private var latest: [Int: AnnouncementReplay.Progress] = [:]
    private var pending: [Int: Data] = [:]
    private let lock = NSLock()

    /// Follows a sender's standard output, one JSON line per second.
    func read(_ pipe: Pipe, sender: Int) {
        pipe.fileHandleForReading.readabilityHandler = { [self] handle in
            let data = handle.availableData
            lock.withLock {
                var buffer = (pending[sender] ?? Data()) + data
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer = Data(buffer[buffer.index(after: newline)...])
                    if let progress = try? JSONDecoder().decode(AnnouncementReplay.Progress.self, from: line) {
                        latest[sender] = progress
                    }
                }
                pending[sender] = buffer
            }
            if data.isEmpty { handle.readabilityHandler = nil }
        }
    }

    /// Every sender's figures added up.
    var total: AnnouncementReplay.Progress {
        lock.withLock {
            latest.values.reduce(into: AnnouncementReplay.Progress()) { sum, p in
                sum.sent += p.sent
                sum.accepted += p.accepted
                sum.duplicate += p.duplicate
                sum.invalid += p.invalid
                sum.stale += p.stale
                sum.unknownParent += p.unknownParent
                sum.underTarget += p.underTarget
                sum.pendingBatches += p.pendingBatches
                sum.latencyMilliseconds = max(sum.latencyMilliseconds, p.latencyMilliseconds)
                sum.heldBack += p.heldBack
                sum.exhausted = sum.exhausted || p.exhausted
            }
        }
    }

    /// Waits (up to two minutes) until each of `count` senders has had announcements accepted.
    func waitUntilAllAccepted(_ count: Int, roles: RoleProcesses) async throws {
        for _ in 0..<240 {
            if let exited = roles.exited() { throw BenchError(exited) }
            if lock.withLock({ latest.values.filter { $0.accepted > 0 }.count }) == count { return }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw BenchError("not every sender had announcements accepted within two minutes; see \(roles.logPath("sender-0"))")
    }
}

/// What `bench cluster` reads at the start and the end of its measurement.
struct Snapshot {
    let at: ContinuousClock.Instant
    let senders: AnnouncementReplay.Progress
    /// Announcements each block miner holds, by name.
    let stored: [String: UInt64]
    /// CPU seconds each role process has used, by role (its name without the index).
    let cpu: [String: Double]
    /// CPU seconds the whole machine has been busy.
    let machineBusy: Double

    static func take(roles: RoleProcesses, senders: SenderProgress, control: ControlClient) async throws -> Snapshot {
        let nodes = try await nodes(control)
        var cpu: [String: Double] = [:]
        for (name, pid) in roles.running {
            let role = name.split(separator: "-").first.map(String.init) ?? name
            cpu[role, default: 0] += ProcessMetrics.cpuSeconds(process: "\(pid)") ?? 0
        }
        return Snapshot(at: .now, senders: senders.total, cpu: cpu, machineBusy: ProcessMetrics.machineBusySeconds() ?? 0,
                        stored: Dictionary(nodes.filter { $0.role == "blockminer" }.map { ($0.name, $0.announcementsStored) }) { $1 })
    }

    private init(at: ContinuousClock.Instant, senders: AnnouncementReplay.Progress, cpu: [String: Double], machineBusy: Double,
                 stored: [String: UInt64]) {
        self.at = at
        self.senders = senders
        self.cpu = cpu
        self.machineBusy = machineBusy
        self.stored = stored
    }

    /// The coordinator's node list.
    static func nodes(_ control: ControlClient) async throws -> [NodeSummary] {
        let reply = try await control.request("workers", timeout: .seconds(5))
        guard reply.ok else { throw BenchError("the coordinator refused the workers command: \(reply.body)") }
        return try JSONDecoder().decode([NodeSummary].self, from: Data(reply.body.utf8))
    }
}

/// The result of `bench cluster`: rates over the measured interval, CPU by
/// role, and the stage that limited the rate.
struct BenchClusterReport: Codable {
    /// The cluster measured.
    struct Setup: Codable {
        var validators: Int
        var blockMiners: Int
        var senders: Int
        var validationThreads: Int
        var blockMinerThreads: Int
        var batch: Int
    }

    var setup: Setup
    var seconds: Double
    var offeredPerSecond: Double
    var sentPerSecond: Double
    /// Validated, credited by the coordinator and acknowledged to the senders.
    var validatedPerSecond: Double
    /// Taken into the store of the slowest block miner.
    var storedPerSecond: Double
    /// Acknowledged as duplicate, invalid, stale, of an unknown parent or under target.
    var refusedPerSecond: Double
    var acknowledgementMilliseconds: Double
    /// Batches sent and not yet acknowledged at the end.
    var pendingBatches: Int
    /// Seconds the senders together spent held back by full upload queues.
    var heldBackSeconds: Double
    /// Cores busy, by role (coordinator, validator, blockminer, sender).
    var cores: [String: Double]
    var machineCores: Int
    /// Cores busy on the whole machine, the cluster's roles and anything else.
    var machineBusyCores: Double
    var validatedPerValidatorCore: Double
    var bottleneck: String

    init(start: Snapshot, end: Snapshot, offered: Double, setup: Setup) {
        let seconds = (end.at - start.at) / .seconds(1)
        let (a, b) = (start.senders, end.senders)
        self.setup = setup
        self.seconds = seconds
        offeredPerSecond = offered
        sentPerSecond = Double(b.sent - a.sent) / seconds
        validatedPerSecond = Double(b.accepted - a.accepted) / seconds
        let refused = (b.duplicate + b.invalid + b.stale + b.unknownParent + b.underTarget)
            - (a.duplicate + a.invalid + a.stale + a.unknownParent + a.underTarget)
        refusedPerSecond = Double(refused) / seconds
        storedPerSecond = end.stored.map { name, count in Double(count - min(count, start.stored[name] ?? 0)) / seconds }.min() ?? 0
        acknowledgementMilliseconds = b.latencyMilliseconds
        pendingBatches = b.pendingBatches
        heldBackSeconds = b.heldBack - a.heldBack
        cores = end.cpu.reduce(into: [:]) { $0[$1.key] = ($1.value - (start.cpu[$1.key] ?? 0)) / seconds }
        machineCores = ProcessInfo.processInfo.activeProcessorCount
        machineBusyCores = (end.machineBusy - start.machineBusy) / seconds
        validatedPerValidatorCore = validatedPerSecond / max(cores["validator"] ?? 0, 0.01)
        bottleneck = ""
        bottleneck = limit(exhausted: b.exhausted)
    }

    /// The stage that kept the rate down, from the rates and the CPU use:
    /// the stage that fell behind, and whether its processes or the whole
    /// machine ran out of CPU.
    private func limit(exhausted: Bool) -> String {
        if exhausted { return "the recorded stream ran out during the measurement; the figures are low" }
        let storeBehind = storedPerSecond < validatedPerSecond * 0.9
        guard storeBehind || validatedPerSecond < offeredPerSecond * 0.95 else {
            return "none: the cluster took all it was offered (raise --rate)"
        }
        let stage = storeBehind ? "the block miners' stores" : "validation"
        if machineBusyCores >= Double(machineCores) * 0.9 {
            return "this machine's CPU: all \(machineCores) cores are busy (\(format(cores.values.reduce(0, +))) by the cluster's "
                + "roles) and \(stage) fell behind first (run the roles on more machines)"
        }
        if storeBehind {
            return "block miners: they stored fewer announcements than were validated (\(format(cores["blockminer"])) cores busy)"
        }
        let validationCores = Double(setup.validators * setup.validationThreads)
        if (cores["validator"] ?? 0) >= validationCores * 0.8 {
            return "validation: the validators' \(setup.validators * setup.validationThreads) threads are busy (add validators)"
        }
        if (cores["coordinator"] ?? 0) >= 0.8 { return "the coordinator: crediting takes a whole core" }
        if heldBackSeconds < 1 && sentPerSecond < offeredPerSecond * 0.95 { return "the senders: they could not send at the rate" }
        return "acknowledgements: the validators had CPU to spare but announcements waited (see the logs)"
    }

    private func format(_ value: Double?) -> String { String(format: "%.2f", value ?? 0) }

    /// The report as lines of text.
    var text: String {
        func rate(_ value: Double) -> String { "\(Int(value.rounded()))/s" }
        func core(_ role: String) -> String { format(cores[role]) }
        let total = cores.values.reduce(0, +)
        return """
            cluster: \(setup.validators) validators × \(setup.validationThreads) threads, \(setup.blockMiners) block miners × \
            \(setup.blockMinerThreads) threads, \(setup.senders) senders, \(setup.batch) announcements a batch; \
            measured \(String(format: "%.1f", seconds)) s
            offered \(rate(offeredPerSecond)), sent \(rate(sentPerSecond)), validated (credited and acknowledged) \
            \(rate(validatedPerSecond)), stored by the slowest block miner \(rate(storedPerSecond)), refused \(rate(refusedPerSecond))
            acknowledgement latency \(Int(acknowledgementMilliseconds)) ms, \(pendingBatches) batches pending, \
            senders held back \(String(format: "%.1f", heldBackSeconds)) s
            cores busy: coordinator \(core("coordinator")), validators \(core("validator")), block miners \(core("blockminer")), \
            senders \(core("sender")); \(format(total)) in all; the machine \(format(machineBusyCores)) of \(machineCores)
            validated per validator core: \(rate(validatedPerValidatorCore))
            bottleneck: \(bottleneck)
            """
    }
}
