import PKTAddresses
import ClusterCoordinator
import ClusterNode
import Foundation
import PKTChain
import PacketCrypt

/// Cluster roles run as real `pktcluster` processes, for tests: on loopback,
/// or each on its own host (network namespace) when `hosts` is given.
final class LocalCluster: @unchecked Sendable {
    static let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("pktcluster")
    static var available: Bool { FileManager.default.fileExists(atPath: binary.path) }
    /// A devnet target that gives blocks within seconds, to keep tests short.
    static let fastBlockBits = "0x1f0fffff"

    let directory: String
    let ports = { (free: [Int]) in (devnet: free[0], job: free[1], control: free[2], batch: free[3], metrics: free[4]) }(
        Endpoints.freePorts(5))
    let password = "test-\(UUID().uuidString.prefix(8))"
    /// The cluster secret every role and the CLI present (plain links).
    let secret = "secret-\(UUID().uuidString)"
    /// The coordinator's address for unfilled windows.
    static let operatorPayout = TestAddresses.make("operator")
    private(set) var processes: [String: Process] = [:]
    /// How each role was started, to start it again.
    private var launches: [String: (arguments: [String], environment: [String: String], host: String?)] = [:]
    /// One network namespace per host name, when roles run apart.
    let hosts: NetworkNamespaces?
    /// The devnet and coordinator's host (in `hosts`).
    static let coordinatorHost = "coord"

