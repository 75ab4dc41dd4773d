import ClusterCoordinator
import ClusterNode
import Foundation
import Testing

/// `drain` for each role: the process exits with the drain status (75),
/// its work moves to the others, and mining goes on.
@Suite(.serialized, .enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct DrainTests {
    @Test func drainAnAggregatorThenAWorker() async throws {
        let cluster = LocalCluster()
        defer { cluster.tearDown() }
        try await cluster.startDevnet()
        try cluster.startCoordinator()
        try cluster.startAggregator("aggregator-1")
        try cluster.startAggregator("aggregator-2", port: Endpoints.freePort(), payout: TestAddresses.make("aggregator 2"))
        try cluster.startWorker("worker-1", payout: TestAddresses.make("drained worker"))
        try cluster.startWorker("worker-2", payout: TestAddresses.make("staying worker"))
        _ = try #require(try await cluster.waitFor("a block with two aggregators", seconds: 180) {
            $0.blocksAccepted >= 1 && $0.aggregators == 2 && $0.workers == 2
        })
        let control = ControlClient(host: "127.0.0.1", port: cluster.ports.control, security: cluster.operatorSecurity)

        // A drain names its node: none, or an unknown one, is an error.
        #expect(try await control.request("drain").ok == false)
        #expect(try await control.request("drain", arguments: #"{"node":"nothere"}"#).ok == false)

        // The aggregator: by an id prefix as `workers` prints it.
        let nodes = try await cluster.workers()
        let aggregator = try #require(nodes.first { $0.name == "aggregator-1" })
        let reply = try await control.request("drain", arguments: #"{"node":"\#(aggregator.id.prefix(10))"}"#)
        #expect(reply.ok, "\(reply.body)")
        #expect(try await cluster.exitStatus("aggregator-1", within: 60) == 75, "\(cluster.log("aggregator-1").suffix(1500))")
        let before = try #require(try await cluster.status())
        let goingOn = try await cluster.waitFor("blocks after the drain", seconds: 120) {
            $0.blocksAccepted >= before.blocksAccepted + 2 && $0.aggregators == 1
        }
        #expect(goingOn != nil)

        // A worker: it stops mining, flushes what is pending and exits with the drain status.
        let worker = try #require(try await cluster.workers().first { $0.name == "worker-1" })
        #expect(try await control.request("drain", arguments: #"{"node":"\#(worker.id)"}"#).ok)
        #expect(try await cluster.exitStatus("worker-1", within: 60) == 75, "\(cluster.log("worker-1").suffix(1500))")
        #expect(cluster.log("worker-1").contains("draining"))
    }
}
