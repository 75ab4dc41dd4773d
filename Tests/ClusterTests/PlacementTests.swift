@testable import ClusterCoordinator
import ClusterProtocol
import Foundation
import Testing

/// Workers go to validators by load, with no limit on either count below
/// the protocol's: a dead validator's workers move, the rest stay put.
struct PlacementTests {
    /// Node `index` of a kind (1 workers, 2 validators, 3 block miners).
    static func id(_ kind: UInt8, _ index: Int) -> NodeID {
        try! NodeID(bytes: [kind] + [UInt8](repeating: 0, count: 11) + withUnsafeBytes(of: UInt32(index).bigEndian, Array.init))
    }

    static func worker(_ index: Int, rate: Double?, on current: NodeID? = nil) -> WorkerPlacement.Worker {
        WorkerPlacement.Worker(node: id(1, index), rate: rate, current: current)
    }

    static func validator(_ index: Int, backlog: Int = 0) -> WorkerPlacement.Validator {
        WorkerPlacement.Validator(node: id(2, index), backlog: backlog)
    }

    @Test func thousandsOfWorkersSpreadEvenlyOverHundredsOfValidators() {
        let validators = (0..<300).map { Self.validator($0) }
        let workers = (0..<5000).map { Self.worker($0, rate: Double(50 + $0 % 7 * 10)) }
        let placed = WorkerPlacement.assign(workers, to: validators)
        #expect(placed.count == 5000)
        var load: [NodeID: Double] = [:]
        for worker in workers { load[placed[worker.node]!, default: 0] += worker.rate! }
        #expect(load.count == 300)
        // Greedy by weight: no validator is more than one worker's rate above another.
        #expect(load.values.max()! - load.values.min()! <= 110)
    }

    @Test func aDeadValidatorsWorkersMoveAndNoOtherDoes() {
        let validators = (0..<10).map { Self.validator($0) }
        let workers = (0..<200).map { Self.worker($0, rate: 100) }
        let first = WorkerPlacement.assign(workers, to: validators)
        let dead = validators[3].node
        let placed = workers.map { WorkerPlacement.Worker(node: $0.node, rate: 100, current: first[$0.node]) }
        let second = WorkerPlacement.assign(placed, to: validators.filter { $0.node != dead }, rebalance: false)
        for worker in workers {
            if first[worker.node] == dead {
                #expect(second[worker.node] != dead && second[worker.node] != nil)
            } else {
                #expect(second[worker.node] == first[worker.node])
            }
        }
    }

    @Test func aBackloggedValidatorGetsFewerNewWorkers() {
        let validators = [Self.validator(0, backlog: 10), Self.validator(1)]
        let placed = WorkerPlacement.assign((0..<20).map { Self.worker($0, rate: 100) }, to: validators)
        let onBacklogged = placed.values.filter { $0 == validators[0].node }.count
        #expect(onBacklogged < 10 && onBacklogged > 0)
    }

    @Test func rebalancingMovesOneWorkerAtATimeAndSettles() {
        let validators = (0..<4).map { Self.validator($0) }
        // Everyone starts on validator 0 (the others just joined).
        var workers = (0..<40).map { Self.worker($0, rate: 100, on: validators[0].node) }
        var moves = 0
        for _ in 0..<100 {
            let placed = WorkerPlacement.assign(workers, to: validators)
            let moved = workers.filter { placed[$0.node] != $0.current }.count
            #expect(moved <= 1)
            moves += moved
            workers = workers.map { WorkerPlacement.Worker(node: $0.node, rate: 100, current: placed[$0.node]) }
        }
        let counts = Dictionary(grouping: workers, by: { $0.current! }).mapValues(\.count)
        #expect(counts.values.max()! - counts.values.min()! <= 3)
        #expect(moves <= 30)
    }

    /// The registry hands every worker an endpoint and every block miner
    /// every feed, for more validators than any list in a job could hold.
    @Test func registryAssignsEveryNodeOfALargeCluster() async throws {
        let registry = Registry(timeout: .seconds(60))
        for index in 0..<200 {
            _ = await registry.register(try Register(
                node: Self.id(2, index), role: .validator, name: "v\(index)", payoutAddress: "",
                threads: 1, endpoint: "tcp://10.0.\(index / 250).\(index % 250):7343", feed: "tcp://10.0.\(index / 250).\(index % 250):7344"))
        }
        for index in 0..<3000 {
            _ = await registry.register(try Register(
                node: Self.id(1, index), role: .worker, name: "w\(index)", payoutAddress: "", threads: 1, endpoint: ""))
        }
        _ = await registry.register(try Register(
            node: Self.id(3, 1), role: .blockMiner, name: "bm", payoutAddress: "", threads: 1, endpoint: ""))
        let assignments = await registry.place()
        #expect(assignments.count == 3001)
        let toWorkers = assignments.filter { $0.feeds.isEmpty }
        #expect(toWorkers.allSatisfy { !$0.batchEndpoint.isEmpty })
        #expect(Set(toWorkers.map(\.batchEndpoint)).count == 200)
        #expect(assignments.first { $0.node == Self.id(3, 1) }?.feeds.count == 200)
        // Unchanged placement: nothing to send again.
        #expect(await registry.place().isEmpty)
        // A draining validator's workers get another endpoint.
        let draining = Self.id(2, 7)
        await registry.markDraining(draining)
        let moved = await registry.place()
        #expect(moved.contains { !$0.feeds.isEmpty && $0.feeds.count == 199 })
        #expect(moved.filter { $0.feeds.isEmpty }.allSatisfy { !$0.batchEndpoint.hasSuffix("10.0.0.7:7343") })
        #expect(moved.filter { $0.feeds.isEmpty }.count == 15)
    }
}