    init(hosts: NetworkNamespaces? = nil) {
        self.hosts = hosts
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    var chain: ChainClient {
        ChainClient(endpoint: ChainEndpoint(host: coordinatorAddress, port: ports.devnet, user: "devnet", password: password),
                    attempts: 20)
    }

    /// Where the coordinator (and the devnet) listen.
    var coordinatorAddress: String { hosts?.address(Self.coordinatorHost) ?? "127.0.0.1" }

    /// What every role needs to find the coordinator: on other hosts, its
    /// address and plain links off loopback (`--insecure`).
    var coordinatorPorts: [String] {
        portArguments + (hosts == nil ? [] : ["--coordinator", coordinatorAddress, "--insecure"])
    }

    private var portArguments: [String] { ["--job-port", "\(ports.job)", "--control-port", "\(ports.control)"] }

    /// The address a role on `host` listens on and advertises.
    func listenArguments(_ host: String?) -> [String] {
        guard let hosts, let host else { return [] }
        return ["--listen", hosts.address(host)]
    }

    /// Starts a role under `name` (its output goes to DIRECTORY/NAME.log),
    /// on `host` when the cluster has hosts.
    func start(_ name: String, _ arguments: [String], environment: [String: String] = [:], host: String? = nil) throws {
        let process = Process()
        if let hosts, let host {
            process.executableURL = URL(fileURLWithPath: NetworkNamespaces.ip)
            process.arguments = ["netns", "exec", hosts.namespace(host), Self.binary.path] + arguments
        } else {
            process.executableURL = Self.binary
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env["PKTCLUSTER_CLUSTER_SECRET"] = secret
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let path = (directory as NSString).appendingPathComponent("\(name).log")
        FileManager.default.createFile(atPath: path, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        processes[name] = process
        launches[name] = (arguments, environment, host)
    }

    func startDevnet() async throws {
        try start("devnet", ["devnet", "--data", (directory as NSString).appendingPathComponent("devnet"),
                             "--rpc-listen", "\(coordinatorAddress):\(ports.devnet)", "--rpc-password", password,
                             "--block-bits", Self.fastBlockBits], host: Self.coordinatorHost)
        _ = try await chain.blockCount()
    }

    func startCoordinator(extra: [String] = []) throws {
        let listen = hosts == nil ? [] : ["--listen", coordinatorAddress, "--insecure"]
        try start("coordinator", ["coordinator", "--data", directory, "--payout", Self.operatorPayout, "--network", "devnet",
                                  "--chain", "http://devnet:\(password)@\(coordinatorAddress):\(ports.devnet)"]
                      + portArguments + listen + ["--metrics-listen", "\(coordinatorAddress):\(ports.metrics)"] + extra,
                  host: Self.coordinatorHost)
    }

    func startAggregator(_ name: String = "aggregator", port: Int? = nil, payout: String = TestAddresses.make("aggregator"),
                         extra: [String] = []) throws {
        try start(name, ["aggregator", "--payout", payout, "--network", "devnet", "--listen-port", "\(port ?? ports.batch)",
                         "--threads", "1", "--validation-threads", "1", "--name", name] + coordinatorPorts + extra)
    }

    /// Waits up to `seconds` for a role's process to exit; its status, or nil if it still runs.
    func exitStatus(_ name: String, within seconds: Double) async throws -> Int32? {
        guard let process = processes[name] else { return nil }
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
        guard !process.isRunning else { return nil }
        processes[name] = nil
        return process.terminationStatus
    }

    func startWorker(_ name: String, payout: String, extra: [String] = []) throws {
        try start(name, ["worker", "--payout", payout, "--network", "devnet", "--threads", "1", "--name", name]
                      + coordinatorPorts + extra)
    }

    /// The operator's link security on this cluster's plain links.
    var operatorSecurity: LinkSecurity { LinkSecurity(clusterSecret: secret) }

    var ledgerPath: String { (directory as NSString).appendingPathComponent("ledger.sqlite") }

    /// Sends SIGKILL (no chance to clean up) or SIGTERM to a role and waits for it.
    func stop(_ name: String, kill hard: Bool = false) {
        guard let process = processes.removeValue(forKey: name) else { return }
        if hard { kill(process.processIdentifier, SIGKILL) } else { process.terminate() }
        process.waitUntilExit()
    }

    /// Starts a role again as it was first started (after `stop`).
    func restart(_ name: String) throws {
        guard let launch = launches[name] else { return }
        try start(name, launch.arguments, environment: launch.environment, host: launch.host)
    }

    func stopAll() {
        for name in processes.keys { stop(name) }
    }

    func status(security: LinkSecurity? = nil) async throws -> ClusterStatus? {
        let control = ControlClient(host: coordinatorAddress, port: ports.control, security: security ?? operatorSecurity)
        guard let reply = try? await control.request("status", timeout: .seconds(5)), reply.ok else { return nil }
        return try JSONDecoder().decode(ClusterStatus.self, from: Data(reply.body.utf8))
    }

    func payouts() async throws -> PayoutReport? {
        let control = ControlClient(host: coordinatorAddress, port: ports.control, security: operatorSecurity)
        guard let reply = try? await control.request("payouts", timeout: .seconds(5)), reply.ok else { return nil }
        return try JSONDecoder().decode(PayoutReport.self, from: Data(reply.body.utf8))
    }

    func workers(security: LinkSecurity? = nil) async throws -> [NodeSummary] {
        let control = ControlClient(host: coordinatorAddress, port: ports.control, security: security ?? operatorSecurity)
        let reply = try await control.request("workers", timeout: .seconds(10))
        return try JSONDecoder().decode([NodeSummary].self, from: Data(reply.body.utf8))
    }

    /// Polls `status` until `condition` holds; returns the status, or nil at the deadline.
    func waitFor(_ what: String, seconds: Double, security: LinkSecurity? = nil,
                 _ condition: (ClusterStatus) -> Bool) async throws -> ClusterStatus? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let status = try await status(security: security), condition(status) { return status }
            try await Task.sleep(for: .milliseconds(500))
        }
        return nil
    }

    func log(_ name: String) -> String {
        (try? String(contentsOfFile: (directory as NSString).appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// Stops every role and removes the directory.
    func tearDown() {
        stopAll()
        remove()
    }

    /// A devnet, a coordinator and an aggregator named `aggregator`, started
    /// on loopback; torn down again if one of them fails to start.
    static func withAggregator() async throws -> LocalCluster {
        let cluster = LocalCluster()
        do {
            try await cluster.startDevnet()
            try cluster.startCoordinator()
            try cluster.startAggregator()
            return cluster
        } catch {
            cluster.tearDown()
            throw error
        }
    }
}

/// Valid devnet (pkt1…) payout addresses for tests, one per name.
enum TestAddresses {
    static func make(_ name: String) -> String {
        SegwitAddress.address(hrp: PKTNetwork.devnet.bech32Prefix, program: Hashes.sha256(Array("test \(name)".utf8)))
    }
}
