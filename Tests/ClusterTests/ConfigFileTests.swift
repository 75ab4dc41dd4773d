import PKTAddresses
import ClusterNode
import Foundation
import PKTChain
import Testing

/// The example configs in cluster-config/ use only keys their role knows:
/// each gets as far as its (placeholder) CURVE key.
@Suite(.enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct ConfigFileTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("cluster-config")

    /// Runs the binary; returns its exit status and standard error.
    func run(_ arguments: [String], environment: [String: String]? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = LocalCluster.binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test(arguments: ["coordinator", "aggregator", "worker"])
    func exampleConfigParses(role: String) throws {
        let (status, message) = try run([role, "--config", Self.directory.appendingPathComponent("\(role).toml").path])
        #expect(status == 2)
        #expect(message.contains("CURVE key"), "\(message)")
        #expect(!message.contains("unknown key"))
    }

    @Test func anUnknownKeyIsAnError() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).toml")
        try "payout = \"pkt1qx\"\nthreds = 4\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, message) = try run(["worker", "--config", file.path])
        #expect(status == 2)
        #expect(message.contains("unknown key threds"))
    }

    /// Payout addresses as pktd reads them: garbage and another network's
    /// refused in one line, pktd's base58 form accepted.
    @Test func workerPayoutAddresses() throws {
        let (status, message) = try run(["worker", "--payout", "foo", "--coordinator", "127.0.0.1"], environment: [:])
        #expect(status == 2)
        #expect(message.contains("foo") && message.split(separator: "\n").count == 1, "\(message)")
        let testnet = SegwitAddress.address(hrp: PKTNetwork.pkttest.bech32Prefix, program: [UInt8](repeating: 3, count: 20))
        let (wrongStatus, wrongMessage) = try run(["worker", "--payout", testnet, "--network", "pkt"], environment: [:])
        #expect(wrongStatus == 2)
        #expect(wrongMessage.contains(testnet), "\(wrongMessage)")
        let base58 = try PKTAddress(script: [0x76, 0xa9, 0x14] + [UInt8](repeating: 9, count: 20) + [0x88, 0xac], network: .pkt)
        #expect(!base58.text.hasPrefix("pkt1"))
        // A base58 address passes the check: the worker runs (until its time is up) instead of exiting with status 2.
        let process = Process()
        process.executableURL = LocalCluster.binary
        process.arguments = ["worker", "--payout", base58.text, "--network", "pkt", "--threads", "1",
                             "--control-port", "\(Endpoints.freePort())", "--job-port", "\(Endpoints.freePort())"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 2)
        #expect(process.isRunning)
        process.terminate()
        process.waitUntilExit()
    }

    /// A data directory holds a lock: a second devnet or coordinator on it
    /// refuses to start with one line naming the holder.
    @Test func aDataDirectoryHasOneHolder() async throws {
        let cluster = LocalCluster()
        defer { cluster.tearDown() }
        try await cluster.startDevnet()
        let devnetDirectory = (cluster.directory as NSString).appendingPathComponent("devnet")
        let (devnetStatus, devnetMessage) = try run(["devnet", "--data", devnetDirectory, "--rpc-listen", "127.0.0.1:0"])
        #expect(devnetStatus == 2)
        #expect(devnetMessage.contains("in use by another pktcluster (process "), "\(devnetMessage)")
        try cluster.startCoordinator()
        try await Task.sleep(for: .seconds(2))
        let (status, message) = try run(["coordinator", "--data", cluster.directory, "--payout", LocalCluster.operatorPayout,
                                         "--job-port", "\(Endpoints.freePort())", "--control-port", "\(Endpoints.freePort())"])
        #expect(status == 2)
        #expect(message.contains("in use by another pktcluster") && message.split(separator: "\n").count == 1, "\(message)")
    }

    /// A chain that refuses the coordinator's RPC password: said once, non-zero exit.
    @Test func aRefusedChainPasswordStopsTheCoordinator() async throws {
        let cluster = LocalCluster()
        defer { cluster.tearDown() }
        try await cluster.startDevnet()
        let (status, message) = try run([
            "coordinator", "--data", cluster.directory, "--payout", LocalCluster.operatorPayout, "--network", "devnet",
            "--chain", "http://devnet:wrong@127.0.0.1:\(cluster.ports.devnet)",
            "--job-port", "\(Endpoints.freePort())", "--control-port", "\(Endpoints.freePort())",
        ], environment: ["PKTCLUSTER_CLUSTER_SECRET": cluster.secret])
        #expect(status != 0)
        #expect(message.contains("HTTP 401") && message.components(separatedBy: "401").count == 2, "\(message)")
    }

    /// A port in use is one line naming the address and a non-zero exit, for the devnet's RPC and for metrics.
    @Test func aPortInUseIsOneLineAndAnError() throws {
        let busy = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(busy) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(busy, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(busy, 1)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(busy, $0, &length) } }
        let port = Int(UInt16(bigEndian: bound.sin_port))
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("busy-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        for arguments in [
            ["devnet", "--data", data, "--rpc-listen", "127.0.0.1:\(port)"],
            ["worker", "--payout", TestAddresses.make("busy"), "--network", "devnet", "--threads", "1",
             "--metrics-listen", "127.0.0.1:\(port)", "--job-port", "\(Endpoints.freePort())", "--control-port", "\(Endpoints.freePort())"],
        ] {
            let (status, message) = try run(arguments, environment: [:])
            #expect(status != 0, "\(arguments[0])")
            #expect(message.split(separator: "\n").count == 1 && message.contains("127.0.0.1:\(port)")
                    && message.contains("in use"), "\(arguments[0]): \(message)")
        }
    }

    /// A worker with no coordinator says so, and with a patience gives up with a non-zero exit.
    @Test func aWorkerWithNoCoordinatorGivesUp() throws {
        let started = Date()
        let (status, message) = try run([
            "worker", "--payout", TestAddresses.make("lonely"), "--network", "devnet", "--threads", "1", "--patience", "4",
            "--job-port", "\(Endpoints.freePort())", "--control-port", "\(Endpoints.freePort())",
        ], environment: [:])
        #expect(status != 0)
        #expect(message.contains("gave up after") && message.contains("no answer from the coordinator"), "\(message)")
        #expect(Date().timeIntervalSince(started) < 30)
        let (minerStatus, minerMessage) = try run([
            "blockminer", "--payout", TestAddresses.make("lonely miner"), "--network", "devnet", "--threads", "1",
            "--patience", "4", "--job-port", "\(Endpoints.freePort())", "--control-port", "\(Endpoints.freePort())",
        ], environment: ["PKTCLUSTER_CLUSTER_SECRET": "s"])
        #expect(minerStatus != 0)
        #expect(minerMessage.contains("gave up after") && minerMessage.contains("no answer from the coordinator"), "\(minerMessage)")
    }

    @Test func aWorkerNeedsAPayoutAddress() throws {
        let (status, message) = try run(["worker", "--coordinator", "127.0.0.1"], environment: [:])
        #expect(status == 2)
        #expect(message.contains("--payout"))
    }
}
