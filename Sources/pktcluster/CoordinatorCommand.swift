import ArgumentParser
import ClusterDashboard
import ClusterCoordinator
import ClusterNode
import Devnet
import Foundation
import Logging
import PKTChain
import PacketCrypt

/// `pktcluster coordinator`.
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Run the cluster's coordinator: chain, jobs, registry, ledger, payouts, control.",
        discussion: """
            Without --chain it runs a devnet inside this process (kept in DATA/devnet). Every block \
            pays announcement and block miners by PPLNS over the ledger (docs/payouts.md); --payout \
            is paid what an unfilled window leaves. Without CURVE keys, aggregators and operators \
            authenticate with the cluster secret, kept in DATA/cluster-secret unless given. Every key \
            is also a TOML key (--job-port → job_port) and an environment variable \
            (PKTCLUSTER_JOB_PORT); flags win over the environment, the environment over the file.
            """)

    @OptionGroup var common: CommonRoleOptions
    @Option(help: ArgumentHelp("pktd RPC: http[s]://user:pass@host:port (default: embedded devnet).", valueName: "url"))
    var chain: String?
    @Option(help: ArgumentHelp("Ledger and devnet directory (default ~/.pktcluster).", valueName: "dir")) var data: String?
    @Option(help: ArgumentHelp("The operator's address: paid what a window leaves unfilled or the dust limit withholds.",
                               valueName: "address")) var payout: String?
    @Option(help: "Address to listen on (default 127.0.0.1).") var listen: String?
    @Option(help: "Port for jobs (PUB, default 7341).") var jobPort: Int?
    @Option(help: "Port for nodes and the CLI (ROUTER, default 7342).") var controlPort: Int?
    @Option(help: ArgumentHelp("Announcement work target (default 0x200fffff).", valueName: "bits")) var annTarget: String?
    @Option(help: "A share is the block's work divided by this (default 4).") var shareDivisor: Int?
    @Option(help: "Block miners' part of each coinbase (default 0.5).") var blockFraction: Double?
    @Option(help: "PPLNS: a share fills its credit over this of the block miners' part (default 2).") var pplnsBlockConstant: Double?
    @Option(help: "PPLNS: announcement credit fills over this of the announcement part (default 0.125).")
    var pplnsAnnouncementConstant: Double?
    @Option(help: "Pool fee, 0 to below 1 (default 0).") var poolFee: Double?
    @Option(help: ArgumentHelp("Address paid the pool fee.", valueName: "address")) var feeAddress: String?
    @Option(help: "Smallest coinbase output, in units of 2^-30 PKT (default 0: none).") var dustLimit: Int?
    @Option(help: ArgumentHelp("Block target of the embedded devnet (default 0x1e0fffff).", valueName: "bits")) var devnetBits: String?

    static let keys: Set<String> = [
        "chain", "data", "payout", "listen", "job_port", "control_port", "ann_target", "share_divisor", "block_fraction",
        "pplns_block_constant", "pplns_announcement_constant", "pool_fee", "fee_address", "dust_limit", "devnet_bits",
    ]

    func run() async throws {
        let s = try common.settings(knownKeys: Self.keys, more: [
            "chain": chain, "data": data, "payout": payout, "listen": listen, "job_port": jobPort.map(String.init),
            "control_port": controlPort.map(String.init), "ann_target": annTarget,
            "share_divisor": shareDivisor.map(String.init), "block_fraction": blockFraction.map { "\($0)" },
            "pplns_block_constant": pplnsBlockConstant.map { "\($0)" },
            "pplns_announcement_constant": pplnsAnnouncementConstant.map { "\($0)" }, "pool_fee": poolFee.map { "\($0)" },
            "fee_address": feeAddress, "dust_limit": dustLimit.map(String.init), "devnet_bits": devnetBits])
        guard let defaultPayout = s.string("payout") else {
            throw ValidationError("a coordinator needs --payout ADDRESS: the operator's address for unfilled windows")
        }
        let directory = s.string("data", default: defaultDataDirectory())
        let lock = try DataDirectoryLock(directory)
        defer { withExtendedLifetime(lock) {} }
        var options = CoordinatorOptions(dataDirectory: directory, defaultPayout: defaultPayout)
        let endpoint = try s.string("chain").map { try ChainEndpoint($0) }
        options.network = try s.network(default: endpoint == nil ? .devnet : .pkt)
        options.listenHost = s.string("listen", default: "127.0.0.1")
        options.jobPort = try s.int("job_port", default: options.jobPort)
        options.controlPort = try s.int("control_port", default: options.controlPort)
        options.announcementBits = try s.string("ann_target").map(Difficulty.parseBits) ?? options.announcementBits
        let divisor = try s.int("share_divisor", default: Int(options.shareDivisor))
        guard (1...1_000_000).contains(divisor) else {
            throw SettingsError.invalidValue("share_divisor", "\(divisor)", "1 to 1000000")
        }
        options.shareDivisor = UInt32(divisor)
        options.payouts.blockFraction = try s.double("block_fraction", default: options.payouts.blockFraction)
        options.payouts.blockConstant = try s.double("pplns_block_constant", default: options.payouts.blockConstant)
        options.payouts.announcementConstant = try s.double("pplns_announcement_constant",
                                                            default: options.payouts.announcementConstant)
        options.payouts.fee = try s.double("pool_fee", default: options.payouts.fee)
        options.payouts.feeAddress = s.string("fee_address")
        options.payouts.dustLimit = Int64(try s.int("dust_limit", default: 0))
        let devnetBits = try s.string("devnet_bits").map(Difficulty.parseBits) ?? 0x1e0f_ffff
        options.security = try LinkSecurity(settings: s)
        if !options.security.encrypted && options.security.clusterSecret == nil {
            options.security.clusterSecret = try ClusterSecret.readOrCreate(ClusterSecret.path(dataDirectory: directory))
        }
        let logger = Logger(label: "pktcluster.coordinator")
        guard let endpoint else {
            try await runWithDevnet(options, settings: s, bits: devnetBits, logger: logger)
            return
        }
        try await run(options, settings: s, chain: ChainClient(endpoint: endpoint, logger: logger), logger: logger)
    }

    /// The coordinator's own HTTP address for metrics (and the dashboard), unless set otherwise.
    static let defaultMetricsListen = "127.0.0.1:7340"

    private func run(_ options: CoordinatorOptions, settings s: Settings, chain: ChainClient, logger: Logger) async throws {
        let coordinator = try Coordinator(options: options, chain: chain, logger: logger)
        let http = try s.metricsEndpoint(options.metrics, default: Self.defaultMetricsListen) { router in
            Dashboard.addRoutes(to: router, coordinator: coordinator)
        }
        print("coordinator: jobs on \(coordinator.jobEndpoint), control on \(coordinator.controlEndpoint), "
              + "\(options.network.rawValue) addresses, unfilled windows pay \(options.payouts.defaultAddress)")
        fflush(nil)
        try await runServices([coordinator] + (http.map { [$0] } ?? []), logger: logger)
    }

    /// The coordinator over a devnet served from this process (kept in DATA/devnet).
    private func runWithDevnet(_ options: CoordinatorOptions, settings s: Settings, bits: UInt32, logger: Logger) async throws {
        var config = DevnetConfig(dataDirectory: (options.dataDirectory as NSString).appendingPathComponent("devnet"))
        config.blockBits = bits
        config.announcementBits = options.announcementBits
        config.rpcPassword = UUID().uuidString
        let server = await DevnetServer(chain: try DevnetChain(config: config), host: "127.0.0.1", port: 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            guard let port = await server.port() else { throw DevnetError.invalidListenAddress("127.0.0.1:0") }
            logger.info("embedded devnet on 127.0.0.1:\(port)")
            let chain = ChainClient(endpoint: ChainEndpoint(host: "127.0.0.1", port: port, user: config.rpcUser,
                                                            password: config.rpcPassword), logger: logger)
            group.addTask { try await self.run(options, settings: s, chain: chain, logger: logger) }
            try await group.next()
            group.cancelAll()
        }
    }
}

func defaultDataDirectory() -> String {
    (NSHomeDirectory() as NSString).appendingPathComponent(".pktcluster")
}

