import ClusterNode
import ClusterProtocol

/// The workers and aggregators the coordinator knows, with what they last
/// reported. A node that has not been heard from for `timeout` is dropped.
actor Registry {
    /// One registered node.
    struct Node: Sendable {
        var registration: Register
        var stats: NodeStats?
        var lastSeen: ContinuousClock.Instant
    }

    private var nodes: [NodeID: Node] = [:]
    /// Aggregators told to drain: no longer handed to workers.
    private var draining: Set<NodeID> = []
    /// Each worker's validator, as last placed.
    private var assigned: [NodeID: NodeID] = [:]
    /// The assignment last sent to each worker and block miner.
    private var sent: [NodeID: Assignment] = [:]
    /// Load moves a worker at most once per `rebalanceInterval`.
    private var lastRebalance: ContinuousClock.Instant?
    static let rebalanceInterval: Duration = .seconds(10)
    private let timeout: Duration
    private let clock: any RoleClock

    init(timeout: Duration, clock: any RoleClock = SystemClock()) {
        self.timeout = timeout
        self.clock = clock
    }

    /// Adds or refreshes a node; true when it was not known.
    func register(_ registration: Register) -> Bool {
        let isNew = nodes[registration.node] == nil
        let now = clock.now
        nodes[registration.node, default: Node(registration: registration, stats: nil, lastSeen: now)].registration = registration
        nodes[registration.node]?.lastSeen = now
        return isNew
    }

    /// Records a heartbeat; false when the node is unknown (it must register again).
    func heartbeat(_ beat: Heartbeat) -> Bool {
        guard nodes[beat.node] != nil else { return false }
        nodes[beat.node]?.stats = beat.stats
        nodes[beat.node]?.lastSeen = clock.now
        return true
    }

    /// Drops nodes not heard from within the timeout; returns them.
    func expire() -> [Node] {
        let now = clock.now
        let gone = nodes.values.filter { now - $0.lastSeen > timeout }
        for node in gone {
            let id = node.registration.node
            nodes.removeValue(forKey: id)
            draining.remove(id)
            assigned[id] = nil
            sent[id] = nil
        }
        return gone
    }

    var all: [Node] { nodes.values.sorted { $0.registration.name < $1.registration.name } }

    func node(_ id: NodeID) -> Node? { nodes[id] }

    /// Stops handing `id` to workers (it is draining).
    func markDraining(_ id: NodeID) { draining.insert(id) }

    /// The node whose id, as `workers` prints it, starts with `prefix`.
    func node(matching prefix: String) throws(NodeLookupError) -> Node {
        let wanted = prefix.lowercased()
        guard !wanted.isEmpty else { throw .missing }
        let found = nodes.values.filter { $0.registration.node.hex.hasPrefix(wanted) }
        guard let node = found.first else { throw .unknown(prefix) }
        guard found.count == 1 else { throw .ambiguous(prefix, found.count) }
        return node
    }

    /// Where each worker sends its batches and which feeds each block
    /// miner reads, by ``WorkerPlacement``; draining nodes are left out.
    /// Returns the assignments that differ from what was last handed out.
    func place() -> [Assignment] {
        let now = clock.now
        let rebalance = lastRebalance.map { now - $0 >= Self.rebalanceInterval } ?? true
        if rebalance { lastRebalance = now }
        let live = nodes.values.filter { !draining.contains($0.registration.node) }
        let validators = live.filter { $0.registration.role.validates && !$0.registration.endpoint.isEmpty }
        let endpoints = Dictionary(uniqueKeysWithValues: validators.map { ($0.registration.node, $0.registration.endpoint) })
        let workers = nodes.values.filter { $0.registration.role == .worker }
        let chosen = WorkerPlacement.assign(
            workers.map { WorkerPlacement.Worker(node: $0.registration.node, rate: $0.stats?.announcementsPerSecond,
                                                 current: assigned[$0.registration.node]) },
            to: validators.map { WorkerPlacement.Validator(node: $0.registration.node, backlog: Int($0.stats?.batchesPending ?? 0)) },
            rebalance: rebalance)
        assigned = chosen
        let feeds = live.filter { $0.registration.role == .validator && !$0.registration.feed.isEmpty }
            .map(\.registration.feed).sorted()
        var changed: [Assignment] = []
        for node in nodes.values {
            let id = node.registration.node
            let assignment: Assignment?
            switch node.registration.role {
            case .worker: assignment = try? Assignment(node: id, batchEndpoint: chosen[id].flatMap { endpoints[$0] } ?? "")
            case .blockMiner: assignment = try? Assignment(node: id, batchEndpoint: "", feeds: Array(feeds.prefix(ProtocolLimits.maxFeeds)))
            default: assignment = nil
            }
            guard let assignment, sent[id] != assignment else { continue }
            sent[id] = assignment
            changed.append(assignment)
        }
        return changed
    }

    /// What `node` was last assigned, to hand it again (a restarted node lost it).
    func assignment(of node: NodeID) -> Assignment? { sent[node] }

    /// The validator each worker sends to, by worker.
    var assignments: [NodeID: NodeID] { assigned }
}

/// A control command named no node, or no single known one.
enum NodeLookupError: Error, CustomStringConvertible {
    case missing
    case unknown(String)
    case ambiguous(String, Int)

    var description: String {
        switch self {
        case .missing: "name a node (an id or id prefix, as `workers` prints it)"
        case .unknown(let id): "no node \(id) is registered"
        case .ambiguous(let id, let count): "\(count) nodes start with \(id); give more of the id"
        }
    }
}
