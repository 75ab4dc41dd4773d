import ClusterProtocol
import Foundation

/// Control commands: from operator identities only.
extension Coordinator {
    func answer(_ command: Command, from peer: Peer) async -> ClusterMessage? {
        guard peer.role == .control else {
            refusals["Command: not an operator", default: 0] += 1
            return reply(command, ok: false, CommandFailure(error: "only operator identities may run commands"))
        }
        do {
            switch command.name {
            case "status": return reply(command, ok: true, try await status())
            case "workers": return reply(command, ok: true, await nodeSummaries())
            case "payouts": return reply(command, ok: true, try payouts())
            case "scale", "drain": return reply(command, ok: true, try await reconfigure(command))
            default: return reply(command, ok: false, CommandFailure(error: "unknown command \(command.name)"))
            }
        } catch {
            return reply(command, ok: false, CommandFailure(error: "\(error)"))
        }
    }

    private func reply(_ command: Command, ok: Bool, _ body: some Encodable) -> ClusterMessage? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(body),
              let reply = try? CommandReply(id: command.id, ok: ok, body: String(decoding: data, as: UTF8.self)) else {
            return nil
        }
        return .commandReply(reply)
    }

    /// The cluster as `status` reports it.
    public func status() async throws -> ClusterStatus {
        let nodes = await registry.all
        let aggregators = nodes.filter { $0.registration.role.identity == .aggregator }
        let totals = try ledger.announcementTotals()
        let blocks = try ledger.blockCounts()
        let lastBlock = try ledger.paidBlocks(limit: 1).first
        return ClusterStatus(
            height: tipHeight, tip: tip, job: await jobs.current?.id ?? 0,
            workers: nodes.filter { $0.registration.role == .worker }.count,
            aggregators: aggregators.filter { $0.registration.role == .aggregator }.count,
            validators: nodes.filter { $0.registration.role == .validator }.count,
            blockMiners: nodes.filter { $0.registration.role == .blockMiner }.count,
            announcementHashRate: nodes.reduce(0) { $0 + ($1.stats?.hashesPerSecond ?? 0) },
            blockHashRate: aggregators.reduce(0) { $0 + ($1.stats?.blockHashesPerSecond ?? 0) },
            announcementsCredited: totals.accepted, announcementWork: totals.work,
            announcementsStored: aggregators.reduce(0) { $0 + ($1.stats?.announcementsStored ?? 0) },
            shares: try ledger.shareCount(), blocksAccepted: blocks.accepted, blocksRejected: blocks.rejected,
            malformedFrames: malformed.count, refusals: refusals, lastBlock: lastBlock,
            bandwidth: Bandwidth(nodes))
    }

    /// Every registered node, as `workers` lists them.
    public func nodeSummaries() async -> [NodeSummary] {
        let assignments = await registry.assignments
        return await registry.all.map { node in
            NodeSummary(id: node.registration.node.hex, role: node.registration.role.name,
                        name: node.registration.name, payout: node.registration.payoutAddress,
                        threads: Int(node.stats?.threads ?? node.registration.threads),
                        hashRate: node.stats?.hashesPerSecond ?? 0, blockHashRate: node.stats?.blockHashesPerSecond ?? 0,
                        pendingBatches: Int(node.stats?.batchesPending ?? 0),
                        announcementsAccepted: node.stats?.announcementsAccepted ?? 0,
                        announcementsStored: node.stats?.announcementsStored ?? 0,
                        validator: assignments[node.registration.node]?.hex ?? "",
                        megabitsPerSecond: (node.stats?.bytesPerSecond ?? 0) * 8 / 1e6,
                        goodrate: node.registration.role == .worker ? node.stats.map(Bandwidth.goodrate) ?? 0 : 0)
        }
    }

    /// What each address earned and what recent blocks paid, as `payouts` reports it.
    public func payouts() throws -> PayoutReport {
        PayoutReport(policy: options.payouts, addresses: try ledger.payoutReport(policy: options.payouts), blocks: try ledger.paidBlocks(limit: 10))
    }

    /// `scale {"threads": N, "node": "id"}` and `drain {"node": "id"}`: one
    /// named node (an id or unique id prefix, as `workers` prints it).
    private func reconfigure(_ command: Command) async throws -> CommandDone {
        let arguments = try JSONDecoder().decode(ReconfigureArguments.self, from: Data(command.arguments.utf8))
        let node = try await registry.node(matching: arguments.node ?? "")
        let id = node.registration.node
        let change: Reconfigure
        let text: String
        if command.name == "drain" {
            change = Reconfigure(target: id, drain: true)
            if node.registration.role.validates {
                await registry.markDraining(id)
                await assignWork()
            }
            text = "told \(node.registration.role) \(node.registration.name) (\(id.hex)) to drain"
        } else {
            guard let threads = arguments.threads, (1...CoordinatorOptions.maxThreads).contains(threads) else {
                throw ReconfigureError.threads(CoordinatorOptions.maxThreads)
            }
            change = Reconfigure(target: id, threads: UInt16(threads))
            text = "told \(node.registration.role) \(node.registration.name) (\(id.hex)) to run \(threads) threads"
        }
        try publisher.send([ClusterMessage.topicControl, ClusterMessage.reconfigure(change).encode()])
        return CommandDone(done: text, node: id.hex)
    }
}

