import PKTAddresses
import ClusterCoordinator
import ClusterNode
import Foundation
import PKTChain
import PKTWire
import PacketCrypt
import Testing

/// Credits in work and PPLNS payouts in every coinbase, on a cluster of real
/// processes mining a devnet, checked against the ledger's own rows.
@Suite(.serialized, .enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct PoolAccountingTests {
    static let workerA = TestAddresses.make("worker A")
    static let workerB = TestAddresses.make("worker B")
    static let miner = TestAddresses.make("block miner")
    static let announcementConstant = 64.0
    /// Twice the work of the default announcement target 0x200fffff.
    static let harderTarget: UInt32 = 0x2007_ffff

    /// Each accepted block pays by the window its job was given: amounts
    /// recomputed from the ledger's rows by the documented rule, to the unit.
    /// Then the coordinator is killed with SIGKILL and restarted: the next
    /// blocks pay by a window rebuilt from the same ledger.
    @Test func everyCoinbasePaysTheLedgersWindow() async throws {
        let cluster = LocalCluster()
        defer { cluster.tearDown() }
        try await cluster.startDevnet()
        // Blocks on the test devnet are so easy that one batch of announcements is worth half a block:
        // a wider announcement window lets it hold both workers.
        try cluster.startCoordinator(extra: ["--pplns-announcement-constant", "\(Self.announcementConstant)"])
        try cluster.startAggregator(payout: Self.miner)
        try cluster.startWorker("worker-a", payout: Self.workerA)
        try cluster.startWorker("worker-b", payout: Self.workerB, extra: ["--ann-target", Difficulty.formatBits(Self.harderTarget)])

        let paysAll = try await waitForBlocksPaying([Self.workerA, Self.workerB, Self.miner], in: cluster, count: 2)
        #expect(paysAll, "no block paid all three: \(cluster.log("coordinator").suffix(3000))")
        try await checkEveryBlock(of: cluster)

        // Harder announcements earn in proportion to their work.
        let credits = try LedgerReader(path: cluster.ledgerPath).credits()
        let a = try #require(credits[Self.workerA]), b = try #require(credits[Self.workerB])
        let perAnnouncementA = a.work / Double(a.accepted), perAnnouncementB = b.work / Double(b.accepted)
        let expected = Difficulty.workRatio(Self.harderTarget, to: 0x200f_ffff)
        #expect(expected > 1.9)
        #expect(abs(perAnnouncementB / perAnnouncementA - expected) < 1e-9 * expected)

        // SIGKILL the coordinator; the next blocks pay by the ledger's window again.
        let blocksBefore = try LedgerReader(path: cluster.ledgerPath).blocks().count
        let windowBefore = try #require(try LedgerReader(path: cluster.ledgerPath).newestWindow())
        let cutoffBefore = try #require(try LedgerReader(path: cluster.ledgerPath).window(windowBefore))
        cluster.stop("coordinator", kill: true)
        try cluster.startCoordinator(extra: ["--pplns-announcement-constant", "\(Self.announcementConstant)"])
        let resumed = try await cluster.waitFor("blocks after the restart", seconds: 180) { _ in
            ((try? LedgerReader(path: cluster.ledgerPath).blocks().count) ?? 0) >= blocksBefore + 2
        }
        #expect(resumed != nil, "\(cluster.log("coordinator").suffix(3000))")
        let after = try LedgerReader(path: cluster.ledgerPath)
        for block in try after.blocks().suffix(2) {
            let cutoff = try #require(try after.window(block.window))
            #expect(block.window > windowBefore)
            #expect(cutoff.lastCredit >= cutoffBefore.lastCredit && cutoff.lastFind >= cutoffBefore.lastFind)
        }
        try await checkEveryBlock(of: cluster)
    }

    /// Waits until `count` accepted blocks paid every one of `addresses`.
    private func waitForBlocksPaying(_ addresses: [String], in cluster: LocalCluster, count: Int) async throws -> Bool {
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline {
            if let report = try await cluster.payouts() {
                let paying = report.blocks.filter { block in addresses.allSatisfy { a in block.outputs.contains { $0.address == a } } }
                if paying.count >= count { return true }
            }
            try await Task.sleep(for: .seconds(1))
        }
        return false
    }

    /// For every accepted block in the ledger: the coinbase the chain holds
    /// pays exactly what the window's ledger rows give, and the steward's part.
    private func checkEveryBlock(of cluster: LocalCluster) async throws {
        let ledger = try LedgerReader(path: cluster.ledgerPath)
        let blocks = try ledger.blocks()
        #expect(!blocks.isEmpty)
        for block in blocks {
            let window = try #require(try ledger.window(block.window))
            let weights = IndependentPayouts.weights(
                shares: try ledger.entries("finds", upTo: window.lastFind),
                credits: try ledger.entries("batch_credits", upTo: window.lastCredit),
                defaultAddress: LocalCluster.operatorPayout, announcementConstant: Self.announcementConstant)
            let expected = IndependentPayouts.amounts(weights, coins: window.minerCoins).filter { $0.value > 0 }
            let raw = try await cluster.chain.rawBlock(try BlockHash(displayHex: block.hash))
            let coinbase = try #require(try Block(bytes: raw).transactions.first)
            var paid: [String: Int64] = [:]
            let subsidy = PKTMoney.subsidy(height: block.height)
            let steward = PKTMoney.stewardPayment(subsidy: subsidy)
            #expect(window.minerCoins == subsidy - steward)
            // pktd's order: the miners' outputs, the network steward's, then the commitment (value 0).
            let valued = coinbase.outputs.filter { $0.value > 0 }
            #expect(valued.last?.value == steward)
            for output in valued.dropLast() {
                let address = try PKTAddress(script: output.pkScript, network: .devnet).text
                paid[address, default: 0] += output.value
            }
            #expect(paid == expected, "block \(block.height): paid \(paid), ledger gives \(expected)")
        }
    }
}
