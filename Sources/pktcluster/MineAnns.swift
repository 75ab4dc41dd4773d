import ArgumentParser
import Foundation
import PacketCrypt

/// `pktcluster mine-anns`: mines announcements to a file.
struct MineAnns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mine-anns",
        abstract: "Mine announcements and write them, 1024 bytes each, to a file.",
        discussion: """
            The parent hash is the block hash as pktd's RPC prints it; announcements commit \
            to its reverse (internal byte order). The target is compact bits in hex.
            Example: pktcluster mine-anns --parent-hash 12ab... --parent-height 150000 \
            --target 0x2000ffff --count 100 --out anns.bin
            """)

    @OptionGroup var parent: ParentOptions
    @Option(help: "Height of the parent block (0 to 2147483647).")
    var parentHeight: UInt32
    @Option(help: ArgumentHelp("Work target of the announcements, compact bits in hex (e.g. 0x2000ffff).", valueName: "bits"))
    var target: TargetBits
    @Option(help: "Number of announcements to write.")
    var count: Int
    @Option(help: "Mining threads (default: one per core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Output file.")
    var out: String

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1") }
        guard threads > 0 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
        let job = try AnnouncementJob(parentHash: parent.parentHash, parentHeight: parentHeight, workBits: target.value)
        guard FileManager.default.createFile(atPath: out, contents: nil), let file = FileHandle(forWritingAtPath: out)
        else { throw ValidationError("cannot create \(out)") }
        defer { try? file.close() }

        let miner = try AnnouncementMiner(threads: threads)
        try miner.mine(job)
        var progress = Progress(total: count)
        var written = 0
        for await batch in miner.batches {
            let take = batch.announcements.prefix(count - written)
            try file.write(contentsOf: take.flatMap(\.bytes))
            written += take.count
            progress.update(done: written, hashes: miner.hashes)
            if written >= count { break }
        }
        miner.stop()
        try file.synchronize()
        progress.finish(done: written, hashes: miner.hashes)
    }
}

/// A progress line on standard error, redrawn at most a few times a second.
struct Progress {
    let total: Int
    let start = Date()
    var lastDraw = Date.distantPast

    init(total: Int) { self.total = total }

    mutating func update(done: Int, hashes: UInt64) {
        guard Date().timeIntervalSince(lastDraw) > 0.25 else { return }
        lastDraw = Date()
        draw(done: done, hashes: hashes, end: "\r")
    }

    func finish(done: Int, hashes: UInt64) { draw(done: done, hashes: hashes, end: "\n") }

    private func draw(done: Int, hashes: UInt64, end: String) {
        let seconds = max(Date().timeIntervalSince(start), 0.001)
        let line = "\(done)/\(total) announcements, \(Int(Double(hashes) / seconds)) hashes/s, \(Int(seconds))s"
        FileHandle.standardError.write(Data((line + end).utf8))
    }
}
