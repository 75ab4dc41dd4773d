import ArgumentParser
import ClusterCoordinator
import ClusterNode
import Foundation

/// Where the CLI finds the coordinator.
struct ControlOptions: ParsableArguments {
    @Option(help: "Coordinator host.") var coordinator = "127.0.0.1"
    @Option(help: "Coordinator control port.") var controlPort = Endpoints.controlPort
    @Option(help: ArgumentHelp("This client's CURVE secret key, when the cluster uses keys.", valueName: "key"))
    var curveSecretKey: String?
    @Option(help: ArgumentHelp("The coordinator's CURVE public key.", valueName: "key")) var coordinatorKey: String?

    func client() throws -> ControlClient {
        let settings = try Settings(file: nil, knownKeys: LinkSecurity.settingKeys, flags: [
            "curve_secret_key": curveSecretKey, "coordinator_key": coordinatorKey,
        ].compactMapValues { $0 })
        return ControlClient(host: coordinator, port: controlPort, security: try LinkSecurity(settings: settings))
    }

    func call(_ name: String, _ arguments: String = "{}") async throws -> String {
        let reply = try await client().request(name, arguments: arguments)
        guard reply.ok else { throw ControlError.refused(reply.body) }
        return reply.body
    }
}

/// `pktcluster status`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the cluster's state: chain, nodes, rates, blocks, credits.")
    @OptionGroup var control: ControlOptions
    @Flag(help: "Print the coordinator's JSON.") var json = false

    func run() async throws {
        let body = try await control.call("status")
        if json { print(body); return }
        let s = try JSONDecoder().decode(ClusterStatus.self, from: Data(body.utf8))
        print("height \(s.height)  tip \(s.tip)")
        print("workers \(s.workers)  aggregators \(s.aggregators)")
        print("announcement hashes/s \(Int(s.announcementHashRate))  block hashes/s \(Int(s.blockHashRate))")
        print("announcements credited \(s.announcementsCredited)  stored \(s.announcementsStored)")
        print("blocks accepted \(s.blocksAccepted)  rejected \(s.blocksRejected)  shares \(s.shares)")
        for (payout, total) in s.creditsByPayout.sorted(by: { $0.key < $1.key }) { print("  \(payout): \(total)") }
    }
}

/// `pktcluster workers`.
struct WorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "workers", abstract: "List the registered nodes.")
    @OptionGroup var control: ControlOptions

    func run() async throws {
        let rows = try JSONDecoder().decode([NodeSummary].self, from: Data(try await control.call("workers").utf8))
        for r in rows {
            print("\(r.id)  \(r.role)  \(r.name)  threads \(r.threads)  hashes/s \(Int(r.hashRate + r.blockHashRate))  pending \(r.pendingBatches)  \(r.payout)")
        }
    }
}

/// `pktcluster scale`.
struct ScaleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale", abstract: "Set the mining threads of one worker, or of all.")
    @OptionGroup var control: ControlOptions
    @Option(help: "Threads per worker.") var threads: Int
    @Option(help: "Only this node (id from `workers`).") var node: String?

    func validate() throws {
        guard threads >= 1 && threads <= 1024 else { throw ValidationError("--threads must be 1 to 1024") }
    }

    func run() async throws {
        let target = node.map { #","node":"\#($0)""# } ?? ""
        print(try await control.call("scale", #"{"threads":\#(threads)\#(target)}"#))
    }
}

/// `pktcluster drain`.
struct DrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain", abstract: "Have a worker stop taking work, flush its batches and exit.")
    @OptionGroup var control: ControlOptions
    @Argument(help: "Node id (from `workers`).") var node: String

    func run() async throws { print(try await control.call("drain", #"{"node":"\#(node)"}"#)) }
}
