import ClusterCoordinator
import ClusterNode
import ClusterProtocol
import Foundation
import PacketCrypt
import Testing
import ZeroMQ

/// What an outsider, or a node of the wrong role, tries over the wire: each
/// attempt is refused and counted, the ledger does not change, and the chain
/// keeps growing. Once on plain loopback links (no cluster secret), once
/// under CURVE with a listed worker key.
@Suite(.serialized, .enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct AttackTests {
    static let attacker = TestAddresses.make("attacker")

    @Test func plainLinksWithoutTheSecret() async throws {
        let cluster = try await LocalCluster.withAggregator()
        defer { cluster.tearDown() }
        try cluster.startWorker("worker", payout: TestAddresses.make("honest"))
        _ = try #require(try await cluster.waitFor("a first block", seconds: 180) { $0.blocksAccepted >= 1 })
        let outsider = LinkSecurity()  // plain, no cluster secret: it can present the worker role only
        try await attack(cluster, security: outsider, serverKey: nil, aggregatorKey: nil)
    }

    @Test func curveWithAListedWorkerKey() async throws {
        let cluster = LocalCluster()
        defer { cluster.tearDown() }
        let coordinator = try CurveKeyPair.generate(), aggregator = try CurveKeyPair.generate()
        let worker = try CurveKeyPair.generate(), attacker = try CurveKeyPair.generate(), operatorKeys = try CurveKeyPair.generate()
        try await cluster.startDevnet()
        try cluster.startCoordinator(extra: [
            "--curve-secret-key=\(coordinator.secretKey)", "--aggregator-keys=\(aggregator.publicKey)",
            "--worker-keys=\(worker.publicKey),\(attacker.publicKey)", "--operator-keys=\(operatorKeys.publicKey)",
        ])
        try cluster.startAggregator(extra: [
            "--curve-secret-key=\(aggregator.secretKey)", "--coordinator-key=\(coordinator.publicKey)",
            "--worker-keys=\(worker.publicKey),\(attacker.publicKey)",
        ])
        try cluster.startWorker("worker", payout: TestAddresses.make("honest"),
                                extra: ["--curve-secret-key=\(worker.secretKey)", "--coordinator-key=\(coordinator.publicKey)"])
        let operatorSecurity = LinkSecurity(keys: operatorKeys, coordinatorKey: coordinator.publicKey)
        _ = try #require(try await cluster.waitFor("a first block", seconds: 180, security: operatorSecurity) { $0.blocksAccepted >= 1 })
        try await attack(cluster, security: LinkSecurity(keys: attacker, coordinatorKey: coordinator.publicKey),
                         serverKey: coordinator.publicKey, aggregatorKey: aggregator.publicKey, operatorSecurity: operatorSecurity)
    }

    /// Every attack of the list, by a client with `security`.
    private func attack(_ cluster: LocalCluster, security: LinkSecurity, serverKey: String?, aggregatorKey: String?,
                        operatorSecurity: LinkSecurity? = nil) async throws {
        let control = "tcp://127.0.0.1:\(cluster.ports.control)"
        let ledgerBefore = try LedgerReader(path: cluster.ledgerPath)
        let creditRowsBefore = try ledgerBefore.count("batch_credits", where: "payout = '\(Self.attacker)'")
        let heightBefore = try await cluster.chain.blockCount()
        let honest = try #require(try await cluster.status(security: operatorSecurity))

        // A credit for a million announcements and a share, from a client that never registered.
        let stranger = try WireClient(endpoint: control, role: .worker, security: security, serverKey: serverKey)
        let forged = try Credit(aggregator: stranger.node, id: 1, worker: stranger.node, batchSequence: 1,
                                batchDigest: [UInt8](repeating: 7, count: 32), jobID: honest.job,
                                counts: BatchCounts(accepted: 1_000_000), work: 1_000_000)
        #expect(try await stranger.refused(.credit(forged)) != nil)
        let share = try Found(aggregator: stranger.node, id: 1, jobID: honest.job, kind: .share, height: honest.height + 1,
                              workHash: [UInt8](repeating: 0, count: 32), announcementCount: 4, block: [])
        #expect(try await stranger.refused(.found(share)) != nil)

        // A registered worker may not credit, report finds, register aggregators or command.
        let worker = try WireClient(endpoint: control, role: .worker, security: security, serverKey: serverKey)
        try worker.send(.register(try Register(node: worker.node, role: .worker, name: "w", payoutAddress: Self.attacker,
                                               threads: 1, endpoint: "")))
        #expect(await worker.reply(within: 20) { if case .registered = $0 { true } else { nil } } == true)
        let credit = try Credit(aggregator: worker.node, id: 2, worker: worker.node, batchSequence: 1,
                                batchDigest: [UInt8](repeating: 8, count: 32), jobID: honest.job,
                                counts: BatchCounts(accepted: 1_000_000), work: 1_000_000)
        #expect(try await worker.refused(.credit(credit)) != nil)
        let fakeAggregator = try Register(node: worker.node, role: .aggregator, name: "fake", payoutAddress: Self.attacker,
                                          threads: 1, endpoint: "tcp://127.0.0.1:9")
        #expect(try await worker.refused(.register(fakeAggregator)) != nil)
        // Under another connection's node id, or with an address that is not one.
        let victim = try WireClient(endpoint: control, role: .worker, security: security, serverKey: serverKey)
        let impersonation = try Register(node: NodeID.random(), role: .worker, name: "v", payoutAddress: Self.attacker,
                                         threads: 1, endpoint: "")
        #expect(try await victim.refused(.register(impersonation)) != nil)
        let junk = try Register(node: victim.node, role: .worker, name: "v", payoutAddress: "not-an-address-☃",
                                threads: 1, endpoint: "")
        #expect(try await victim.refused(.register(junk)) != nil)
        for command in [try Command(id: 1, name: "drain", arguments: "{}"),
                        try Command(id: 2, name: "scale", arguments: #"{"threads":65535}"#)] {
            try worker.send(.command(command))
            let reply = await worker.reply(within: 20) { if case .commandReply(let r) = $0 { r } else { nil } }
            #expect(reply?.ok == false)
        }

        // Sixty-five fake aggregators cannot even connect as aggregators.
        for _ in 0..<65 {
            let fake = try WireClient(endpoint: control, role: .worker, security: security, serverKey: serverKey)
            try fake.send(.register(try Register(node: fake.node, role: .aggregator, name: "fake",
                                                 payoutAddress: Self.attacker, threads: 1, endpoint: "tcp://127.0.0.1:9")))
        }

        // A batch sent to the aggregator under another worker's id is not acknowledged.
        let batchEndpoint = "tcp://127.0.0.1:\(cluster.ports.batch)"
        let sender = try WireClient(endpoint: batchEndpoint, role: .worker, security: security, serverKey: aggregatorKey)
        let batch = try AnnouncementBatch(worker: NodeID.random(), sequence: 1, jobID: honest.job, announcements: [])
        try sender.send(.announcementBatch(batch))
        #expect(await sender.reply(within: 5) { if case .batchAck = $0 { true } else { nil } } == nil)

        // Operator commands name their node and are bounded.
        let operatorClient = ControlClient(host: "127.0.0.1", port: cluster.ports.control,
                                           security: operatorSecurity ?? cluster.operatorSecurity)
        #expect(try await operatorClient.request("drain").ok == false)
        #expect(try await operatorClient.request("drain", arguments: #"{"node":"ffffffff"}"#).ok == false)
        #expect(try await operatorClient.request("scale", arguments: #"{"node":"0","threads":65535}"#).ok == false)

        // Nothing reached the ledger, the registry holds one aggregator, the chain goes on.
        let status = try #require(try await cluster.waitFor("two more blocks", seconds: 180, security: operatorSecurity) {
            $0.height >= heightBefore + 2
        })
        #expect(status.aggregators == 1)
        #expect(try LedgerReader(path: cluster.ledgerPath).count("batch_credits", where: "payout = '\(Self.attacker)'")
                == creditRowsBefore)
        #expect(try LedgerReader(path: cluster.ledgerPath).count("finds", where: "payout = '\(Self.attacker)'") == 0)
        #expect(status.refusals.values.reduce(0, +) >= 6, "\(status.refusals)")
        let workers = try await cluster.workers(security: operatorSecurity)
        #expect(workers.filter { $0.role == "aggregator" }.count == 1)
        #expect(workers.allSatisfy { $0.payout != "not-an-address-☃" })
    }
}
