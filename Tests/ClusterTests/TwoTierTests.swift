import ClusterCoordinator
import ClusterNode
import Foundation
import GRDB
import Testing

/// The scale-out topology as real processes, each role on its own host
/// (network namespace) when the test runs as root, on loopback otherwise:
/// validators take the workers' batches and validate each announcement
/// once; block miners each hold what every validator accepted, mine
/// different coinbases, and get blocks into the chain without ever
/// submitting the same block; a validator that dies or drains hands its
/// workers to the others within seconds, and nothing acknowledged is lost.
@Suite(.serialized, .enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct TwoTierTests {
    /// A cluster of `validators` validators, `miners` block miners and `workers` workers.
    static func start(validators: Int, miners: Int, workers: Int) async throws -> LocalCluster {
        let names = [LocalCluster.coordinatorHost] + (1...validators).map { "v\($0)" } + (1...miners).map { "b\($0)" }
            + (1...workers).map { "w\($0)" }
        let cluster = LocalCluster(hosts: NetworkNamespaces.usable ? try NetworkNamespaces(names: names) : nil)
        try await cluster.startDevnet()
        try cluster.startCoordinator()
        for index in 1...validators {
            try cluster.start("validator-\(index)", [
                "validator", "--payout", TestAddresses.make("validator \(index)"), "--network", "devnet",
                "--listen-port", "\(Endpoints.freePort())", "--feed-port", "\(Endpoints.freePort())",
                "--validation-threads", "1", "--name", "validator-\(index)",
            ] + cluster.listenArguments("v\(index)") + cluster.coordinatorPorts, host: "v\(index)")
        }
        for index in 1...miners {
            try cluster.start("blockminer-\(index)", [
                "blockminer", "--payout", TestAddresses.make("block miner \(index)"), "--network", "devnet",
                "--threads", "1", "--name", "blockminer-\(index)",
            ] + cluster.coordinatorPorts, host: "b\(index)")
        }
        for index in 1...workers {
            try cluster.start("worker-\(index)", [
                "worker", "--payout", TestAddresses.make("tier worker \(index)"), "--network", "devnet", "--threads", "1",
                "--name", "worker-\(index)",
            ] + cluster.coordinatorPorts, host: "w\(index)")
        }
        return cluster
    }

    static func finish(_ cluster: LocalCluster) {
        cluster.stopAll()
        cluster.hosts?.remove()
        cluster.remove()
    }

    @Test func twoValidatorsTwoBlockMinersThreeWorkers() async throws {
        let cluster = try await Self.start(validators: 2, miners: 2, workers: 3)
        defer { Self.finish(cluster) }

        let both = try await cluster.waitFor("blocks from both block miners", seconds: 240) { status in
            status.validators == 2 && status.blockMiners == 2 && Self.blocksByMiner(cluster).count == 2
        }
        #expect(both != nil, "\(cluster.log("coordinator").suffix(2000)) \(cluster.log("blockminer-1").suffix(1000))")
        try await Self.expectNoBlockTwice(cluster)

        // Each block miner holds (nearly) everything the validators hold: the union, not a share of
        // it. Figures come with heartbeats (every 2 s), so they are compared over a few readings.
        var holdsUnion = false
        var last = ""
        let deadline = Date().addingTimeInterval(90)
        while !holdsUnion && Date() < deadline {
            let nodes = try await cluster.workers()
            let validators = nodes.filter { $0.role == "validator" }.map(\.announcementsStored).reduce(0, +)
            let miners = nodes.filter { $0.role == "blockminer" }.map(\.announcementsStored)
            last = "validators hold \(validators), block miners \(miners)"
            holdsUnion = validators > 1000 && miners.count == 2 && miners.allSatisfy { Double($0) >= 0.8 * Double(validators) }
            try await Task.sleep(for: .seconds(1))
        }
        #expect(holdsUnion, "\(last)")
    }

    /// SIGKILL of a validator, then a drain of another and of a block miner.
    @Test func workersLeaveADeadOrDrainedValidatorAndNothingAcknowledgedIsLost() async throws {
        let cluster = try await Self.start(validators: 3, miners: 2, workers: 3)
        defer { Self.finish(cluster) }
        let ready = try await cluster.waitFor("blocks with every node placed", seconds: 240) { status in
            status.validators == 3 && status.blockMiners == 2 && status.workers == 3 && status.blocksAccepted >= 1
        }
        #expect(ready != nil, "\(cluster.log("coordinator").suffix(2000))")
        var nodes = try await cluster.workers()
        #expect(nodes.filter { $0.role == "worker" }.allSatisfy { !$0.validator.isEmpty })
        let ledger = try LedgerReader(path: cluster.ledgerPath)

        // The validator with the most workers dies without a word.
        let victim = try #require(Self.busiestValidator(nodes))
        let before = try ledger.count("batch_credits")
        let killedAt = Date()
        cluster.stop(victim.name, kill: true)
        let moved = try await Self.waitUntilPlaced(cluster, avoiding: victim.id, seconds: 30)
        let took = Date().timeIntervalSince(killedAt)
        let placement = try await cluster.workers().map { "\($0.name)→\($0.validator.prefix(8))" }
        #expect(moved && took <= 10, "workers placed elsewhere after \(took) s: \(placement)")
        // Credits recorded before the kill are all still there, and crediting goes on.
        let credited = try await cluster.waitFor("credits after the kill", seconds: 90) { _ in
            ((try? ledger.count("batch_credits")) ?? 0) > before + 6
        }
        #expect(credited != nil)

        // A drain of a validator that has workers: it exits with the drain status and its workers move.
        nodes = try await cluster.workers()
        let drained = try #require(Self.busiestValidator(nodes))
        let control = ControlClient(host: cluster.coordinatorAddress, port: cluster.ports.control, security: cluster.operatorSecurity)
        #expect(try await control.request("drain", arguments: #"{"node":"\#(drained.id.prefix(8))"}"#).ok)
        #expect(try await Self.waitUntilPlaced(cluster, avoiding: drained.id, seconds: 15))
        #expect(try await cluster.exitStatus(drained.name, within: 60) == 75, "\(cluster.log(drained.name).suffix(1500))")

        // A drain of a block miner: it exits with the drain status; the other goes on finding blocks.
        let miner = try #require(nodes.first { $0.name == "blockminer-1" })
        #expect(try await control.request("drain", arguments: #"{"node":"\#(miner.id)"}"#).ok)
        #expect(try await cluster.exitStatus("blockminer-1", within: 60) == 75, "\(cluster.log("blockminer-1").suffix(1500))")
        let blocks = try #require(try await cluster.status()).blocksAccepted
        let goingOn = try await cluster.waitFor("blocks with one validator and one block miner", seconds: 180) {
            $0.blocksAccepted >= blocks + 2 && $0.validators == 1 && $0.blockMiners == 1
        }
        #expect(goingOn != nil, "\(cluster.log("blockminer-2").suffix(1500))")
        try await Self.expectNoBlockTwice(cluster)
        #expect(try ledger.integrityCheck() == "ok")

        // What each worker saw acknowledged is in the ledger (read after the worker's report).
        let acknowledged = try await cluster.workers().filter { $0.role == "worker" }
        let credits = try ledger.credits()
        for worker in acknowledged {
            #expect(Int64(worker.announcementsAccepted) <= credits[worker.payout]?.accepted ?? 0,
                    "\(worker.name): acknowledged \(worker.announcementsAccepted), ledger \(credits[worker.payout]?.accepted ?? 0)")
        }
    }

    /// The validator with the most workers placed on it.
    static func busiestValidator(_ nodes: [NodeSummary]) -> NodeSummary? {
        let load = Dictionary(grouping: nodes.filter { $0.role == "worker" }, by: \.validator).mapValues(\.count)
        return nodes.filter { $0.role == "validator" }.max { (load[$0.id] ?? 0, $0.id) < (load[$1.id] ?? 0, $1.id) }
    }

    /// Waits until every worker sends to a validator other than `avoiding`.
    static func waitUntilPlaced(_ cluster: LocalCluster, avoiding: String, seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let workers = try await cluster.workers().filter { $0.role == "worker" }
            if workers.count == 3 && workers.allSatisfy({ !$0.validator.isEmpty && $0.validator != avoiding }) { return true }
            try await Task.sleep(for: .milliseconds(250))
        }
        return false
    }

    /// No block went into the chain twice: each accepted block is distinct, none "already in the chain".
    static func expectNoBlockTwice(_ cluster: LocalCluster) async throws {
        let ledger = try LedgerReader(path: cluster.ledgerPath)
        #expect(try ledger.count("finds", where: "kind = 'block' AND reason = 'already in the chain'") == 0)
        let (accepted, distinct) = try await ledger.database.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finds WHERE kind = 'block' AND accepted = 1") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT block_hash) FROM finds WHERE kind = 'block' AND accepted = 1") ?? 0)
        }
        #expect(accepted == distinct && accepted >= 2)
    }

    /// Accepted blocks per block-miner node id, from the ledger.
    static func blocksByMiner(_ cluster: LocalCluster) -> [Data: Int] {
        guard let ledger = try? LedgerReader(path: cluster.ledgerPath) else { return [:] }
        let rows = (try? ledger.database.read { db in
            try Row.fetchAll(db, sql: "SELECT aggregator, COUNT(*) AS n FROM finds WHERE kind = 'block' AND accepted = 1 GROUP BY aggregator")
        }) ?? []
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["aggregator"] as Data, $0["n"] as Int) })
    }
}
