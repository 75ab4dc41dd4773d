import ArgumentParser
import ClusterCoordinator
import ClusterNode
import Foundation

/// Where the CLI finds the coordinator, and the operator identity it presents.
struct ControlOptions: ParsableArguments {
    @Option(help: "Coordinator host.") var coordinator = "127.0.0.1"
    @Option(help: "Coordinator control port.") var controlPort = Endpoints.controlPort
    @Option(help: ArgumentHelp("This operator's CURVE secret key, when the cluster uses keys.", valueName: "key"))
    var curveSecretKey: String?
    @Option(help: ArgumentHelp("The coordinator's CURVE public key.", valueName: "key")) var coordinatorKey: String?
    @Option(help: ArgumentHelp("""
        Without keys: the cluster secret (default: PKTCLUSTER_CLUSTER_SECRET, or ~/.pktcluster/cluster-secret).
        """, valueName: "secret"))
    var clusterSecret: String?

    func client() throws -> ControlClient {
        let settings = try Settings(file: nil, knownKeys: LinkSecurity.settingKeys, flags: [
            "curve_secret_key": curveSecretKey, "coordinator_key": coordinatorKey, "cluster_secret": clusterSecret,
        ].compactMapValues { $0 })
        let security = try settings.linkSecurity(secretFile: ClusterSecret.path(dataDirectory: defaultDataDirectory()))
        return ControlClient(host: coordinator, port: controlPort, security: security)
    }

    /// Runs a command; its reply body (JSON), or a one-line error.
    func call(_ name: String, _ arguments: some Encodable = [String: String]()) async throws -> Data {
        let text = String(decoding: try JSONEncoder().encode(arguments), as: UTF8.self)
        let reply = try await client().request(name, arguments: text)
        guard reply.ok else {
            let failure = try? JSONDecoder().decode(CommandFailure.self, from: Data(reply.body.utf8))
            throw ControlError.refused(failure?.error ?? reply.body)
        }
        return Data(reply.body.utf8)
    }
}

/// `pktcluster status`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the cluster's state: chain, nodes, rates, blocks, credits, refusals.")
    @OptionGroup var control: ControlOptions
    @Flag(help: "Print the coordinator's JSON.") var json = false

    func run() async throws {
        let body = try await control.call("status")
        if json { print(String(decoding: body, as: UTF8.self)); return }
        let s = try JSONDecoder().decode(ClusterStatus.self, from: body)
        print("height \(s.height)  tip \(s.tip)")
        print("workers \(s.workers)  aggregators \(s.aggregators)  validators \(s.validators)  block miners \(s.blockMiners)")
        print("announcement hashes/s \(Int(s.announcementHashRate))  block hashes/s \(Int(s.blockHashRate))")
        print("announcements credited \(s.announcementsCredited) (\(s.announcementWork) blocks of work)  stored \(s.announcementsStored)")
        print("blocks accepted \(s.blocksAccepted)  rejected \(s.blocksRejected)  shares \(s.shares)")
        let b = s.bandwidth
        print("bandwidth Mb/s: workers' uplink \(b.workersUplink.rounded(places: 2))  validators' ingest "
              + "\(b.validatorsIngest.rounded(places: 2))  block miners' ingest \(b.blockMinersIngest.rounded(places: 2))  "
              + "goodrate \(Int((b.goodrate * 100).rounded()))%")
        if let block = s.lastBlock {
            print("last block \(block.height) paid: " + block.outputs.map { "\($0.address) \(PKTUnits.format($0.units))" }.joined(separator: ", "))
        }
        for (reason, count) in s.refusals.sorted(by: { $0.key < $1.key }) { print("refused \(count)×: \(reason)") }
    }
}

/// `pktcluster workers`.
struct WorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers", abstract: "List the registered nodes (ids as drain and scale take them).")
    @OptionGroup var control: ControlOptions
    @Flag(help: """
        Print JSON: id, role, name, payout, threads, rates, pending batches, announcements stored and, \
        for workers, the validator they send to.
        """) var json = false

    func run() async throws {
        let body = try await control.call("workers")
        if json { print(String(decoding: body, as: UTF8.self)); return }
        for r in try JSONDecoder().decode([NodeSummary].self, from: body) {
            let goodrate = r.role == "worker" ? "  goodrate \(Int((r.goodrate * 100).rounded()))%" : ""
            print("\(r.id)  \(r.role)  \(r.name)  threads \(r.threads)  hashes/s \(Int(r.hashRate + r.blockHashRate))  "
                  + "Mb/s \(r.megabitsPerSecond.rounded(places: 2))\(goodrate)  "
                  + "pending \(r.pendingBatches)  stored \(r.announcementsStored)  \(r.payout)"
                  + (r.validator.isEmpty ? "" : "  → \(r.validator.prefix(12))"))
        }
    }
}

/// `pktcluster scale`.
struct ScaleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale", abstract: "Set the mining threads of one node (capped at its cores).")
    @OptionGroup var control: ControlOptions
    @Option(help: "Threads (1 to 1024).") var threads: Int
    @Option(help: "The node: its id or a unique id prefix, from `workers`.") var node: String
    @Flag(help: "Print the coordinator's JSON.") var json = false

    func validate() throws {
        guard (1...CoordinatorOptions.maxThreads).contains(threads) else {
            throw ValidationError("--threads must be 1 to \(CoordinatorOptions.maxThreads)")
        }
    }

    func run() async throws {
        let body = try await control.call("scale", ReconfigureRequest(node: node, threads: threads))
        print(json ? String(decoding: body, as: UTF8.self) : try JSONDecoder().decode(CommandDone.self, from: body).done)
    }
}

/// `pktcluster drain`.
struct DrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain", abstract: "Have a node stop taking work, flush what it holds and exit.")
    @OptionGroup var control: ControlOptions
    @Argument(help: "The node: its id or a unique id prefix, from `workers`.") var node: String
    @Flag(help: "Print the coordinator's JSON.") var json = false

    func run() async throws {
        let body = try await control.call("drain", ReconfigureRequest(node: node, threads: nil))
        print(json ? String(decoding: body, as: UTF8.self) : try JSONDecoder().decode(CommandDone.self, from: body).done)
    }
}

/// The arguments of `scale` and `drain`.
struct ReconfigureRequest: Encodable {
    var node: String
    var threads: Int?
}

/// PKT amounts for people.
enum PKTUnits {
    /// Units (2^-30 PKT) as PKT with 9 decimals.
    static func format(_ units: Int64) -> String {
        String(format: "%.9f PKT", Double(units) / Double(1 << 30))
    }
}
