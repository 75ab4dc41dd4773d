import ClusterAggregator
import ClusterWorker
import Logging
import ServiceLifecycle

// A worker and an aggregator (validator and block miner) embedded in one
// program, run as services of one group until a graceful shutdown.
let coordinator = CommandLine.arguments.dropFirst().first ?? "127.0.0.1"
let seconds = Int(CommandLine.arguments.dropFirst(2).first ?? "2") ?? 2
let address = "pkt1q6hqsqhqdgqfd8t3xwgceulu7k9d9w5t2amath0qxyfjlvl3s3u4sjza2g2"

var aggregatorOptions = AggregatorOptions(coordinatorHost: coordinator, payoutAddress: address)
aggregatorOptions.listenPort = 0
aggregatorOptions.threads = 1
aggregatorOptions.validationThreads = 1
aggregatorOptions.memoryLimit = 64 << 20
aggregatorOptions.security.clusterSecret = "example secret"
var workerOptions = WorkerOptions(coordinatorHost: coordinator, payoutAddress: address)
workerOptions.threads = 1

let logger = Logger(label: "embedded")
let group = ServiceGroup(
    services: [try Aggregator(options: aggregatorOptions, logger: logger), try AnnouncementWorker(options: workerOptions, logger: logger)],
    logger: logger)
let running = Task { try await group.run() }
try await Task.sleep(for: .seconds(seconds))
await group.triggerGracefulShutdown()
try await running.value
print("embedded worker and aggregator ran and stopped")
