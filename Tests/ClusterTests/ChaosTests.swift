import ClusterCoordinator
import Foundation
import Testing

/// Random SIGKILLs of random roles at random moments, each restarted: no
/// credit any worker saw acknowledged goes missing, credits never decrease,
/// the ledger stays sound and mining resumes after every restart. The seed
/// is printed; `PKTCLUSTER_CHAOS_SEED` replays a run and
/// `PKTCLUSTER_CHAOS_TRIALS` makes it longer (default 4; the long version in
/// docs/reliability.md runs 40).
@Suite(.serialized, .enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct ChaosTests {
    @Test func randomKillsLoseNothingAcknowledged() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = UInt64(environment["PKTCLUSTER_CHAOS_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64(UInt32.max))
        let trials = Int(environment["PKTCLUSTER_CHAOS_TRIALS"] ?? "") ?? 4
        print("chaos: seed \(seed), \(trials) trials")
        var random = SplitMix(seed: seed)
        let cluster = try await LocalCluster.withAggregator()
        defer { cluster.tearDown() }
        let payouts = ["worker-1": TestAddresses.make("chaos worker 1"), "worker-2": TestAddresses.make("chaos worker 2")]
        for (name, payout) in payouts.sorted(by: { $0.key < $1.key }) { try cluster.startWorker(name, payout: payout) }
        _ = try #require(try await cluster.waitFor("mining", seconds: 180) { $0.blocksAccepted >= 1 && $0.announcementsCredited > 0 })

        var lastTotal: Int64 = 0
        var worstRecovery = 0.0
        for trial in 1...trials {
            // What every worker has seen acknowledged is in the ledger, and the ledger only grows.
            let acknowledged = try await cluster.workers().filter { $0.role == "worker" }
            let credits = try LedgerReader(path: cluster.ledgerPath).credits()
            for worker in acknowledged {
                #expect(Int64(worker.announcementsAccepted) <= credits[worker.payout]?.accepted ?? 0,
                        "seed \(seed) trial \(trial): \(worker.name) acknowledged \(worker.announcementsAccepted)")
            }
            let total = credits.values.reduce(0) { $0 + $1.accepted }
            #expect(total >= lastTotal, "seed \(seed): credits fell from \(lastTotal) to \(total)")
            lastTotal = total

            let victim = ["coordinator", "aggregator", "worker-1", "worker-2"][Int(random.next() % 4)]
            try await Task.sleep(for: .milliseconds(500 + Int(random.next() % 4000)))
            cluster.stop(victim, kill: true)
            try cluster.restart(victim)
            let restarted = Date()
            let before = try LedgerReader(path: cluster.ledgerPath).credits().values.reduce(0) { $0 + $1.accepted }
            let resumed = try await cluster.waitFor("mining after killing the \(victim)", seconds: 90) { status in
                status.announcementsCredited > UInt64(before) && status.workers == 2 && status.aggregators == 1
            }
            let seconds = Date().timeIntervalSince(restarted)
            worstRecovery = max(worstRecovery, seconds)
            #expect(resumed != nil, "seed \(seed) trial \(trial): no credit within 90 s of restarting the \(victim)")
            print("chaos trial \(trial): killed the \(victim); credits again after \(String(format: "%.1f", seconds)) s")
        }
        let ledger = try LedgerReader(path: cluster.ledgerPath)
        #expect(try ledger.integrityCheck() == "ok")
        #expect(try ledger.credits().values.reduce(0) { $0 + $1.accepted } >= lastTotal)
        print("chaos: seed \(seed), \(trials) trials, worst recovery \(String(format: "%.1f", worstRecovery)) s")
    }
}

/// A small seeded generator, so a chaos run can be replayed from its seed.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
