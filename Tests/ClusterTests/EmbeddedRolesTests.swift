import ClusterAggregator
import ClusterCoordinator
import ClusterNode
import ClusterWorker
import Foundation
import Logging
import PKTChain
import ServiceLifecycle
import Testing
import ZeroMQ

/// The roles embedded as libraries: a devnet, a coordinator, an aggregator
/// and a worker, all with CURVE keys, in this one test process, run as
/// services of one group. Each role has its own ZeroMQ context and ZAP
/// handler, so their key lists do not collide.
@Suite(.serialized)
struct EmbeddedRolesTests {
    @Test func aCurveClusterInOneProcess() async throws {
        let devnet = try await InProcessDevnet.start("embedded")
        defer { devnet.stop() }
        let (directory, chain) = (devnet.directory, devnet.chain)

        let keys = (coordinator: try CurveKeyPair.generate(), aggregator: try CurveKeyPair.generate(),
                    worker: try CurveKeyPair.generate(), operator: try CurveKeyPair.generate())
        var options = InProcessRoleOptions(directory: directory, name: "embedded")
        options.coordinator.security = LinkSecurity(keys: keys.coordinator, roleKeys: [
            .worker: [keys.worker.publicKey], .aggregator: [keys.aggregator.publicKey], .control: [keys.operator.publicKey],
        ])
        let coordinator = try Coordinator(options: options.coordinator, chain: chain)
        options.aggregator.security = LinkSecurity(keys: keys.aggregator, coordinatorKey: keys.coordinator.publicKey,
                                                   roleKeys: [.worker: [keys.worker.publicKey]])
        let aggregator = try Aggregator(options: options.aggregator)
        options.worker.security = LinkSecurity(keys: keys.worker, coordinatorKey: keys.coordinator.publicKey)
        let worker = try AnnouncementWorker(options: options.worker)

        let group = ServiceGroup(services: [coordinator, aggregator, worker], logger: Logger(label: "embedded"))
        let running = Task { try await group.run() }
        defer { running.cancel() }

        let control = ControlClient(host: "127.0.0.1", port: options.coordinator.controlPort,
                                    security: LinkSecurity(keys: keys.operator, coordinatorKey: keys.coordinator.publicKey))
        let deadline = Date().addingTimeInterval(180)
        var mined = false
        while Date() < deadline && !mined {
            if let reply = try? await control.request("status", timeout: .seconds(2)), reply.ok,
               let status = try? JSONDecoder().decode(ClusterStatus.self, from: Data(reply.body.utf8)) {
                mined = status.blocksAccepted >= 2 && status.workers == 1 && status.aggregators == 1
                    && status.announcementsCredited > 0
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(mined)
        #expect(try await chain.blockCount() >= 2)

        // A graceful shutdown stops every role; the group's run then returns.
        await group.triggerGracefulShutdown()
        try await running.value
    }
}
