import ClusterMetrics
import Prometheus

/// What a worker exports: its hashing, the announcements it found, sent,
/// had acknowledged and resent, and the bytes it put on the wire.
struct WorkerMetrics: Sendable {
    let hashes: Counter
    let found: Counter
    let sent: Counter
    let acknowledged: Counter
    let resent: Counter
    let uplinkBytes: Counter
    let pendingBatches: Gauge
    let hashRate: Gauge
    let goodrate: Gauge
    let threads: Gauge

    init(registry: PrometheusCollectorRegistry) {
        hashes = registry.makeCounter(descriptor: .named(
            "pktcluster_worker_announcement_hashes_total",
            help: "Announcement-mining hashes computed."))
        found = registry.makeCounter(descriptor: .named(
            "pktcluster_worker_announcements_found_total",
            help: "Announcements found."))
        sent = registry.makeCounter(descriptor: .named(
            "pktcluster_worker_announcements_sent_total",
            help: "Announcements sent to a validator, first sends only."))
        acknowledged = registry.makeCounter(descriptor: .named(
            "pktcluster_worker_announcements_acknowledged_total",
            help: "Announcements a validator acknowledged as accepted and credited."))
        resent = registry.makeCounter(descriptor: .named(
            "pktcluster_worker_announcements_resent_total",
            help: "Announcements sent again because their batch was not acknowledged in time."))
        uplinkBytes = registry.makeCounter(descriptor: .named(
            "pktcluster_worker_uplink_bytes_total",
            help: "Bytes of batch frames sent to validators, resends included."))
        pendingBatches = registry.makeGauge(descriptor: .named(
            "pktcluster_worker_pending_batches",
            help: "Batches sent and not yet acknowledged."))
        hashRate = registry.makeGauge(descriptor: .named(
            "pktcluster_worker_announcement_hashes_per_second",
            help: "Announcement-mining hash rate over the last heartbeat interval."))
        goodrate = registry.makeGauge(descriptor: .named(
            "pktcluster_worker_goodrate_ratio",
            help: "Share of the announcements sent that were acknowledged as accepted."))
        threads = registry.makeGauge(descriptor: .named(
            "pktcluster_worker_threads",
            help: "Mining threads running."))
    }
}
