import ArgumentParser
import Foundation
import PacketCrypt

/// `pktcluster bench blocks`: block mining rate over a synthetic set.
struct BenchBlocks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blocks",
        abstract: "Block mining rate and memory per announcement held.",
        discussion: """
            Fills a set with synthetic announcements (valid headers, random bodies: the miner never \
            validates them, so the rate is the same), then mines at a target no hash meets.
            """)

    @Option(help: "Announcements in the set.") var anns = 100_000
    @Option(help: "Mining threads.") var threads = 1
    @Option(help: "How long to mine.") var seconds: Double = 10

    func run() async throws {
        let parentHeight: UInt32 = 1_000
        let chunks = syntheticChunks(count: anns, parentHeight: parentHeight)
        let buildStart = Date()
        let set = try AnnouncementSet(chunks: chunks, height: parentHeight + 3, threads: threads)
        let buildSeconds = Date().timeIntervalSince(buildStart)
        var header = [UInt8](repeating: 0, count: 80)
        header[72...75] = [0xff, 0xff, 0x00, 0x1c]  // 0x1c00ffff: no block in a benchmark's time
        let miner = try BlockMiner(threads: threads)
        let start = Date()
        try miner.mine(BlockMiningJob(set: set, header: header))
        try await Task.sleep(for: .seconds(seconds))
        let elapsed = Date().timeIntervalSince(start)
        let hashes = miner.hashes
        miner.stop()
        let perAnn = (Double(set.count) * Double(Announcement.size) + Double(set.overheadBytes)) / Double(set.count)
        try printBenchLine(BlocksResult(
            hashesPerSec: Int(Double(hashes) / elapsed), hashesPerSecPerThread: Int(Double(hashes) / elapsed / Double(threads)),
            announcements: Int(set.count), bytesPerAnnouncement: perAnn.rounded(places: 1),
            setBuildSeconds: buildSeconds.rounded(places: 2), threads: threads, simd: simdPathName(),
            seconds: elapsed.rounded(places: 2)))
    }

    /// Announcements with a version-1 header at the easiest target and no
    /// signing key, the rest pseudo-random.
    private func syntheticChunks(count: Int, parentHeight: UInt32) -> [AnnouncementChunk] {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        var chunks: [AnnouncementChunk] = []
        var bytes = [UInt8](repeating: 0, count: Announcement.size)
        for _ in 0..<count {
            for i in stride(from: 0, to: bytes.count, by: 8) {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                withUnsafeBytes(of: state) { bytes.replaceSubrange(i..<i + 8, with: $0) }
            }
            bytes[0] = 1
            bytes.replaceSubrange(8..<16, with: [0xff, 0xff, 0x7f, 0x20] + withUnsafeBytes(of: parentHeight.littleEndian, Array.init))
            bytes.replaceSubrange(56..<88, with: repeatElement(0, count: 32))
            if chunks.last?.isFull ?? true { chunks.append(AnnouncementChunk()) }
            chunks[chunks.count - 1].append(try! Announcement(bytes: bytes))
        }
        return chunks
    }
}
