import ArgumentParser
import CPacketCrypt
import Foundation
import PacketCrypt

/// The kernel's SIMD code path, as the bench lines report it. The
/// environment variable PC_SIMD_LEVEL (portable, avx2, avx512) caps it.
func simdPathName() -> String {
    _ = pc_init()
    switch pc_get_simd_level() {
    case Int32(PC_SIMD_AVX512): return "avx512"
    case Int32(PC_SIMD_AVX2): return "avx2"
    default: return "portable"
    }
}

/// `pktcluster bench`: kernel throughput, one JSON line per run.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure throughput: the kernel, an aggregator's ingest, block mining, a whole cluster.",
        subcommands: [BenchAnns.self, BenchValidate.self, BenchBlocks.self, BenchIngest.self, BenchCluster.self, BenchReplay.self])
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
        try printBenchLine(AnnsResult(
            target: Difficulty.formatBits(target.value), announcementsPerSec: (Double(found) / elapsed).rounded(places: 1),
            hashesPerSec: Int(Double(hashes) / elapsed), threads: threads, simd: simdPathName(), seconds: elapsed.rounded(places: 2)))
    }
}

struct BenchValidate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Announcement validation rate on one thread.",
        discussion: """
            The announcements come in groups that share a hard nonce, as miners \
            produce them: --programs hard nonces with --per-program announcements \
            each (validation cost depends on how many distinct programs there are).
            """)

    @Option(help: "How long to validate.") var seconds: Double = 10
    @Option(help: "Distinct hard nonces (programs) among the announcements.") var programs = 64
    @Option(help: "Announcements per hard nonce.") var perProgram = 4
    @Option(help: "Also write the announcements to this file (1024 bytes each).") var write: String?
    @Option(help: "Validate the announcements in this file instead of mining them.") var read: String?

    func run() async throws {
        let parent = try BlockHash(bytes: [UInt8](repeating: 0x42, count: 32))
        var anns: [Announcement] = []
        if let read {
            anns = try Announcement.split(Array(try Data(contentsOf: URL(fileURLWithPath: read))))
        } else {
            let job = try AnnouncementJob(parentHash: parent, parentHeight: 1_000_000, workBits: 0x207f_ffff)
            for p in 0..<programs {
                anns += try await AnnouncementMiner.announcements(
                    for: job, count: perProgram, threads: 1, firstHardNonce: UInt32(p) * 1000)
            }
        }
        if let write { try Data(anns.flatMap(\.bytes)).write(to: URL(fileURLWithPath: write)) }
        let distinct = Set(anns.map(\.hardNonce)).count
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
        try printBenchLine(ValidateResult(
            validationsPerSec: (Double(checked) / elapsed).rounded(places: 1), announcements: anns.count, hardNonces: distinct,
            threads: 1, simd: simdPathName(), seconds: elapsed.rounded(places: 2)))
    }
}
