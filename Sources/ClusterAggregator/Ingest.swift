import ClusterProtocol
import PacketCrypt

/// What happens to a batch of announcements on arrival: announcements whose
/// parent block is unknown, or too old to go into any coming block, are
/// counted and dropped; the rest are validated on the pool's threads and the
/// valid ones stored (duplicates counted). Announcements the store has no
/// room for count as stale.
actor Ingest {
    let store: AnnouncementStore
    private let pool: ValidationPool
    private let validate: Bool
    private var parents: [UInt32: BlockHash] = [:]
    private var height: UInt32 = 0
    /// Oldest usable age by work target: a few bignum steps each, so kept.
    private var usableAges: [UInt32: UInt32] = [:]

    /// - Parameter validate: false only to measure what the rest costs.
    init(store: AnnouncementStore, pool: ValidationPool, validate: Bool = true) {
        self.store = store
        self.pool = pool
        self.validate = validate
    }

    /// Learns the block being mined and the recent blocks announcements may commit to.
    func follow(_ job: Job) {
        height = job.height
        for block in job.recentBlocks { parents[block.height] = block.hash }
        parents = parents.filter { job.height <= $0.key + 512 }
    }

    private func lastUsableAge(_ bits: UInt32) -> UInt32 {
        if let age = usableAges[bits] { return age }
        let age = Difficulty.lastUsableAge(bits: bits)
        usableAges[bits] = age
        return age
    }

    func accept(_ anns: [Announcement]) async -> BatchCounts {
        var unknownParent: UInt32 = 0, stale: UInt32 = 0
        var candidates: [(Announcement, BlockHash)] = []
        for ann in anns {
            guard let parent = parents[ann.parentHeight] else {
                unknownParent += 1
                continue
            }
            if height > ann.parentHeight + lastUsableAge(ann.workBits) {
                stale += 1
                continue
            }
            candidates.append((ann, parent))
        }
        let valid = validate ? await pool.validate(candidates) : [Bool](repeating: true, count: candidates.count)
        let good = zip(candidates, valid).filter(\.1).map(\.0.0)
        let stored = await store.insert(good)
        return BatchCounts(
            accepted: UInt32(stored.accepted), duplicate: UInt32(stored.duplicate),
            invalid: UInt32(candidates.count - good.count), stale: stale + UInt32(stored.full),
            unknownParent: unknownParent)
    }
}
