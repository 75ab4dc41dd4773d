import PKTAddresses
import ClusterNode
import ClusterProtocol
import Foundation
import PacketCrypt
import Prometheus
import ZeroMQ

/// How a block-miner aggregator runs.
public struct AggregatorOptions: Sendable {
    public var coordinatorHost: String
    /// `.aggregator` (validates and mines), `.validator` (validates, feeds
    /// block miners) or `.blockMiner` (mines over every validator's feed).
    public var role: NodeRole = .aggregator
    /// A validator's feed port for block miners (0: any free port).
    public var feedPort = Endpoints.batchPort + 1
    /// Where this block miner's shares are credited (and paid).
    public var payoutAddress: String
    /// The network the payout address must belong to.
    public var network: PKTNetwork = .pkt
    public var jobPort = Endpoints.jobPort
    public var controlPort = Endpoints.controlPort
    /// Where workers send batches: bound here and advertised to workers.
    public var listenHost = "127.0.0.1"
    public var listenPort = Endpoints.batchPort
    /// The host workers should connect to (default: `listenHost`).
    public var advertisedHost: String?
    /// Block-mining threads.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Validation threads.
    public var validationThreads = ProcessInfo.processInfo.activeProcessorCount
    /// Memory for announcements, in bytes.
    public var memoryLimit = 4 << 30
    public var name = ProcessInfo.processInfo.hostName
    public var rules: AnnouncementRules = .devnet
    public var security = LinkSecurity()
    /// The ZeroMQ context of its sockets and ZAP handler (nil: one of its
    /// own, so several roles can share a process).
    public var context: ZMQContext?
    /// How often the announcement set is rebuilt while a job runs, when it has grown.
    public var rebuildInterval: Duration = .seconds(5)

    /// How long to wait for the coordinator, a job or (block miners) a
    /// validator before exiting with an error; nil waits for ever (saying so).
    public var patience: Duration?
    /// Credits not yet acknowledged by the coordinator; past this, batches
    /// are left unacknowledged (their workers send them again later).
    public var pendingCreditLimit = 4096
    /// A worker whose batches hold more invalid announcements than this in a
    /// minute has its batches left unjudged for the rest of that minute.
    public var invalidPerMinuteLimit = 2048
    /// Where its metrics go (served by whoever runs it).
    public var metrics = PrometheusCollectorRegistry()
    /// The time it schedules resends, rebuilds, heartbeats and timeouts by.
    public var clock: any RoleClock = SystemClock()

    public init(coordinatorHost: String, payoutAddress: String) {
        self.coordinatorHost = coordinatorHost
        self.payoutAddress = payoutAddress
    }
}
