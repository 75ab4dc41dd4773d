import ClusterMetrics
import ClusterProtocol
import Prometheus

/// What an aggregator, validator or block miner exports. Validators (and
/// aggregators) count batches and announcements by outcome, validation
/// latency and their queue; block miners (and aggregators) their store,
/// set, target, hashing and finds; both the bytes they take in.
struct AggregatorMetrics: Sendable {
    /// What became of a worker's batch.
    enum BatchOutcome: String, CaseIterable {
        case accepted, malformed
        /// Not from a worker identity, or under another connection's id.
        case refused
        /// Not judgeable yet, or the credit queue is full.
        case deferred
        /// Its worker sent too many invalid announcements this minute.
        case rateLimited = "rate_limited"
    }

    private let batches: [BatchOutcome: Counter]
    private let announcementsByOutcome: [String: Counter]
    let validation: DurationHistogram
    let pendingCredits: Gauge
    let ingestBytes: Counter
    let feedBytes: Counter
    let stored: Gauge
    let storeBytes: Gauge
    let setSize: Gauge
    let effectiveTargetWork: Gauge
    let blockHashes: Counter
    let blockHashRate: Gauge
    let shares: Counter
    let blocks: Counter

    init(registry: PrometheusCollectorRegistry) {
        validation = registry.makeDurationHistogram(
            descriptor: .named(
                "pktcluster_validator_validation_seconds",
                help: "Time to judge one batch: checks, validation and storing."),
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)])
        pendingCredits = registry.makeGauge(descriptor: .named(
            "pktcluster_validator_pending_credits",
            help: "Batches judged and waiting for the coordinator's credit (the queue)."))
        ingestBytes = registry.makeCounter(descriptor: .named(
            "pktcluster_validator_ingest_bytes_total",
            help: "Bytes of batch frames received from workers."))
        feedBytes = registry.makeCounter(descriptor: .named(
            "pktcluster_blockminer_ingest_bytes_total",
            help: "Bytes of validated announcements received from validators' feeds."))
        stored = registry.makeGauge(descriptor: .named(
            "pktcluster_blockminer_announcements_stored",
            help: "Announcements held for block mining."))
        storeBytes = registry.makeGauge(descriptor: .named(
            "pktcluster_blockminer_store_bytes",
            help: "Memory the announcement store allocates."))
        setSize = registry.makeGauge(descriptor: .named(
            "pktcluster_blockminer_set_announcements",
            help: "Announcements in the set being mined."))
        effectiveTargetWork = registry.makeGauge(descriptor: .named(
            "pktcluster_blockminer_effective_target_ratio",
            help: "Work of the effective target over the block target's (below 1: the set eases the block)."))
        blockHashes = registry.makeCounter(descriptor: .named(
            "pktcluster_blockminer_block_hashes_total",
            help: "Block-mining hashes computed."))
        blockHashRate = registry.makeGauge(descriptor: .named(
            "pktcluster_blockminer_block_hashes_per_second",
            help: "Block-mining hash rate over the last heartbeat interval."))
        shares = registry.makeCounter(descriptor: .named(
            "pktcluster_blockminer_shares_found_total",
            help: "Shares found."))
        blocks = registry.makeCounter(descriptor: .named(
            "pktcluster_blockminer_blocks_found_total",
            help: "Blocks found."))
        batches = Dictionary(uniqueKeysWithValues: BatchOutcome.allCases.map { outcome in
            (outcome, registry.makeCounter(
                descriptor: .named(
                    "pktcluster_validator_batches_total",
                    help: "Worker batches received, by outcome."),
                labels: [("outcome", outcome.rawValue)]))
        })
        announcementsByOutcome = Dictionary(uniqueKeysWithValues: Self.announcementOutcomes.map { outcome in
            (outcome, registry.makeCounter(
                descriptor: .named(
                    "pktcluster_validator_announcements_total",
                    help: "Announcements in worker batches, by outcome."),
                labels: [("outcome", outcome)]))
        })
    }

    static let announcementOutcomes = ["accepted", "duplicate", "invalid", "stale", "unknown_parent", "under_target"]

    func batch(_ outcome: BatchOutcome) { batches[outcome]?.increment() }

    /// Announcements judged, by outcome.
    func announcements(_ counts: BatchCounts) {
        for (outcome, count) in [("accepted", counts.accepted), ("duplicate", counts.duplicate), ("invalid", counts.invalid),
                                 ("stale", counts.stale), ("unknown_parent", counts.unknownParent),
                                 ("under_target", counts.underTarget)] where count > 0 {
            announcementsByOutcome[outcome]?.increment(by: Int64(count))
        }
    }
}
