import ClusterNode
import Foundation
import PKTChain

/// How a coordinator runs.
public struct CoordinatorOptions: Sendable {
    /// The chain node; nil runs an embedded devnet in `dataDirectory/devnet`.
    public var chain: ChainEndpoint?
    /// Ledger and embedded devnet live here.
    public var dataDirectory: String
    public var listenHost = "127.0.0.1"
    public var jobPort = Endpoints.jobPort
    public var controlPort = Endpoints.controlPort
    /// Work target announcements are mined at.
    public var announcementBits: UInt32 = 0x200f_ffff
    /// Target for shares (0: blocks only).
    public var shareBits: UInt32 = 0
    /// Block target of the embedded devnet.
    public var devnetBlockBits: UInt32 = 0x1e0f_ffff
    public var security = LinkSecurity()
    /// A node silent this long is dropped from the registry.
    public var nodeTimeout: TimeInterval = 15

    public init(dataDirectory: String) { self.dataDirectory = dataDirectory }
}
