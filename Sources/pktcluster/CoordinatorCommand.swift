import ArgumentParser
import ClusterCoordinator
import ClusterNode
import Foundation
import PKTChain
import PacketCrypt

/// `pktcluster coordinator`.
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Run the cluster's coordinator: chain, jobs, registry, ledger, control.",
        discussion: """
            Without --chain it runs a devnet inside this process (kept in DATA/devnet). Every key \
            is also a TOML key (--job-port → job_port) and an environment variable \
            (PKTCLUSTER_JOB_PORT); flags win over the environment, the environment over the file.
            """)

    @OptionGroup var common: CommonRoleOptions
    @Option(help: ArgumentHelp("pktd RPC: http[s]://user:pass@host:port (default: embedded devnet).", valueName: "url"))
    var chain: String?
    @Option(help: ArgumentHelp("Ledger and devnet directory (default ~/.pktcluster).", valueName: "dir")) var data: String?
    @Option(help: "Address to listen on (default 127.0.0.1).") var listen: String?
    @Option(help: "Port for jobs (PUB, default 7341).") var jobPort: Int?
    @Option(help: "Port for nodes and the CLI (ROUTER, default 7342).") var controlPort: Int?
    @Option(help: ArgumentHelp("Announcement work target (default 0x200fffff).", valueName: "bits")) var annTarget: String?
    @Option(help: ArgumentHelp("Share target (default none).", valueName: "bits")) var shareTarget: String?
    @Option(help: ArgumentHelp("Block target of the embedded devnet (default 0x1e0fffff).", valueName: "bits")) var devnetBits: String?

    static let keys: Set<String> = ["chain", "data", "listen", "job_port", "control_port", "ann_target", "share_target", "devnet_bits"]

    func run() async throws {
        let s = try common.settings(knownKeys: Self.keys, more: [
            "chain": chain, "data": data, "listen": listen, "job_port": jobPort.map(String.init),
            "control_port": controlPort.map(String.init), "ann_target": annTarget, "share_target": shareTarget,
            "devnet_bits": devnetBits])
        var options = CoordinatorOptions(dataDirectory: s.string("data", default: defaultDataDirectory()))
        options.chain = try s.string("chain").map { try ChainEndpoint($0) }
        options.listenHost = s.string("listen", default: "127.0.0.1")
        options.jobPort = try s.int("job_port", default: options.jobPort)
        options.controlPort = try s.int("control_port", default: options.controlPort)
        options.announcementBits = try s.string("ann_target").map(Difficulty.parseBits) ?? options.announcementBits
        options.shareBits = try s.string("share_target").map(Difficulty.parseBits) ?? 0
        options.devnetBlockBits = try s.string("devnet_bits").map(Difficulty.parseBits) ?? options.devnetBlockBits
        options.security = try LinkSecurity(settings: s)
        let coordinator = try Coordinator(options: options)
        print("coordinator: jobs on \(coordinator.jobEndpoint), control on \(coordinator.controlEndpoint)")
        fflush(nil)
        try await runUntilSignal { try await coordinator.run() }
    }
}

func defaultDataDirectory() -> String {
    (NSHomeDirectory() as NSString).appendingPathComponent(".pktcluster")
}

/// Runs `body` until it ends or SIGINT/SIGTERM arrives.
func runUntilSignal(_ body: @escaping @Sendable () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await body() }
        group.addTask { await Termination.signal() }
        try await group.next()
        group.cancelAll()
    }
}
