import PKTAddresses
import ClusterNode
import Foundation
import PKTChain
import Prometheus
import ZeroMQ

/// How a coordinator runs.
public struct CoordinatorOptions: Sendable {
    /// The network whose addresses nodes may register.
    public var network: PKTNetwork = .pkt
    /// The ledger lives here.
    public var dataDirectory: String
    /// The ZeroMQ context of the coordinator's sockets and ZAP handler (nil:
    /// one of its own, so several roles can share a process).
    public var context: ZMQContext?
    public var listenHost = "127.0.0.1"
    public var jobPort = Endpoints.jobPort
    public var controlPort = Endpoints.controlPort
    /// Work target announcements are mined at.
    public var announcementBits: UInt32 = 0x200f_ffff
    /// A share is worth the block's work divided by this (the reference pool's `shareWorkDivisor`).
    public var shareDivisor: UInt32 = 4
    /// How each coinbase is split.
    public var payouts: PayoutPolicy
    public var security = LinkSecurity()
    /// A node silent this long is dropped from the registry (nodes beat
    /// every 2 s; a dead validator's workers move once it is dropped).
    public var nodeTimeout: Duration = .seconds(6)
    /// Where its metrics go (served by whoever runs it).
    public var metrics = PrometheusCollectorRegistry()
    /// The time it expires silent nodes, rebalances and times job switches by.
    public var clock: any RoleClock = SystemClock()
    /// The most threads `scale` may ask of a node.
    public static let maxThreads = 1024

    public init(dataDirectory: String, defaultPayout: String) {
        self.dataDirectory = dataDirectory
        payouts = PayoutPolicy(defaultAddress: defaultPayout)
    }
}
