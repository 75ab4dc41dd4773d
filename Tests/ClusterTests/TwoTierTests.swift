import ClusterCoordinator
import ClusterNode
import Foundation
import GRDB
import Testing

/// The scale-out topology as real processes: two validators take the
/// workers' batches and validate each announcement once; two block miners
/// each hold what both validators accepted, mine different coinbases, and
/// both get blocks into the chain without ever submitting the same block.
@Suite(.serialized, .enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct TwoTierTests {
    @Test func twoValidatorsTwoBlockMinersThreeWorkers() async throws {
        let cluster = LocalCluster()
        defer {
            cluster.stopAll()
            cluster.remove()
        }
        try await cluster.startDevnet()
        try cluster.startCoordinator()
        for index in 1...2 {
            try cluster.start("validator-\(index)", [
                "validator", "--payout", TestAddresses.make("validator \(index)"), "--network", "devnet",
                "--listen-port", "\(Endpoints.freePort())", "--feed-port", "\(Endpoints.freePort())",
                "--validation-threads", "1", "--name", "validator-\(index)",
            ] + cluster.coordinatorPorts)
            try cluster.start("blockminer-\(index)", [
                "blockminer", "--payout", TestAddresses.make("block miner \(index)"), "--network", "devnet",
                "--threads", "1", "--name", "blockminer-\(index)",
            ] + cluster.coordinatorPorts)
        }
        for index in 1...3 { try cluster.startWorker("worker-\(index)", payout: TestAddresses.make("tier worker \(index)")) }

        let both = try await cluster.waitFor("blocks from both block miners", seconds: 240) { status in
            status.validators == 2 && status.blockMiners == 2 && Self.blocksByMiner(cluster).count == 2
        }
        #expect(both != nil, "\(cluster.log("coordinator").suffix(2000)) \(cluster.log("blockminer-1").suffix(1000))")

        // No block went into the chain twice: each accepted block is distinct, none "already in the chain".
        let ledger = try LedgerReader(path: cluster.ledgerPath)
        #expect(try ledger.count("finds", where: "kind = 'block' AND reason = 'already in the chain'") == 0)
        let (accepted, distinct) = try await ledger.database.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finds WHERE kind = 'block' AND accepted = 1") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT block_hash) FROM finds WHERE kind = 'block' AND accepted = 1") ?? 0)
        }
        #expect(accepted == distinct && accepted >= 2)

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

    /// Accepted blocks per block-miner node id, from the ledger.
    static func blocksByMiner(_ cluster: LocalCluster) -> [Data: Int] {
        guard let ledger = try? LedgerReader(path: cluster.ledgerPath) else { return [:] }
        let rows = (try? ledger.database.read { db in
            try Row.fetchAll(db, sql: "SELECT aggregator, COUNT(*) AS n FROM finds WHERE kind = 'block' AND accepted = 1 GROUP BY aggregator")
        }) ?? []
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["aggregator"] as Data, $0["n"] as Int) })
    }
}
