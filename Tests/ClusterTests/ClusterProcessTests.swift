import ClusterCoordinator
import ClusterNode
import Foundation
import PKTChain
import Testing
import ZeroMQ

/// Whole clusters of real processes on loopback, mining on a devnet that
/// validates every block fully.
@Suite(.serialized, .enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct ClusterProcessTests {
    static let payoutA = TestAddresses.make("worker alpha")
    static let payoutB = TestAddresses.make("worker beta")

    /// Accepted announcements credited to `payout`, from the ledger file.
    static func credited(_ cluster: LocalCluster, _ payout: String) -> Int64 {
        ((try? LedgerReader(path: cluster.ledgerPath).credits()) ?? [:])[payout]?.accepted ?? 0
    }

    /// Mines blocks with two workers; then survives a worker killed with
    /// SIGKILL and a coordinator restart.
    @Test func minesCreditsAndRecovers() async throws {
        let cluster = try await LocalCluster.withAggregator()
        defer { cluster.tearDown() }
        try cluster.startWorker("worker-a", payout: Self.payoutA)
        try cluster.startWorker("worker-b", payout: Self.payoutB)

        // At least 3 blocks, each accepted by the devnet's full validation, credits for both.
        let mined = try await cluster.waitFor("3 blocks and credits for both workers", seconds: 240) {
            $0.blocksAccepted >= 3 && $0.workers == 2 && $0.aggregators == 1
                && Self.credited(cluster, Self.payoutA) > 0 && Self.credited(cluster, Self.payoutB) > 0
        }
        let status = try #require(mined, "cluster did not mine: \(cluster.log("coordinator").suffix(2000))")
        let height = try await cluster.chain.blockCount()
        #expect(height >= 3)
        #expect(status.blocksRejected == 0)

        // SIGKILL one worker: what it was credited stays, the other goes on.
        cluster.stop("worker-a", kill: true)
        let creditedA = Self.credited(cluster, Self.payoutA)
        let creditedB = Self.credited(cluster, Self.payoutB)
        let before = try #require(try await cluster.status())
        let goingOn = try await cluster.waitFor("worker B keeps earning and blocks keep coming", seconds: 120) {
            Self.credited(cluster, Self.payoutB) > creditedB && $0.blocksAccepted > before.blocksAccepted
        }
        #expect(goingOn != nil)
        #expect(Self.credited(cluster, Self.payoutA) >= creditedA)

        // Restart the coordinator: the nodes register again and mining resumes.
        cluster.stop("coordinator")
        let heightBefore = try await cluster.chain.blockCount()
        try cluster.startCoordinator()
        let resumed = try await cluster.waitFor("nodes re-register and blocks resume", seconds: 120) {
            $0.workers == 1 && $0.aggregators == 1 && $0.height > heightBefore
        }
        #expect(resumed != nil, "\(cluster.log("coordinator").suffix(2000))")
        #expect(Self.credited(cluster, Self.payoutA) >= creditedA)
    }

    /// With CURVE keys, the coordinator admits only keys listed for a role.
    @Test func anUnlistedKeyIsRefused() async throws {
        let cluster = LocalCluster()
        defer { cluster.tearDown() }
        let coordinator = try CurveKeyPair.generate()
        let aggregator = try CurveKeyPair.generate()
        let listed = try CurveKeyPair.generate()
        let unlisted = try CurveKeyPair.generate()
        let cli = try CurveKeyPair.generate()
        try await cluster.startDevnet()
        try cluster.startCoordinator(extra: [
            "--curve-secret-key=\(coordinator.secretKey)", "--aggregator-keys=\(aggregator.publicKey)",
            "--worker-keys=\(listed.publicKey)", "--operator-keys=\(cli.publicKey)",
        ])
        try cluster.startAggregator(extra: [
            "--curve-secret-key=\(aggregator.secretKey)", "--coordinator-key=\(coordinator.publicKey)",
            "--worker-keys=\([listed.publicKey, unlisted.publicKey].joined(separator: ","))",
        ])
        try cluster.startWorker("listed", payout: Self.payoutA,
                                extra: ["--curve-secret-key=\(listed.secretKey)", "--coordinator-key=\(coordinator.publicKey)"])
        // The key goes in through the environment, as a deployment would pass it.
        try cluster.start("unlisted", ["worker", "--payout", Self.payoutB, "--network", "devnet", "--threads", "1",
                                       "--name", "unlisted"]
                            + cluster.coordinatorPorts,
                          environment: ["PKTCLUSTER_CURVE_SECRET_KEY": unlisted.secretKey,
                                        "PKTCLUSTER_COORDINATOR_KEY": coordinator.publicKey])
        let security = LinkSecurity(keys: cli, coordinatorKey: coordinator.publicKey)
        let joined = try await cluster.waitFor("the listed worker and the aggregator", seconds: 240, security: security) {
            $0.workers >= 1 && $0.aggregators == 1 && $0.blocksAccepted >= 1
        }
        #expect(joined != nil, """
            coordinator: \(cluster.log("coordinator").suffix(2000)) | aggregator: \(cluster.log("aggregator").suffix(1500)) \
            | listed worker: \(cluster.log("listed").suffix(1500))
            """)
        try await Task.sleep(for: .seconds(3))
        let names = try await cluster.workers(security: security).map(\.name)
        #expect(names.contains("listed"))
        #expect(!names.contains("unlisted"))
        #expect(Self.credited(cluster, Self.payoutB) == 0)

        // And a CLI without a listed key gets no answer at all.
        let stranger = LinkSecurity(keys: try CurveKeyPair.generate(), coordinatorKey: coordinator.publicKey)
        #expect(try await cluster.status(security: stranger) == nil)
    }
}
