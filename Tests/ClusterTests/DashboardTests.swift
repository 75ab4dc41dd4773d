import ClusterAggregator
import ClusterCoordinator
import ClusterDashboard
import ClusterNode
import ClusterWorker
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import PKTChain
import ServiceLifecycle
import Testing

/// The web dashboard over a live cluster (a devnet, a coordinator, an
/// aggregator and a worker in this process), loaded in headless Chromium.
@Suite(.serialized)
struct DashboardTests {
    @Test func thePageShowsTheLiveClusterWithNoConsoleErrors() async throws {
        let chromium = try #require(HeadlessChromium.find(),
                                    "chromium is not installed: Debian's chromium package is needed (bash deploy/install-deps.sh test installs it)")
        let devnet = try await InProcessDevnet.start("dashboard")
        defer { devnet.stop() }
        let (directory, chain) = (devnet.directory, devnet.chain)

        let secret = "dashboard-\(UUID().uuidString)"
        var options = InProcessRoleOptions(directory: directory, name: "dashboard")
        options.coordinator.security = LinkSecurity(clusterSecret: secret)
        let coordinator = try Coordinator(options: options.coordinator, chain: chain)
        options.aggregator.name = "dash-aggregator"
        options.aggregator.security = LinkSecurity(clusterSecret: secret)
        options.worker.name = "dash-worker"

        let router = Router()
        Dashboard.addRoutes(to: router, coordinator: coordinator)
        let (bound, boundContinuation) = AsyncStream.makeStream(of: Int.self)
        let web = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  boundContinuation.yield(channel.localAddress?.port ?? 0)
                                  boundContinuation.finish()
                              })
        let group = ServiceGroup(services: [coordinator, try Aggregator(options: options.aggregator),
                                            try AnnouncementWorker(options: options.worker), web],
                                 logger: Logger(label: "dashboard"))
        let running = Task { try await group.run() }
        defer { running.cancel() }
        var webPort = 0
        for await port in bound { webPort = port }
        let base = "http://127.0.0.1:\(webPort)"

        // A mined block, so the page has blocks and payouts to show.
        let deadline = Date().addingTimeInterval(180)
        var ready = false
        while Date() < deadline && !ready {
            if let status = try? await coordinator.status() {
                ready = status.blocksAccepted >= 1 && status.workers == 1 && status.aggregators == 1
                    && status.announcementsCredited > 0
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        try #require(ready, "the cluster mined no block in 180 s")

        // Every path answers; the JSON is the coordinator's own types.
        for path in ["/", "/dashboard.js", "/dashboard.css"] {
            let (body, response) = try await URLSession.shared.data(from: URL(string: base + path)!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200 && !body.isEmpty, "\(path)")
        }
        _ = try JSONDecoder().decode(ClusterStatus.self, from: try await URLSession.shared.data(from: URL(string: base + "/api/status")!).0)
        _ = try JSONDecoder().decode(PayoutReport.self, from: try await URLSession.shared.data(from: URL(string: base + "/api/payouts")!).0)
        let nodes = try JSONDecoder().decode([NodeSummary].self,
                                             from: try await URLSession.shared.data(from: URL(string: base + "/api/nodes")!).0)
        #expect(Set(nodes.map(\.name)) == ["dash-aggregator", "dash-worker"])

        // The page, after 10 s of its own time (5 polls).
        let before = try await coordinator.status().height
        let page = try await chromium.load(base + "/", budget: .seconds(10))
        let after = try await coordinator.status().height

        #expect(page.console.isEmpty, "the page wrote to the console:\n\(page.console.joined(separator: "\n"))")
        let height = try #require(page.dom.firstMatch(of: #/id="height"[^>]*>(\d+)</#).flatMap { UInt32($0.1) },
                                  "no height in the page:\n\(page.dom)")
        #expect((before...after).contains(height), "the page shows height \(height), the cluster was at \(before)...\(after)")
        for node in nodes {
            #expect(page.dom.contains(node.name) && page.dom.contains(node.id), "node \(node.name) (\(node.id)) missing")
        }
        #expect(page.dom.contains(#"class="mark ok">live<"#), "the page did not reach the coordinator")
        #expect(page.dom.firstMatch(of: #/id="block-rows"><tr>/#) != nil, "no recent blocks shown")
        let charted = page.dom.matches(of: #/<canvas id="chart-[a-z]+" data-points="(\d+)"/#).compactMap { Int($0.1) }
        #expect(charted.count == 3 && charted.allSatisfy { $0 >= 2 }, "charts drew \(charted) points")

        await group.triggerGracefulShutdown()
        try await running.value
    }
}
