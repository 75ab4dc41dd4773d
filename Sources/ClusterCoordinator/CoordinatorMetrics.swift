import ClusterMetrics
import ClusterProtocol
import Prometheus

/// What a coordinator exports: jobs and how fast a new tip becomes one,
/// blocks by outcome, ledger latency, credits, payouts, malformed frames,
/// refusals, nodes by role and the chain's height.
struct CoordinatorMetrics: Sendable {
    /// What the chain made of a submitted block.
    enum BlockOutcome: String, CaseIterable {
        case accepted, duplicate, refused
    }

    private let blocks: [BlockOutcome: Counter]
    private let credits: [CreditStatus: Counter]
    private let refusals: [MessageType: Counter]
    private let nodeCounts: [NodeRole: Gauge]
    private let nodeJobSwitch: [NodeRole: DurationHistogram]
    let jobs: Counter
    let jobSwitch: DurationHistogram
    let ledgerWrite: DurationHistogram
    let creditedAnnouncements: Counter
    let creditsDropped: Counter
    let creditedWork: Counter
    let paidUnits: Counter
    let malformed: Counter
    let height: Gauge
    let chainErrors: Counter

    init(registry: PrometheusCollectorRegistry) {
        jobs = registry.makeCounter(descriptor: .named(
            "pktcluster_coordinator_jobs_published_total",
            help: "Jobs published for new tips."))
        jobSwitch = registry.makeDurationHistogram(
            descriptor: .named(
                "pktcluster_coordinator_job_switch_seconds",
                help: "From a new tip seen on the chain to its job published to every node."),
            buckets: [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                      .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)])
        ledgerWrite = registry.makeDurationHistogram(
            descriptor: .named(
                "pktcluster_coordinator_ledger_write_seconds",
                help: "Time to commit one ledger transaction: the credits gathered meanwhile, or a find."),
            buckets: [.microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(20),
                      .milliseconds(100), .milliseconds(500), .seconds(2)])
        creditedAnnouncements = registry.makeCounter(descriptor: .named(
            "pktcluster_coordinator_credited_announcements_total",
            help: "Announcements credited to workers (each batch once)."))
        creditsDropped = registry.makeCounter(descriptor: .named(
            "pktcluster_coordinator_credits_dropped_total",
            help: "Credits dropped unacknowledged because the ledger queue was full (validators send them again)."))
        creditedWork = registry.makeCounter(descriptor: .named(
            "pktcluster_coordinator_credited_work_blocks_total",
            help: "Work credited to workers and block miners, in blocks."))
        paidUnits = registry.makeCounter(descriptor: .named(
            "pktcluster_coordinator_paid_units_total",
            help: "Coinbase value of accepted blocks paid out, in units of 2^-30 PKT."))
        malformed = registry.makeCounter(descriptor: .named(
            "pktcluster_coordinator_malformed_frames_total",
            help: "Frames on the coordinator's socket that did not decode."))
        height = registry.makeGauge(descriptor: .named(
            "pktcluster_coordinator_chain_height",
            help: "Height of the chain's tip."))
        chainErrors = registry.makeCounter(descriptor: .named(
            "pktcluster_coordinator_chain_errors_total",
            help: "Failed calls to the chain node (templates, submissions)."))
        blocks = Dictionary(uniqueKeysWithValues: BlockOutcome.allCases.map { outcome in
            (outcome, registry.makeCounter(
                descriptor: .named(
                    "pktcluster_coordinator_blocks_total",
                    help: "Blocks submitted to the chain, by outcome (refused: the chain said why, in the log)."),
                labels: [("outcome", outcome.rawValue)]))
        })
        credits = Dictionary(uniqueKeysWithValues: CreditStatus.allCases.map { status in
            (status, registry.makeCounter(
                descriptor: .named(
                    "pktcluster_coordinator_credits_total",
                    help: "Credits from validators, by how the ledger took them."),
                labels: [("status", status.metricLabel)]))
        })
        refusals = Dictionary(uniqueKeysWithValues: MessageType.allCases.map { type in
            (type, registry.makeCounter(
                descriptor: .named(
                    "pktcluster_coordinator_refusals_total",
                    help: "Messages refused because the sender may not send them, by message type."),
                labels: [("message", type.name)]))
        })
        let roles = NodeRole.allCases.filter { $0 != .control }
        nodeCounts = Dictionary(uniqueKeysWithValues: roles.map { role in
            (role, registry.makeGauge(
                descriptor: .named(
                    "pktcluster_coordinator_nodes",
                    help: "Registered nodes, by role."),
                labels: [("role", role.name)]))
        })
        nodeJobSwitch = Dictionary(uniqueKeysWithValues: roles.map { role in
            (role, registry.makeDurationHistogram(
                descriptor: .named(
                    "pktcluster_coordinator_node_job_switch_seconds",
                    help: "From a new tip seen to each node's report that its job arrived (the report's trip back included), by role."),
                labels: [("role", role.name)],
                buckets: [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                          .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]))
        })
    }

    /// A node of `role` reported a new job `latency` after its tip was seen.
    func jobArrived(_ role: NodeRole, after latency: Duration) { nodeJobSwitch[role]?.record(latency) }

    func block(_ outcome: BlockOutcome) { blocks[outcome]?.increment() }
    func credit(_ status: CreditStatus) { credits[status]?.increment() }
    func refused(_ type: MessageType) { refusals[type]?.increment() }

    /// Sets the node counts from the registry.
    func nodes(_ counts: [NodeRole: Int]) {
        for (role, gauge) in nodeCounts { gauge.set(Double(counts[role] ?? 0)) }
    }
}

extension CreditStatus {
    var metricLabel: String {
        switch self {
        case .recorded: "recorded"
        case .duplicate: "duplicate"
        case .unknownWorker: "unknown_worker"
        }
    }
}
