import ArgumentParser
import Foundation
import PacketCrypt

/// `pktcluster bench`: kernel throughput, one JSON line per run.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure kernel throughput.",
        subcommands: [BenchAnns.self, BenchValidate.self, BenchBlocks.self, BenchIngest.self])
}

struct BenchAnns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anns",
        abstract: "Announcement mining rate, table building included.")

    @Option(help: "Mining threads.") var threads: Int = 1
    @Option(help: "How long to mine.") var seconds: Double = 10
    @Option(help: ArgumentHelp("Work target, compact bits in hex.", valueName: "bits"))
    var target = TargetBits(0x2000_ffff)

    func run() async throws {
        let parent = try BlockHash(bytes: [UInt8](repeating: 0x42, count: 32))
        let job = try AnnouncementJob(parentHash: parent, parentHeight: 1_000_000, workBits: target.value)
        let miner = try AnnouncementMiner(threads: threads, firstHardNonce: 0)
        let start = Date()
        try miner.mine(job)
        let drain = Task { for await _ in miner.batches {} }
        try await Task.sleep(for: .seconds(seconds))
        let elapsed = Date().timeIntervalSince(start)
        let hashes = miner.hashes, found = miner.found
        miner.stop()
        await drain.value
        print(
            "{\"bench\":\"anns\",\"target\":\"\(Difficulty.formatBits(target.value))\","
                + "\"announcements_per_sec\":\((Double(found) / elapsed).rounded(places: 1)),"
                + "\"hashes_per_sec\":\(Int(Double(hashes) / elapsed)),\"threads\":\(threads),"
                + "\"seconds\":\(elapsed.rounded(places: 2))}")
    }
}

struct BenchValidate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Announcement validation rate on one thread.")

    @Option(help: "How long to validate.") var seconds: Double = 10

    func run() async throws {
        let parent = try BlockHash(bytes: [UInt8](repeating: 0x42, count: 32))
        let job = try AnnouncementJob(parentHash: parent, parentHeight: 1_000_000, workBits: 0x207f_ffff)
        let anns = try await AnnouncementMiner.announcements(for: job, count: 64, threads: 1, firstHardNonce: 0)
        let validator = try AnnouncementValidator()
        let start = Date()
        var checked = 0
        while Date().timeIntervalSince(start) < seconds {
            for ann in anns {
                guard try validator.check(ann, parentHash: parent).verdict == .ok else {
                    throw ValidationError("a freshly mined announcement did not validate")
                }
            }
            checked += anns.count
        }
        let elapsed = Date().timeIntervalSince(start)
        print(
            "{\"bench\":\"validate\",\"validations_per_sec\":\((Double(checked) / elapsed).rounded(places: 1)),"
                + "\"threads\":1,\"seconds\":\(elapsed.rounded(places: 2))}")
    }
}
