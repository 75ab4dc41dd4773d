import PKTAddresses
import ArgumentParser
import ClusterCoordinator
import ClusterNode
import Foundation
import PKTChain
import PacketCrypt

/// `pktcluster up`: a whole cluster on this machine.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run a devnet, a coordinator, an aggregator and a worker on this machine, with live progress.",
        discussion: """
            Each role is a separate process; their logs go to DATA/logs. Ctrl-C stops them all. The \
            devnet's chain is kept in DATA/devnet, so the next run continues it.
            """)

    @Option(help: ArgumentHelp("Where the chain, ledger and logs go (default ~/.pktcluster/up).", valueName: "dir"))
    var data: String?
    @Option(help: "Worker mining threads (default: one per core, less one for the aggregator).") var workerThreads: Int?
    @Option(help: "Aggregator block-mining threads.") var aggregatorThreads = 1
    @Option(help: "Address paid for the worker's announcements (default: an address of up's own).") var payout: String?
    @Option(help: "Address paid for the aggregator's shares (default: an address of up's own).") var blockPayout: String?
    @Option(help: "Exit 0 once the chain has grown by this many blocks.") var blocks: Int?

    func validate() throws {
        if let blocks, blocks < 1 { throw ValidationError("--blocks must be 1 or more") }
        if let workerThreads, workerThreads < 1 { throw ValidationError("--worker-threads must be 1 or more") }
        guard aggregatorThreads >= 1 else { throw ValidationError("--aggregator-threads must be 1 or more") }
    }

    func run() async throws {
        let directory = data ?? (defaultDataDirectory() as NSString).appendingPathComponent("up")
        let logs = (directory as NSString).appendingPathComponent("logs")
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let free = Endpoints.freePorts(7)
        let ports = (devnet: free[0], job: free[1], control: free[2], batch: free[3], http: free[4], aggregatorMetrics: free[5],
                     workerMetrics: free[6])
        let password = UUID().uuidString
        let secret = UUID().uuidString
        let addresses = (worker: payout ?? UpAddresses.worker, aggregator: blockPayout ?? UpAddresses.aggregator,
                         operator: UpAddresses.operator)
        for address in [addresses.worker, addresses.aggregator] { _ = try PKTAddress(address, network: .devnet) }
        let roles = RoleProcesses(logDirectory: logs, environment: ["PKTCLUSTER_CLUSTER_SECRET": secret])
        try roles.start("devnet", ["devnet", "--data", (directory as NSString).appendingPathComponent("devnet"),
                                   "--rpc-listen", "127.0.0.1:\(ports.devnet)", "--rpc-password", password])
        let chain = ChainClient(endpoint: ChainEndpoint(host: "127.0.0.1", port: ports.devnet, user: "devnet", password: password),
                                attempts: 20)
        _ = try await chain.blockCount()
        let coordinatorPorts = ["--job-port", "\(ports.job)", "--control-port", "\(ports.control)"]
        let network = ["--network", "devnet"]
        try roles.start("coordinator", ["coordinator", "--data", directory, "--payout", addresses.operator,
                                        "--chain", "http://devnet:\(password)@127.0.0.1:\(ports.devnet)",
                                        "--metrics-listen", "127.0.0.1:\(ports.http)"]
                            + coordinatorPorts + network)
        try roles.start("aggregator", ["aggregator", "--payout", addresses.aggregator, "--listen-port", "\(ports.batch)",
                                       "--threads", "\(aggregatorThreads)", "--validation-threads", "1",
                                       "--metrics-listen", "127.0.0.1:\(ports.aggregatorMetrics)"]
                            + coordinatorPorts + network)
        try roles.start("worker", ["worker", "--payout", addresses.worker, "--threads", "\(workerThreads ?? max(1, cores - 1))",
                                   "--metrics-listen", "127.0.0.1:\(ports.workerMetrics)"]
                            + coordinatorPorts + network)
        print("cluster up: devnet on 127.0.0.1:\(ports.devnet), coordinator on ports \(ports.job)/\(ports.control); logs in \(logs)")
        print("payouts: worker \(addresses.worker), aggregator \(addresses.aggregator), unfilled windows \(addresses.operator)")
        print("dashboard: http://127.0.0.1:\(ports.http)/  metrics: http://127.0.0.1:\(ports.http)/metrics (coordinator), "
              + "http://127.0.0.1:\(ports.aggregatorMetrics)/metrics (aggregator), http://127.0.0.1:\(ports.workerMetrics)/metrics (worker)")
        print("Ctrl-C stops everything.")
        fflush(nil)

        let outcome = try await withThrowingTaskGroup(of: Int32.self) { group in
            group.addTask { await Termination.signal(); return 0 }
            group.addTask { try await roles.firstExit() }
            let control = ControlClient(host: "127.0.0.1", port: ports.control, security: LinkSecurity(clusterSecret: secret))
            group.addTask { try await ClusterProgress(control: control, goal: blocks).run() }
            defer { group.cancelAll() }
            return try await group.next() ?? 0
        }
        print("")
        roles.stopAll()
        if outcome != 0 { throw ExitCode(outcome) }
    }
}

/// The live progress line, from the coordinator's status once a second.
private struct ClusterProgress {
    let control: ControlClient
    let goal: Int?

    /// Returns 0 when the goal is met; runs until cancelled otherwise.
    func run() async throws -> Int32 {
        var startHeight: UInt32?
        var credited = RateMeter()
        while true {
            try await Task.sleep(for: .seconds(1))
            guard let reply = try? await control.request("status", timeout: .seconds(2)), reply.ok,
                  let s = try? JSONDecoder().decode(ClusterStatus.self, from: Data(reply.body.utf8)) else {
                printLine("waiting for the coordinator...")
                continue
            }
            let rate = credited.rate(s.announcementsCredited)
            if startHeight == nil, s.height > 0 || s.job > 0 { startHeight = s.height }
            let paid = s.lastBlock.map { " | last block paid " + $0.outputs.map { Self.short($0.address) }.joined(separator: ", ") } ?? ""
            printLine("height \(s.height) | anns/s \(Int(rate)) | ann hashes/s \(Int(s.announcementHashRate)) | "
                      + "block hashes/s \(Int(s.blockHashRate)) | blocks \(s.blocksAccepted) accepted, \(s.blocksRejected) rejected | "
                      + "stored \(s.announcementsStored)\(paid)")
            if let goal, let start = startHeight, s.height >= start + UInt32(goal) { return 0 }
        }
    }

    /// An address shortened for the progress line.
    private static func short(_ address: String) -> String {
        address.count > 16 ? "\(address.prefix(10))…\(address.suffix(4))" : address
    }

    private func printLine(_ text: String) {
        FileHandle.standardOutput.write(Data(("\r\u{1b}[K" + text).utf8))
    }
}

/// The addresses `up` pays when given none: version-0 witness programs
/// nobody holds a key for, so a devnet's coins are plainly play money.
enum UpAddresses {
    static let worker = address("worker")
    static let aggregator = address("aggregator")
    static let `operator` = address("operator")

    private static func address(_ role: String) -> String {
        SegwitAddress.address(hrp: PKTNetwork.devnet.bech32Prefix, program: Hashes.sha256(Array("pktcluster up \(role)".utf8)))
    }
}
