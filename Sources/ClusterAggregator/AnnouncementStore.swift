import PacketCrypt

/// The announcements an aggregator holds for block mining, grouped by
/// parent height in chunks a set can use in place. Duplicates (by hash) are
/// refused. The memory limit counts what the chunks allocate (each holds
/// room for `AnnouncementChunk.capacity` announcements from the start).
/// Over it, the oldest parent heights go first: their announcements are
/// nearest to aging out and need the most work per block.
actor AnnouncementStore {
    private struct Bucket {
        var chunks: [AnnouncementChunk] = []
        var prefixes: [UInt64] = []
        var workBits: Set<UInt32> = []
    }

    private var buckets: [UInt32: Bucket] = [:]
    private var seen: Set<UInt64> = []
    private var chunkCount = 0
    private let limitBytes: Int
    private static let chunkBytes = AnnouncementChunk.capacity * Announcement.size

    init(limitBytes: Int) { self.limitBytes = limitBytes }

    /// Announcements held.
    var count: Int { seen.count }

    /// Bytes the chunks allocate.
    var allocatedBytes: Int { chunkCount * Self.chunkBytes }

    /// The store's key for an announcement: the first 8 bytes of its hash.
    static func key(_ ann: Announcement) -> UInt64 {
        ann.hash.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
    }

    /// Whether announcements with these keys are held (a cheap check before validating them again).
    func holds(_ keys: [UInt64]) -> [Bool] { keys.map(seen.contains) }

    /// Stores valid announcements; returns those that were new and how many
    /// were duplicates. Announcements that do not fit are counted as `full`.
    func insert(_ anns: [Announcement]) -> (accepted: [Announcement], duplicate: Int, full: Int) {
        insert(keyed: anns.map { ($0, Self.key($0)) })
    }

    /// `insert` for announcements whose keys the caller already computed.
    func insert(keyed anns: [(Announcement, UInt64)]) -> (accepted: [Announcement], duplicate: Int, full: Int) {
        var accepted: [Announcement] = [], duplicate = 0, full = 0
        for (ann, prefix) in anns {
            if seen.contains(prefix) {
                duplicate += 1
                continue
            }
            var bucket = buckets[ann.parentHeight] ?? Bucket()
            let needsChunk = bucket.chunks.last?.isFull ?? true
            if needsChunk && allocatedBytes + Self.chunkBytes > limitBytes {
                guard evictOlder(than: ann.parentHeight) else {
                    full += 1
                    continue
                }
            }
            if needsChunk {
                bucket.chunks.append(AnnouncementChunk())
                chunkCount += 1
            }
            bucket.chunks[bucket.chunks.count - 1].append(ann)
            bucket.prefixes.append(prefix)
            bucket.workBits.insert(ann.workBits)
            buckets[ann.parentHeight] = bucket
            seen.insert(prefix)
            accepted.append(ann)
        }
        return (accepted, duplicate, full)
    }

    /// The chunks a block at `height` can draw on (parents below it).
    func chunks(forBlockAt height: UInt32) -> [AnnouncementChunk] {
        buckets.filter { $0.key < height }.sorted { $0.key < $1.key }.flatMap(\.value.chunks)
    }

    /// Drops parent heights whose announcements can no longer go into a
    /// block at `height` or later.
    func prune(forBlockAt height: UInt32) {
        for (parent, bucket) in buckets where parent < height {
            let age = height - parent
            if bucket.workBits.allSatisfy({ Difficulty.lastUsableAge(bits: $0) < age }) { drop(parent) }
        }
    }

    /// Forgets every announcement.
    func removeAll() {
        buckets.removeAll()
        seen.removeAll()
        chunkCount = 0
    }

    /// Evicts the oldest bucket below `parentHeight`; false when there is none.
    private func evictOlder(than parentHeight: UInt32) -> Bool {
        guard let oldest = buckets.keys.min(), oldest < parentHeight else { return false }
        drop(oldest)
        return true
    }

    private func drop(_ parent: UInt32) {
        guard let bucket = buckets.removeValue(forKey: parent) else { return }
        for prefix in bucket.prefixes { seen.remove(prefix) }
        chunkCount -= bucket.chunks.count
    }
}