/// A control command's arguments out of range.
enum ReconfigureError: Error, CustomStringConvertible {
    case threads(Int)

    var description: String {
        switch self {
        case .threads(let max): "threads must be 1 to \(max) (a node also caps them at its cores)"
        }
    }
}

/// The coordinator's answer to `status`.
public struct ClusterStatus: Codable, Sendable {
    public var height: UInt32
    public var tip: String
    public var job: UInt64
    public var workers: Int
    public var aggregators: Int
    public var validators: Int
    public var blockMiners: Int
    public var announcementHashRate: Double
    public var blockHashRate: Double
    public var announcementsCredited: UInt64
    /// Credited announcement work, in blocks.
    public var announcementWork: Double
    public var announcementsStored: UInt64
    public var shares: Int
    public var blocksAccepted: Int
    public var blocksRejected: Int
    public var malformedFrames: Int
    /// Messages refused, by type and reason.
    public var refusals: [String: Int]
    /// The newest accepted block and what it paid.
    public var lastBlock: PaidBlock?
    public var bandwidth: Bandwidth
}

/// Where the bandwidth goes, from the nodes' last heartbeats (megabits per second).
public struct Bandwidth: Codable, Sendable {
    /// Workers' uplink to validators, frames and resends included.
    public var workersUplink: Double
    /// What validators (and aggregators) take in from workers.
    public var validatorsIngest: Double
    /// What block miners take in from validators' feeds.
    public var blockMinersIngest: Double
    /// Announcements acknowledged as accepted over announcements found, over all workers.
    public var goodrate: Double

    init(_ nodes: [Registry.Node]) {
        func megabits(_ roles: Set<NodeRole>) -> Double {
            nodes.filter { roles.contains($0.registration.role) }.reduce(0) { $0 + ($1.stats?.bytesPerSecond ?? 0) } * 8 / 1e6
        }
        workersUplink = megabits([.worker])
        validatorsIngest = megabits([.validator, .aggregator])
        blockMinersIngest = megabits([.blockMiner])
        let workers = nodes.filter { $0.registration.role == .worker }.compactMap(\.stats)
        let found = workers.reduce(0) { $0 + $1.announcementsFound }
        goodrate = found > 0 ? Double(workers.reduce(0) { $0 + $1.announcementsAccepted }) / Double(found) : 0
    }

    /// One worker's announcements acknowledged as accepted over those it found.
    static func goodrate(_ stats: NodeStats) -> Double {
        stats.announcementsFound > 0 ? Double(stats.announcementsAccepted) / Double(stats.announcementsFound) : 0
    }
}

/// One row of `workers`.
public struct NodeSummary: Codable, Sendable {
    public var id: String
    public var role: String
    public var name: String
    public var payout: String
    public var threads: Int
    public var hashRate: Double
    public var blockHashRate: Double
    public var pendingBatches: Int
    /// A worker's announcements its validators acknowledged as accepted; a validator's accepted.
    public var announcementsAccepted: UInt64
    public var announcementsStored: UInt64
    /// A worker's validator (or aggregator) node id; empty for other roles.
    public var validator: String
    /// A worker's uplink, a validator's or block miner's ingest.
    public var megabitsPerSecond: Double
    /// A worker's announcements acknowledged as accepted over those it found (0 for other roles).
    public var goodrate: Double
}

/// The answer to `payouts`.
public struct PayoutReport: Codable, Sendable {
    public var policy: PayoutPolicy
    public var addresses: [AddressPayout]
    /// The newest accepted blocks, newest first.
    public var blocks: [PaidBlock]
}

/// The answer to `scale` and `drain`: what was done, in words.
public struct CommandDone: Codable, Sendable {
    public var done: String
    public var node: String
}

/// The body of a refused command.
public struct CommandFailure: Codable, Sendable {
    public var error: String
}

struct ReconfigureArguments: Decodable {
    var threads: Int?
    var node: String?
}
