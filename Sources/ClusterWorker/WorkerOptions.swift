import ClusterNode
import Foundation

/// How an announcement worker runs.
public struct WorkerOptions: Sendable {
    public var coordinatorHost: String
    public var jobPort = Endpoints.jobPort
    public var controlPort = Endpoints.controlPort
    /// Where credits for this worker's announcements go (required).
    public var payoutAddress: String
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var name = ProcessInfo.processInfo.hostName
    public var security = LinkSecurity()
    /// A batch not acknowledged after this long is sent again.
    public var resendAfter: Duration = .seconds(5)
    public var heartbeat: Duration = .seconds(2)

    public init(coordinatorHost: String, payoutAddress: String) {
        self.coordinatorHost = coordinatorHost
        self.payoutAddress = payoutAddress
    }
}
