import ArgumentParser
import ClusterAggregator
import ClusterNode
import ClusterProtocol
import Foundation
import Logging

/// The settings of the aggregator, validator and block-miner commands.
struct AggregatorArguments: ParsableArguments {
    @OptionGroup var common: CommonRoleOptions
    @Option(help: "Coordinator host.") var coordinator: String?
    @Option(help: ArgumentHelp("Address credited for this node's shares.", valueName: "address")) var payout: String?
    @Option(help: "Address workers (and block miners) connect to (default 127.0.0.1).") var listen: String?
    @Option(help: "Port workers send batches to (default 7343).") var listenPort: Int?
    @Option(help: "Port of a validator's feed for block miners (default 7344).") var feedPort: Int?
    @Option(help: "Host workers and block miners should connect to (default: --listen).") var advertise: String?
    @Option(help: "Block-mining threads (default: one per core).") var threads: Int?
    @Option(help: "Validation threads (default: one per core).") var validationThreads: Int?
    @Option(help: "Memory for announcements, in MiB (default 4096).") var memoryMb: Int?
    @Option(help: "Name shown in status (default: host name).") var name: String?
    @Option(help: "Exit with an error after waiting this many seconds for the coordinator, a job or a validator (default: wait, saying so).")
    var patience: Int?
    @Option(help: "Coordinator job port (default 7341).") var jobPort: Int?
    @Option(help: "Coordinator control port (default 7342).") var controlPort: Int?

    static let keys: Set<String> = ["coordinator", "payout", "patience", "listen", "listen_port", "feed_port", "advertise", "threads",
                                    "validation_threads", "memory_mb", "name", "job_port", "control_port"]

    /// Runs the role until it ends; exits with the drain status when drained.
    func run(as role: NodeRole) async throws {
        let s = try common.settings(knownKeys: Self.keys, more: [
            "coordinator": coordinator, "payout": payout, "patience": patience.map(String.init), "listen": listen, "listen_port": listenPort.map(String.init),
            "feed_port": feedPort.map(String.init), "advertise": advertise, "threads": threads.map(String.init),
            "validation_threads": validationThreads.map(String.init), "memory_mb": memoryMb.map(String.init), "name": name,
            "job_port": jobPort.map(String.init), "control_port": controlPort.map(String.init)])
        guard let payout = s.string("payout"), !payout.isEmpty else {
            throw ValidationError("a\(role == .aggregator ? "n" : "") \(role) needs --payout ADDRESS (or payout in its config, or PKTCLUSTER_PAYOUT)")
        }
        var options = AggregatorOptions(coordinatorHost: s.string("coordinator", default: "127.0.0.1"), payoutAddress: payout)
        options.role = role
        options.network = try s.network(default: .pkt)
        options.patience = try s.string("patience").map { _ in .seconds(try s.int("patience", default: 0)) }
        options.listenHost = s.string("listen", default: options.listenHost)
        options.listenPort = try s.int("listen_port", default: options.listenPort)
        options.feedPort = try s.int("feed_port", default: options.feedPort)
        options.advertisedHost = s.string("advertise")
        options.threads = try s.int("threads", default: options.threads)
        options.validationThreads = try s.int("validation_threads", default: options.validationThreads)
        options.memoryLimit = try s.int("memory_mb", default: options.memoryLimit >> 20) << 20
        options.name = s.string("name", default: options.name)
        options.jobPort = try s.int("job_port", default: options.jobPort)
        options.controlPort = try s.int("control_port", default: options.controlPort)
        options.security = try s.linkSecurity(secretFile: ClusterSecret.path(dataDirectory: defaultDataDirectory()))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for (key, value) in [("threads", options.threads), ("validation_threads", options.validationThreads)]
        where !(1...cores).contains(value) {
            throw SettingsError.invalidValue(key, "\(value)", "1 to \(cores) (this machine's cores)")
        }
        let node = try Aggregator(options: options)
        let metrics = try s.metricsEndpoint(options.metrics)
        let listening = [node.endpoint.isEmpty ? nil : "batches on \(node.endpoint)",
                         node.feedEndpoint.isEmpty ? nil : "feed on \(node.feedEndpoint)"].compactMap { $0 }
        print("\(role) \(node.node): \((listening + ["coordinator \(options.coordinatorHost)", "shares pay \(payout)"]).joined(separator: ", "))")
        fflush(nil)
        try await runServices([node] + (metrics.map { [$0] } ?? []), logger: Logger(label: "pktcluster.\(role.name)"))
        try exitIfDrained(await node.drained)
    }
}

/// `pktcluster aggregator`.
struct AggregatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregator",
        abstract: "Run a block-miner aggregator: validate and store announcements, mine blocks over them.",
        discussion: """
            A validator and a block miner in one process, for small clusters. Its shares are credited \
            to --payout. Keys as for coordinator (listen_port = 7343, PKTCLUSTER_MEMORY_MB, ...). \
            Without CURVE keys it presents the cluster secret (--cluster-secret, or \
            ~/.pktcluster/cluster-secret). A drained aggregator exits with status 75.
            """)
    @OptionGroup var arguments: AggregatorArguments

    func run() async throws { try await arguments.run(as: .aggregator) }
}

/// `pktcluster validator`.
struct ValidatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validator",
        abstract: "Run a validator: take workers' batches, validate each announcement once, feed block miners.",
        discussion: """
            Has the coordinator credit each batch before acknowledging it, and publishes the new valid \
            announcements on its feed (--feed-port), which every block miner reads. Settings as for \
            aggregator. A drained validator exits with status 75.
            """)
    @OptionGroup var arguments: AggregatorArguments

    func run() async throws { try await arguments.run(as: .validator) }
}

/// `pktcluster blockminer`.
struct BlockMinerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blockminer",
        abstract: "Run a block miner: hold every validator's announcements and mine blocks over them.",
        discussion: """
            Reads every validator's feed the coordinator's jobs list, keeps what fits in --memory-mb, \
            and reports shares (credited to --payout) and blocks. Several block miners mine different \
            coinbases. Settings as for aggregator. A drained block miner exits with status 75.
            """)
    @OptionGroup var arguments: AggregatorArguments

    func run() async throws { try await arguments.run(as: .blockMiner) }
}
