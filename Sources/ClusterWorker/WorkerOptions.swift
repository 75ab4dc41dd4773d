import PKTAddresses
import ClusterNode
import Foundation
import Prometheus
import ZeroMQ

/// How an announcement worker runs.
public struct WorkerOptions: Sendable {
    public var coordinatorHost: String
    public var jobPort = Endpoints.jobPort
    public var controlPort = Endpoints.controlPort
    /// Where credits for this worker's announcements go (required).
    public var payoutAddress: String
    /// The network the payout address must belong to.
    public var network: PKTNetwork = .pkt
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Mine announcements at this target instead of the job's, when it is at
    /// least as hard (harder announcements earn in proportion to their work).
    public var announcementBits: UInt32?
    public var name = ProcessInfo.processInfo.hostName
    public var security = LinkSecurity()
    /// The ZeroMQ context of its sockets and ZAP handler (nil: one of its
    /// own, so several roles can share a process).
    public var context: ZMQContext?
    /// A batch not acknowledged after this long is sent again, until
    /// acknowledgements give a measured latency to follow.
    public var resendAfter: Duration = .seconds(5)
    /// At this many unacknowledged batches the worker stops mining until
    /// half of them are acknowledged (each batch holds up to 2 MiB).
    public var maxPendingBatches = 64
    /// ...or at this many bytes of them, whichever comes first.
    public var maxPendingBytes = 16 << 20
    /// Where its metrics go (served by whoever runs the worker).
    public var metrics = PrometheusCollectorRegistry()
    /// The time it schedules resends, heartbeats and timeouts by.
    public var clock: any RoleClock = SystemClock()
    public var heartbeat: Duration = .seconds(2)
    /// How long to wait for the coordinator, a job or an aggregator before
    /// exiting with an error; nil waits for ever (saying so every few seconds).
    public var patience: Duration?

    public init(coordinatorHost: String, payoutAddress: String) {
        self.coordinatorHost = coordinatorHost
        self.payoutAddress = payoutAddress
    }
}
