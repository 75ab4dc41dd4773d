import ArgumentParser
import ClusterNode
import ClusterWorker
import Foundation
import Logging
import PacketCrypt

/// `pktcluster worker`.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run an announcement worker: mine announcements and stream them to an aggregator.",
        discussion: """
            Refuses to start without a payout address valid on --network (pkt1… on pkt and the devnet, \
            tpk1… on pkttest). Keys as for coordinator (PKTCLUSTER_PAYOUT, payout = ...).
            """)

    @OptionGroup var common: CommonRoleOptions
    @Option(help: "Coordinator host.") var coordinator: String?
    @Option(help: "Address credited for this worker's announcements.") var payout: String?
    @Option(help: "Mining threads (default: one per core).") var threads: Int?
    @Option(help: ArgumentHelp("Mine announcements at this target when it is at least as hard as the job's (they earn in proportion).",
                               valueName: "bits")) var annTarget: String?
    @Option(help: "Name shown in status (default: host name).") var name: String?
    @Option(help: "Exit with an error after waiting this many seconds for the coordinator, a job or an aggregator (default: wait, saying so).")
    var patience: Int?
    @Option(help: "Coordinator job port (default 7341).") var jobPort: Int?
    @Option(help: "Coordinator control port (default 7342).") var controlPort: Int?

    static let keys: Set<String> = ["coordinator", "payout", "ann_target", "patience", "threads", "name", "job_port", "control_port"]

    func run() async throws {
        let s = try common.settings(knownKeys: Self.keys, more: [
            "coordinator": coordinator, "payout": payout, "ann_target": annTarget, "patience": patience.map(String.init), "threads": threads.map(String.init), "name": name,
            "job_port": jobPort.map(String.init), "control_port": controlPort.map(String.init)])
        guard let payout = s.string("payout"), !payout.isEmpty else {
            throw ValidationError("a worker needs --payout ADDRESS (or payout in its config, or PKTCLUSTER_PAYOUT)")
        }
        var options = WorkerOptions(coordinatorHost: s.string("coordinator", default: "127.0.0.1"), payoutAddress: payout)
        options.network = try s.network(default: .pkt)
        options.announcementBits = try s.string("ann_target").map(Difficulty.parseBits)
        options.patience = try s.string("patience").map { _ in .seconds(try s.int("patience", default: 0)) }
        options.threads = try s.int("threads", default: options.threads)
        options.name = s.string("name", default: options.name)
        options.jobPort = try s.int("job_port", default: options.jobPort)
        options.controlPort = try s.int("control_port", default: options.controlPort)
        options.security = try LinkSecurity(settings: s)
        let worker = try AnnouncementWorker(options: options)
        let metrics = try s.metricsEndpoint(options.metrics)
        print("worker \(worker.node): \(options.threads) threads, coordinator \(options.coordinatorHost), payout \(payout)")
        fflush(nil)
        try await runServices([worker] + (metrics.map { [$0] } ?? []), logger: Logger(label: "pktcluster.worker"))
        try exitIfDrained(await worker.drained)
    }
}
