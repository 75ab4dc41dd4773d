import Foundation
import PacketCrypt

/// A recorded stream of announcements for `bench cluster`: a file of
/// 1024-byte announcements, all mined on one block (the bench devnet's
/// genesis), so a fresh bench cluster takes every one of them as new.
struct RecordedStream {
    let path: String
    let parent: BlockHash
    let workBits: UInt32

    /// Announcements the file holds.
    var count: Int {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return size / Announcement.size
    }

    /// Mines and appends announcements until the file holds `count`, with
    /// a progress line; throws when what it holds was mined on another block.
    func extend(to wanted: Int, threads: Int) async throws {
        if !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw BenchError("cannot create \(path)")
            }
        }
        try checkRecordedOnParent()
        let have = count
        guard have < wanted, let file = FileHandle(forWritingAtPath: path) else { return }
        defer { try? file.close() }
        try file.truncate(atOffset: UInt64(have * Announcement.size))
        FileHandle.standardError.write(Data("recording \(wanted - have) announcements to \(path)\n".utf8))
        let miner = try AnnouncementMiner(threads: threads)
        try miner.mine(try AnnouncementJob(parentHash: parent, parentHeight: 0, workBits: workBits))
        var progress = Progress(total: wanted - have)
        var written = 0
        for await batch in miner.batches {
            let take = batch.announcements.prefix(wanted - have - written)
            try file.write(contentsOf: take.flatMap(\.bytes))
            written += take.count
            progress.update(done: written, hashes: miner.hashes)
            if have + written >= wanted { break }
        }
        miner.stop()
        try file.synchronize()
        progress.finish(done: written, hashes: miner.hashes)
    }

    /// `count` announcements of the file at `path`, from the `first`.
    static func read(_ path: String, first: Int, count: Int) throws -> [Announcement] {
        guard let file = FileHandle(forReadingAtPath: path) else { throw BenchError("cannot read \(path)") }
        defer { try? file.close() }
        try file.seek(toOffset: UInt64(first * Announcement.size))
        let data = try file.read(upToCount: count * Announcement.size) ?? Data()
        guard data.count == count * Announcement.size else {
            throw BenchError("\(path) holds fewer than \(first + count) announcements")
        }
        return try Announcement.split(Array(data))
    }

    /// The first announcement must be valid on `parent` at height 0.
    private func checkRecordedOnParent() throws {
        guard count > 0 else { return }
        let first = try Self.read(path, first: 0, count: 1)[0]
        let verdict = try AnnouncementValidator(rules: .devnet).check(first, parentHash: parent).verdict
        guard first.parentHeight == 0, first.workBits == workBits, verdict == .ok else {
            throw BenchError("\(path) was not recorded on this bench's devnet (genesis \(parent), target "
                             + "\(Difficulty.formatBits(workBits))); delete it or choose another --anns file")
        }
    }
}

/// A failure of a bench command, in one line.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
