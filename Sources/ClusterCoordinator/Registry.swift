import ClusterProtocol
import Foundation

/// The workers and aggregators the coordinator knows, with what they last
/// reported. A node that has not been heard from for `timeout` is dropped.
actor Registry {
    /// One registered node.
    struct Node: Sendable {
        var registration: Register
        var stats: NodeStats?
        var lastSeen: Date
    }

    private var nodes: [NodeID: Node] = [:]
    /// Aggregators told to drain: no longer handed to workers.
    private var draining: Set<NodeID> = []
    private let timeout: TimeInterval

    init(timeout: TimeInterval) { self.timeout = timeout }

    /// Adds or refreshes a node; true when it was not known.
    func register(_ registration: Register) -> Bool {
        let isNew = nodes[registration.node] == nil
        nodes[registration.node, default: Node(registration: registration, stats: nil, lastSeen: Date())].registration = registration
        nodes[registration.node]?.lastSeen = Date()
        return isNew
    }

    /// Records a heartbeat; false when the node is unknown (it must register again).
    func heartbeat(_ beat: Heartbeat) -> Bool {
        guard nodes[beat.node] != nil else { return false }
        nodes[beat.node]?.stats = beat.stats
        nodes[beat.node]?.lastSeen = Date()
        return true
    }

    /// Drops nodes not heard from within the timeout; returns them.
    func expire(now: Date = Date()) -> [Node] {
        let gone = nodes.values.filter { now.timeIntervalSince($0.lastSeen) > timeout }
        for node in gone {
            nodes.removeValue(forKey: node.registration.node)
            draining.remove(node.registration.node)
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

    /// Where a job sends workers and block miners: the batch endpoints of the
    /// live aggregators and validators, and the validators' feeds, as many
    /// as a job carries. Draining nodes are left out.
    var placement: Placement {
        let live = nodes.values.filter { !draining.contains($0.registration.node) }.map(\.registration)
        return Placement(
            aggregators: Array(live.filter { $0.role.validates && !$0.endpoint.isEmpty }.map(\.endpoint).sorted()
                .prefix(ProtocolLimits.maxAggregators)),
            feeds: Array(live.filter { $0.role == .validator && !$0.feed.isEmpty }.map(\.feed).sorted()
                .prefix(ProtocolLimits.maxAggregators)))
    }
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

/// The endpoints a job lists.
struct Placement: Sendable, Equatable {
    let aggregators: [String]
    let feeds: [String]
}
