import ClusterCoordinator
import ClusterNode
import ClusterProtocol
import Foundation
import Logging
import ServiceLifecycle
import Testing

/// A role runs on the clock it is given: a coordinator on a manual clock
/// drops a silent node when that clock passes the node timeout, however
/// little real time has gone by, and not before.
@Suite(.serialized)
struct RoleClockTests {
    @Test func aCoordinatorExpiresNodesByItsInjectedClock() async throws {
        let devnet = try await InProcessDevnet.start("clock")
        defer { devnet.stop() }
        let (directory, chain) = (devnet.directory, devnet.chain)

        let clock = ManualClock()
        let security = LinkSecurity(clusterSecret: "clock test secret")
        var options = CoordinatorOptions(dataDirectory: directory, defaultPayout: TestAddresses.make("clock operator"))
        options.network = .devnet
        options.jobPort = Endpoints.freePort()
        options.controlPort = Endpoints.freePort()
        options.security = security
        options.nodeTimeout = .seconds(6)
        options.clock = clock
        let coordinator = try Coordinator(options: options, chain: chain)
        let group = ServiceGroup(services: [coordinator], logger: Logger(label: "clock"))
        let running = Task { try await group.run() }
        defer { running.cancel() }

        let control = ControlClient(host: "127.0.0.1", port: options.controlPort, security: security)
        func workers() async -> Int? {
            guard let reply = try? await control.request("status", timeout: .seconds(2)), reply.ok else { return nil }
            return try? JSONDecoder().decode(ClusterStatus.self, from: Data(reply.body.utf8)).workers
        }
        let started = ContinuousClock.now
        let silent = try WireClient(endpoint: Endpoints.tcp("127.0.0.1", options.controlPort), role: .worker, security: security)
        try silent.send(.register(Register(node: silent.node, role: .worker, name: "silent", payoutAddress: TestAddresses.make("silent"),
                                           threads: 1, endpoint: "")))
        var registered = false
        for _ in 0..<100 where !registered {
            registered = await workers() == 1
            if !registered { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(registered, "the worker never registered")

        // Five seconds of the coordinator's time: still within the timeout.
        for _ in 0..<5 { try await tick(clock) }
        #expect(await workers() == 1)
        // Two more: past the 6 s timeout, so the silent worker is dropped.
        for _ in 0..<2 { try await tick(clock) }
        var dropped = false
        for _ in 0..<50 where !dropped {
            dropped = await workers() == 0
            if !dropped { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(dropped, "the silent worker was not dropped after 7 s of the coordinator's clock")
        #expect(ContinuousClock.now - started < .seconds(6), "real time reached the timeout; the test shows nothing")
    }

    /// One second of the manual clock, then a moment for the roles' loops to run.
    private func tick(_ clock: ManualClock) async throws {
        clock.advance(by: .seconds(1))
        try await Task.sleep(for: .milliseconds(50))
    }
}
