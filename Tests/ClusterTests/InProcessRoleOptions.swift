import ClusterAggregator
import ClusterCoordinator
import ClusterNode
import ClusterWorker

/// The options of a coordinator, an aggregator and a worker run together in
/// this test process on the devnet: free ports shared between them, one
/// thread each, a small store. Each test adds its security and names.
struct InProcessRoleOptions {
    var coordinator: CoordinatorOptions
    var aggregator: AggregatorOptions
    var worker: WorkerOptions

    /// - Parameter name: distinguishes the payout addresses of this test's roles.
    init(directory: String, name: String) {
        let free = Endpoints.freePorts(3)
        coordinator = CoordinatorOptions(dataDirectory: directory, defaultPayout: TestAddresses.make("\(name) operator"))
        coordinator.network = .devnet
        coordinator.jobPort = free[0]
        coordinator.controlPort = free[1]
        aggregator = AggregatorOptions(coordinatorHost: "127.0.0.1", payoutAddress: TestAddresses.make("\(name) miner"))
        aggregator.network = .devnet
        aggregator.jobPort = free[0]
        aggregator.controlPort = free[1]
        aggregator.listenPort = free[2]
        aggregator.threads = 1
        aggregator.validationThreads = 1
        aggregator.memoryLimit = 256 << 20
        worker = WorkerOptions(coordinatorHost: "127.0.0.1", payoutAddress: TestAddresses.make("\(name) worker"))
        worker.network = .devnet
        worker.jobPort = free[0]
        worker.controlPort = free[1]
        worker.threads = 1
    }
}
