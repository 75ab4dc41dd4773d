import ClusterProtocol

/// Chooses the validator (or aggregator) each worker sends its batches to,
/// by load: a validator's load is the announcement rate of the workers it
/// has (each worker's own figure from its heartbeats) plus its backlog of
/// batches waiting for credits, each counted as `backlogWeight`
/// announcements a second. A worker keeps its validator while that one
/// lives and takes batches; a worker without one goes to the least loaded;
/// and, one move per call when asked, a worker moves from the most to the least
/// loaded validator when their loads differ by more than a fifth.
struct WorkerPlacement {
    /// A validator that takes batches.
    struct Validator {
        let node: NodeID
        /// Batches it has sent for crediting and not yet had answered.
        let backlog: Int
    }

    /// A worker and the validator it has now, if any.
    struct Worker {
        let node: NodeID
        /// Announcements a second it sends (nil: not reported yet).
        let rate: Double?
        let current: NodeID?
    }

    /// A pending batch weighs this many announcements a second.
    static let backlogWeight = 64.0

    /// Each worker's validator. Deterministic for the same input.
    static func assign(_ workers: [Worker], to validators: [Validator], rebalance: Bool = true) -> [NodeID: NodeID] {
        guard !validators.isEmpty else { return [:] }
        let known = workers.compactMap(\.rate).filter { $0 > 0 }
        let typical = known.isEmpty ? 1 : known.reduce(0, +) / Double(known.count)
        func weight(_ worker: Worker) -> Double { max(worker.rate ?? typical, 1) }

        var load = Dictionary(uniqueKeysWithValues: validators.map { ($0.node, Double($0.backlog) * backlogWeight) })
        var members: [NodeID: [Worker]] = [:]
        var result: [NodeID: NodeID] = [:]
        var unplaced: [Worker] = []
        for worker in workers {
            if let current = worker.current, load[current] != nil {
                result[worker.node] = current
                load[current, default: 0] += weight(worker)
                members[current, default: []].append(worker)
            } else {
                unplaced.append(worker)
            }
        }
        func lightest() -> NodeID {
            validators.map(\.node).min { a, b in
                (load[a]!, members[a]?.count ?? 0, a) < (load[b]!, members[b]?.count ?? 0, b)
            }!
        }
        for worker in unplaced.sorted(by: { (weight($0), $0.node) > (weight($1), $1.node) }) {
            let target = lightest()
            result[worker.node] = target
            load[target, default: 0] += weight(worker)
            members[target, default: []].append(worker)
        }
        // One move narrowing the spread, when it is wide: the worker nearest
        // half the spread, so the sum of squared loads falls and moves stop.
        let heaviest = validators.map(\.node).max { (load[$0]!, $0) < (load[$1]!, $1) }!
        let light = lightest()
        let spread = load[heaviest]! - load[light]!
        func distance(_ worker: Worker) -> Double { abs(weight(worker) - spread / 2) }
        if rebalance, heaviest != light, spread > 0.2 * load[heaviest]!,
           let mover = members[heaviest]?.filter({ weight($0) < spread })
               .min(by: { (distance($0), $0.node) < (distance($1), $1.node) }) {
            result[mover.node] = light
        }
        return result
    }
}
