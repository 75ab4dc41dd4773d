import ClusterNode
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Every role's /metrics, scraped from a running cluster, passes
/// `promtool check metrics`; the Grafana dashboard and the alert rules
/// query only metrics a scrape has, and `promtool check rules` passes.
@Suite(.serialized, .enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct MetricsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func everyRoleServesMetricsPromtoolAccepts() async throws {
        guard let promtool = Self.promtool else {
            Issue.record("promtool not found: install Debian's prometheus package (bash deploy/install-deps.sh test)")
            return
        }
        let cluster = LocalCluster()
        defer { cluster.tearDown() }
        let ports = ["aggregator": Endpoints.freePort(), "validator": Endpoints.freePort(), "blockminer": Endpoints.freePort(),
                     "worker": Endpoints.freePort()]
        func metrics(_ role: String) -> [String] { ["--metrics-listen", "127.0.0.1:\(ports[role]!)"] }
        try await cluster.startDevnet()
        try cluster.startCoordinator()
        try cluster.startAggregator("aggregator", extra: metrics("aggregator"))
        try cluster.start("validator", ["validator", "--payout", TestAddresses.make("metrics validator"), "--network", "devnet",
                                        "--listen-port", "\(Endpoints.freePort())", "--feed-port", "\(Endpoints.freePort())",
                                        "--validation-threads", "1", "--name", "validator"] + metrics("validator") + cluster.coordinatorPorts)
        try cluster.start("blockminer", ["blockminer", "--payout", TestAddresses.make("metrics block miner"), "--network", "devnet",
                                         "--threads", "1", "--name", "blockminer"] + metrics("blockminer") + cluster.coordinatorPorts)
        // Two workers: placement by load gives the aggregator one and the validator (so the block miner) the other.
        try cluster.startWorker("worker", payout: TestAddresses.make("metrics worker"), extra: metrics("worker"))
        try cluster.startWorker("worker-2", payout: TestAddresses.make("metrics worker 2"))
        let mined = try await cluster.waitFor("blocks and credits", seconds: 240) {
            $0.blocksAccepted >= 2 && $0.announcementsCredited > 0 && $0.workers == 2
        }
        #expect(mined != nil, "\(cluster.log("coordinator").suffix(1500))")
        // Bandwidth in `status`: the workers' uplink, what validators and block miners take in.
        let flowing = try await cluster.waitFor("bandwidth figures", seconds: 60) {
            $0.bandwidth.workersUplink > 0 && $0.bandwidth.validatorsIngest > 0 && $0.bandwidth.blockMinersIngest > 0
                && $0.bandwidth.goodrate > 0
        }
        #expect(flowing != nil)
        let worker = try await cluster.workers().first { $0.role == "worker" }
        #expect((worker?.megabitsPerSecond ?? 0) > 0 && (worker?.goodrate ?? 0) > 0)

        var scrapes: [String: String] = [:]
        for (role, port) in ports.merging(["coordinator": cluster.ports.metrics], uniquingKeysWith: { a, _ in a }) {
            let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(role)")
            let text = String(decoding: body, as: UTF8.self)
            scrapes[role] = text
            let (status, output) = try Self.run(promtool, ["check", "metrics"], input: body)
            #expect(status == 0, "promtool check metrics on the \(role): \(output)")
            #expect(text.contains("process_resident_memory_bytes") && text.contains("process_cpu_seconds_total"), "\(role)")
        }
        let expected = [
            "worker": ["pktcluster_worker_announcement_hashes_total", "pktcluster_worker_announcements_acknowledged_total",
                       "pktcluster_worker_uplink_bytes_total", "pktcluster_worker_goodrate_ratio"],
            "validator": ["pktcluster_validator_batches_total", "pktcluster_validator_validation_seconds_bucket",
                          "pktcluster_validator_ingest_bytes_total", "pktcluster_validator_pending_credits"],
            "blockminer": ["pktcluster_blockminer_announcements_stored", "pktcluster_blockminer_block_hashes_total",
                           "pktcluster_blockminer_ingest_bytes_total", "pktcluster_blockminer_effective_target_ratio"],
            "coordinator": ["pktcluster_coordinator_jobs_published_total", "pktcluster_coordinator_job_switch_seconds_bucket",
                            "pktcluster_coordinator_blocks_total{outcome=\"accepted\"}", "pktcluster_coordinator_ledger_write_seconds_bucket",
                            "pktcluster_coordinator_credited_announcements_total",
                            "pktcluster_coordinator_node_job_switch_seconds_count{role=\"worker\"}"],
        ]
        for (role, names) in expected {
            for name in names { #expect(scrapes[role]?.contains(name) == true, "\(role) lacks \(name)") }
        }
        // Live figures, not only names: the worker hashed and was acknowledged; blocks were counted.
        #expect(Self.value("pktcluster_worker_announcement_hashes_total", in: scrapes["worker"] ?? "") > 0)
        #expect(Self.value("pktcluster_coordinator_blocks_total{outcome=\"accepted\"}", in: scrapes["coordinator"] ?? "") >= 2)
        #expect(Self.value("pktcluster_coordinator_node_job_switch_seconds_count{role=\"worker\"}", in: scrapes["coordinator"] ?? "") >= 1)
        // (What a block miner stores ages out within a few fast devnet blocks; what it took in does not.)
        #expect(Self.value("pktcluster_blockminer_ingest_bytes_total", in: scrapes["blockminer"] ?? "") > 0)

        // Whatever the dashboard and the alerts query is in some scrape.
        let exported = Set(scrapes.values.flatMap { text in
            text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.split(whereSeparator: { $0 == "{" || $0 == " " }).first.map(String.init) }
        })
        for file in ["deploy/grafana/pktcluster.json", "deploy/prometheus/alerts.yml"] {
            let text = try String(contentsOf: Self.repository.appendingPathComponent(file), encoding: .utf8)
            let queried = Set(text.matches(of: /(pktcluster_[a-z_]+|process_[a-z_]+)/).map { String($0.output.0) })
            #expect(!queried.isEmpty)
            for name in queried { #expect(exported.contains(name), "\(file) queries \(name), which no role exports") }
        }
        let (status, output) = try Self.run(promtool, ["check", "rules", Self.repository.appendingPathComponent("deploy/prometheus/alerts.yml").path])
        #expect(status == 0, "\(output)")
    }

    /// The first sample of `series` in a scrape (0 when absent).
    static func value(_ series: String, in text: String) -> Double {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    }

    static func run(_ tool: String, _ arguments: [String], input: Data? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
