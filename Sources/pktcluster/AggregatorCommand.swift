import ArgumentParser
import ClusterAggregator
import ClusterNode
import Foundation
import Logging

/// `pktcluster aggregator`.
struct AggregatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregator",
        abstract: "Run a block-miner aggregator: validate and store announcements, mine blocks over them.",
        discussion: """
            Its shares are credited to --payout. Keys as for coordinator (listen_port = 7343,             PKTCLUSTER_MEMORY_MB, ...). Without CURVE keys it presents the cluster secret             (--cluster-secret, or ~/.pktcluster/cluster-secret).
            """)

    @OptionGroup var common: CommonRoleOptions
    @Option(help: "Coordinator host.") var coordinator: String?
    @Option(help: ArgumentHelp("Address credited for this block miner's shares.", valueName: "address")) var payout: String?
    @Option(help: "Address workers send batches to (default 127.0.0.1).") var listen: String?
    @Option(help: "Port workers send batches to (default 7343).") var listenPort: Int?
    @Option(help: "Host workers should connect to (default: --listen).") var advertise: String?
    @Option(help: "Block-mining threads (default: one per core).") var threads: Int?
    @Option(help: "Validation threads (default: one per core).") var validationThreads: Int?
    @Option(help: "Memory for announcements, in MiB (default 4096).") var memoryMb: Int?
    @Option(help: "Name shown in status (default: host name).") var name: String?
    @Option(help: "Coordinator job port (default 7341).") var jobPort: Int?
    @Option(help: "Coordinator control port (default 7342).") var controlPort: Int?

    static let keys: Set<String> = ["coordinator", "payout", "listen", "listen_port", "advertise", "threads", "validation_threads",
                                    "memory_mb", "name", "job_port", "control_port"]

    func run() async throws {
        let s = try common.settings(knownKeys: Self.keys, more: [
            "coordinator": coordinator, "payout": payout, "listen": listen, "listen_port": listenPort.map(String.init), "advertise": advertise,
            "threads": threads.map(String.init), "validation_threads": validationThreads.map(String.init),
            "memory_mb": memoryMb.map(String.init), "name": name, "job_port": jobPort.map(String.init),
            "control_port": controlPort.map(String.init)])
        guard let payout = s.string("payout"), !payout.isEmpty else {
            throw ValidationError("an aggregator needs --payout ADDRESS (or payout in its config, or PKTCLUSTER_PAYOUT)")
        }
        var options = AggregatorOptions(coordinatorHost: s.string("coordinator", default: "127.0.0.1"), payoutAddress: payout)
        options.network = try s.network(default: .pkt)
        options.listenHost = s.string("listen", default: options.listenHost)
        options.listenPort = try s.int("listen_port", default: options.listenPort)
        options.advertisedHost = s.string("advertise")
        options.threads = try s.int("threads", default: options.threads)
        options.validationThreads = try s.int("validation_threads", default: options.validationThreads)
        options.memoryLimit = try s.int("memory_mb", default: options.memoryLimit >> 20) << 20
        options.name = s.string("name", default: options.name)
        options.jobPort = try s.int("job_port", default: options.jobPort)
        options.controlPort = try s.int("control_port", default: options.controlPort)
        options.security = try s.linkSecurity(secretFile: ClusterSecret.path(dataDirectory: defaultDataDirectory()))
        let aggregator = try Aggregator(options: options)
        print("aggregator \(aggregator.node): batches on \(aggregator.endpoint), coordinator \(options.coordinatorHost), shares pay \(payout)")
        fflush(nil)
        try await runServices([aggregator], logger: Logger(label: "pktcluster.aggregator"))
        try exitIfDrained(await aggregator.drained)
    }
}
