import ArgumentParser
import ClusterCoordinator
import ClusterMetrics
import ClusterNode
import Devnet
import Foundation
import PacketCrypt

/// `pktcluster bench cluster`: the whole ingest path, end to end, with real
/// processes on this machine.
struct BenchCluster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Replay recorded announcements into a cluster of validators and block miners at a chosen rate.",
        discussion: """
            Starts a coordinator (with an embedded devnet whose blocks are too hard to find, so the \
            chain stays at its genesis), --validators validators, --block-miners block miners and \
            --senders sender processes. Each sender registers as a worker, is placed on a validator \
            by the coordinator like any worker, and sends its share of a recorded stream of real \
            announcements (mined once on the devnet's genesis block and kept in --anns) at --rate / \
            --senders a second. After --warmup seconds it measures for --seconds: announcements \
            validated, credited and acknowledged a second; announcements each block miner stored a \
            second; CPU per role; and names the bottleneck. Logs go to --data (default: a new \
            temporary directory, removed unless --keep).
            """)

    @Option(help: "Validator processes.") var validators = 1
    @Option(help: "Block-miner processes.") var blockMiners = 1
    @Option(help: "Sender processes.") var senders = 2
    @Option(help: "Announcements a second offered, all senders together.") var rate: Double = 2000
    @Option(help: "Seconds measured.") var seconds: Double = 20
    @Option(help: "Seconds of sending before the measurement starts.") var warmup: Double = 5
    @Option(help: "Validation threads per validator.") var validationThreads = 1
    @Option(help: "Block-mining threads per block miner.") var blockMinerThreads = 1
    @Option(help: "Announcement memory per block miner, in MiB.") var memoryMb = 1024
    @Option(help: "Announcements per batch a sender sends (as a worker's batches, 1 to 2048).") var batch = 256
    @Option(help: ArgumentHelp("The recorded stream (default ~/.pktcluster/bench/anns.bin); recorded first if short.",
                               valueName: "file"))
    var anns: String?
    @Option(help: ArgumentHelp("Directory for the roles' data and logs (default: a temporary one).", valueName: "dir"))
    var data: String?
    @Flag(help: "Keep the temporary directory (its logs) afterwards.") var keep = false
    @Flag(help: "Print the result as one JSON object.") var json = false

    /// A block target no block miner here meets, so the chain stays put.
    static let devnetBits: UInt32 = 0x1800_ffff
    /// An easy announcement target: recording costs a few hashes each;
    /// validating costs the same at any target.
    static let announcementBits: UInt32 = 0x207f_ffff

    func validate() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for (flag, value) in [("--validators", validators), ("--block-miners", blockMiners), ("--senders", senders)] where value < 1 {
            throw ValidationError("\(flag) must be 1 or more")
        }
        for (flag, value) in [("--validation-threads", validationThreads), ("--block-miner-threads", blockMinerThreads)]
        where !(1...cores).contains(value) {
            throw ValidationError("\(flag) must be 1 to \(cores) (this machine's cores)")
        }
        guard rate > 0, rate.isFinite else { throw ValidationError("--rate must be above 0") }
        guard seconds >= 2, warmup >= 0 else { throw ValidationError("--seconds must be 2 or more and --warmup 0 or more") }
        guard (1...2048).contains(batch) else { throw ValidationError("--batch must be 1 to 2048") }
        guard memoryMb >= 64 else { throw ValidationError("--memory-mb must be 64 or more") }
    }

    func run() async throws {
        let directory = data ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("pktcluster-bench-\(UUID().uuidString.prefix(8))")
        let logs = (directory as NSString).appendingPathComponent("logs")
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        defer { if data == nil && !keep { try? FileManager.default.removeItem(atPath: directory) } }

        var devnet = DevnetConfig(dataDirectory: "")
        devnet.blockBits = Self.devnetBits
        let genesis = try DevnetChain.genesisHash(config: devnet)
        let stream = RecordedStream(path: anns ?? (defaultDataDirectory() as NSString).appendingPathComponent("bench/anns.bin"),
                                    parent: genesis, workBits: Self.announcementBits)
        let perSender = Int((rate * (warmup + seconds + 10) / Double(senders)).rounded(.up))
        try await stream.extend(to: perSender * senders, threads: ProcessInfo.processInfo.activeProcessorCount)

        let secret = UUID().uuidString
        let roles = RoleProcesses(logDirectory: logs, environment: ["PKTCLUSTER_CLUSTER_SECRET": secret])
        defer { roles.stopAll() }
        // SIGINT or SIGTERM ends the run; the roles are stopped either way.
        let report = try await withThrowingTaskGroup(of: BenchClusterReport?.self) { group in
            group.addTask {
                await Termination.signal()
                throw BenchError("stopped by a signal")
            }
            group.addTask { try await measure(roles: roles, secret: secret, stream: stream, perSender: perSender, directory: directory) }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        if let report {
            print(json ? String(decoding: try JSONEncoder().encode(report), as: UTF8.self) : report.text)
        }
        if data != nil || keep { say("logs in \(logs)") }
    }

    /// Starts the cluster and its senders, waits for credits, then measures.
    private func measure(roles: RoleProcesses, secret: String, stream: RecordedStream, perSender: Int,
                         directory: String) async throws -> BenchClusterReport {
        // Two coordinator ports, then a batch and a feed port for each validator and block miner.
        let free = Endpoints.freePorts(2 + 2 * (validators + blockMiners))
        let control = ControlClient(host: "127.0.0.1", port: free[1], security: LinkSecurity(clusterSecret: secret))
        let ports = ["--job-port", "\(free[0])", "--control-port", "\(free[1])"]
        try startRoles(roles, cluster: ports + ["--network", "devnet"], directory: directory, nodePorts: Array(free.dropFirst(2)))
        try await waitForRoles(control, roles: roles)

        let senderProgress = SenderProgress()
        for index in 0..<senders {
            let pipe = Pipe()
            senderProgress.read(pipe, sender: index)
            try roles.start("sender-\(index)", [
                "bench", "replay", "--anns", stream.path, "--first", "\(index * perSender)", "--count", "\(perSender)",
                "--rate", "\(rate / Double(senders))", "--batch", "\(batch)", "--name", "sender-\(index)",
                "--payout", UpAddresses.worker] + ports, output: pipe)
        }
        try await senderProgress.waitUntilAllAccepted(senders, roles: roles)
        say("all \(senders) senders credited; warming up for \(Int(warmup)) s, then measuring for \(Int(seconds)) s")
        try await Task.sleep(for: .seconds(warmup))

        let start = try await Snapshot.take(roles: roles, senders: senderProgress, control: control)
        try await Task.sleep(for: .seconds(seconds))
        let end = try await Snapshot.take(roles: roles, senders: senderProgress, control: control)
        return BenchClusterReport(
            start: start, end: end, offered: rate, setup: .init(validators: validators, blockMiners: blockMiners, senders: senders,
                                                                 validationThreads: validationThreads,
                                                                 blockMinerThreads: blockMinerThreads, batch: batch))
    }

    /// - Parameter nodePorts: a batch and a feed port for each validator, then for each block miner.
    private func startRoles(_ roles: RoleProcesses, cluster: [String], directory: String, nodePorts: [Int]) throws {
        try roles.start("coordinator", [
            "coordinator", "--data", directory, "--payout", UpAddresses.operator, "--metrics-listen", "off",
            "--devnet-bits", Difficulty.formatBits(Self.devnetBits), "--ann-target", Difficulty.formatBits(Self.announcementBits),
        ] + cluster)
        for index in 0..<validators {
            try roles.start("validator-\(index)", [
                "validator", "--name", "validator-\(index)", "--payout", UpAddresses.aggregator,
                "--listen-port", "\(nodePorts[2 * index])", "--feed-port", "\(nodePorts[2 * index + 1])",
                "--validation-threads", "\(validationThreads)", "--threads", "1",
            ] + cluster)
        }
        for index in 0..<blockMiners {
            try roles.start("blockminer-\(index)", [
                "blockminer", "--name", "blockminer-\(index)", "--payout", UpAddresses.aggregator,
                "--listen-port", "\(nodePorts[2 * (validators + index)])", "--feed-port", "\(nodePorts[2 * (validators + index) + 1])",
                "--threads", "\(blockMinerThreads)", "--validation-threads", "1", "--memory-mb", "\(memoryMb)",
            ] + cluster)
        }
    }

    /// Waits (up to a minute) for every validator and block miner to be registered.
    private func waitForRoles(_ control: ControlClient, roles: RoleProcesses) async throws {
        for _ in 0..<120 {
            if let exited = roles.exited() { throw BenchError(exited) }
            if let nodes = try? await Snapshot.nodes(control),
               nodes.filter({ $0.role == "validator" }).count == validators,
               nodes.filter({ $0.role == "blockminer" }).count == blockMiners {
                return
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw BenchError("the validators and block miners did not all reach the coordinator within a minute; see \(roles.logPath("coordinator"))")
    }

    private func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// `pktcluster bench replay`: one sender process of `bench cluster`.
struct BenchReplay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Send part of a recorded stream to a cluster at a fixed rate (a sender of bench cluster).",
        shouldDisplay: false)

    @Option(help: "The recorded stream.") var anns: String
    @Option(help: "First announcement of this sender's part.") var first: Int
    @Option(help: "Announcements in this sender's part.") var count: Int
    @Option(help: "Announcements a second.") var rate: Double
    @Option(help: "Announcements per batch.") var batch: Int
    @Option(help: "Name shown in status.") var name: String
    @Option(help: "Payout address it registers with.") var payout: String
    @Option(help: "Coordinator host.") var coordinator = "127.0.0.1"
    @Option(help: "Coordinator job port.") var jobPort: Int
    @Option(help: "Coordinator control port.") var controlPort: Int

    func run() async throws {
        let part = try RecordedStream.read(anns, first: first, count: count)
        let secret = ProcessInfo.processInfo.environment["PKTCLUSTER_CLUSTER_SECRET"]
        let replay = try AnnouncementReplay(
            announcements: part, batchSize: batch, rate: rate, name: name, payout: payout, coordinator: coordinator,
            jobPort: jobPort, controlPort: controlPort, security: LinkSecurity(clusterSecret: secret))
        try await replay.run()
    }
}
