import ClusterProtocol
import PKTWire
import PacketCrypt

/// What happens to a batch of announcements on arrival: announcements mined
/// to a target easier than the job's are refused; those whose parent block
/// is unknown, or too old to go into any coming block, are counted and
/// dropped; those the store already holds, or that repeat one earlier in the
/// batch, are counted as duplicates before any validation (hashing one costs
/// a few microseconds, validating it hundreds); the rest are validated on
/// the pool's threads and the valid ones stored. Announcements the store has no room for
/// count as stale. Each accepted announcement earns work(its target) /
/// work(the job's block target).
actor Ingest {
    /// A batch's outcome.
    struct Outcome: Sendable {
        let counts: BatchCounts
        /// The accepted announcements' work, in blocks of the job.
        let work: Double
        /// The announcements accepted (new and valid).
        let accepted: [Announcement]
    }

    let store: AnnouncementStore
    private let pool: ValidationPool
    private let validate: Bool
    private var parents: [UInt32: BlockHash] = [:]
    private var job: (height: UInt32, announcementBits: UInt32, blockBits: UInt32)?
    /// Oldest usable age and work ratio by announcement target: a few bignum steps each, so kept.
    private var usableAges: [UInt32: UInt32] = [:]
    private var workRatios: [UInt32: Double] = [:]
    /// Announcements handed to validation so far.
    private(set) var validations = 0

    /// - Parameter validate: false only to measure what the rest costs.
    init(store: AnnouncementStore, pool: ValidationPool, validate: Bool = true) {
        self.store = store
        self.pool = pool
        self.validate = validate
    }

    /// Learns the block being mined, its targets and the recent blocks announcements may commit to.
    func follow(_ next: Job) throws {
        let blockBits = try BlockHeader(bytes: next.header).bits
        if job?.blockBits != blockBits { workRatios = [:] }
        job = (next.height, next.announcementBits, blockBits)
        for block in next.recentBlocks { parents[block.height] = block.hash }
        parents = parents.filter { next.height <= $0.key + 512 }
    }

    /// Whether a batch can be judged now: there is a job, and no
    /// announcement commits to a block newer than the newest one known
    /// (a batch mined on a job this aggregator has not seen yet).
    func canJudge(_ anns: [Announcement]) -> Bool {
        guard job != nil, let newest = parents.keys.max() else { return false }
        return anns.allSatisfy { $0.parentHeight <= newest }
    }

    private func lastUsableAge(_ bits: UInt32) -> UInt32 {
        if let age = usableAges[bits] { return age }
        let age = Difficulty.lastUsableAge(bits: bits)
        usableAges[bits] = age
        return age
    }

    private func workRatio(_ bits: UInt32, blockBits: UInt32) -> Double {
        if let ratio = workRatios[bits] { return ratio }
        let ratio = Difficulty.workRatio(bits, to: blockBits)
        workRatios[bits] = ratio
        return ratio
    }

    /// Judges a batch; call only when `canJudge` says so.
    func accept(_ anns: [Announcement]) async -> Outcome {
        guard let job else { return Outcome(counts: BatchCounts(), work: 0, accepted: []) }
        var unknownParent: UInt32 = 0, stale: UInt32 = 0, underTarget: UInt32 = 0, repeated: UInt32 = 0
        var fresh: [(ann: Announcement, parent: BlockHash, key: UInt64)] = []
        var keys: Set<UInt64> = []
        for ann in anns {
            guard Difficulty.isAtOrUnder(ann.workBits, job.announcementBits) else {
                underTarget += 1
                continue
            }
            guard let parent = parents[ann.parentHeight] else {
                unknownParent += 1
                continue
            }
            if job.height > ann.parentHeight + lastUsableAge(ann.workBits) {
                stale += 1
                continue
            }
            let key = AnnouncementStore.key(ann)
            guard keys.insert(key).inserted else {
                repeated += 1
                continue
            }
            fresh.append((ann, parent, key))
        }
        // One look at the store for the whole batch: what it holds is a replay.
        let held = await store.holds(fresh.map(\.key))
        let candidates = zip(fresh, held).filter { !$0.1 }.map(\.0)
        repeated += UInt32(fresh.count - candidates.count)
        validations += candidates.count
        let valid = validate ? await pool.validate(candidates.map { ($0.ann, $0.parent) })
                             : [Bool](repeating: true, count: candidates.count)
        let good = zip(candidates, valid).filter(\.1).map { ($0.0.ann, $0.0.key) }
        let stored = await store.insert(keyed: good)
        let work = stored.accepted.reduce(0.0) { $0 + workRatio($1.workBits, blockBits: job.blockBits) }
        return Outcome(
            counts: BatchCounts(
                accepted: UInt32(stored.accepted.count), duplicate: UInt32(stored.duplicate) + repeated,
                invalid: UInt32(candidates.count - good.count), stale: stale + UInt32(stored.full),
                unknownParent: unknownParent, underTarget: underTarget),
            work: work, accepted: stored.accepted)
    }
}
