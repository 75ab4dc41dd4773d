import ClusterProtocol
import PKTChain
import PKTWire
import PacketCrypt

/// Turns chain templates into jobs, numbering them and attaching the recent
/// block hashes aggregators need to check announcements.
///
/// Announcements are mined on the block three below the one being mined
/// (the newest parent a block may use, since an announcement must be three
/// blocks old): what workers find is usable at once, at its full target, and
/// for as many blocks after as its target allows. Mining on the tip instead
/// would leave a fresh chain, or one whose blocks come fast, with nothing to
/// build its next blocks on.
actor JobBook {
    /// How far below the block being mined announcements commit.
    static let announcementDepth: UInt32 = 3

    /// Recent blocks sent with each job: enough for announcements at any
    /// usable age at the default targets.
    static let recentBlockCount: UInt32 = 32

    /// Recent jobs remembered, for the shares and blocks found on them.
    static let rememberedJobs = 64

    /// What the coordinator needs of a job once it was published.
    struct Issued: Sendable {
        let job: Job
        let blockBits: UInt32
        /// The payout window its template pays by.
        let window: Int64
    }

    private let chain: ChainClient
    private let announcementBits: UInt32
    private let shareDivisor: UInt32
    private var nextID: UInt64
    private var hashes: [UInt32: BlockHash] = [:]
    private var issued: [UInt64: Issued] = [:]
    private(set) var current: Job?

    init(chain: ChainClient, announcementBits: UInt32, shareDivisor: UInt32, firstID: UInt64) {
        self.chain = chain
        self.announcementBits = announcementBits
        self.shareDivisor = shareDivisor
        nextID = firstID
    }

    /// A job issued recently, by id.
    func issued(_ id: UInt64) -> Issued? { issued[id] }

    /// The job for `template` (which pays by `window`). Its share target is
    /// the block's work divided by the share divisor.
    func job(for template: ChainTemplate, window: Int64) async throws -> Job {
        let tip = template.height - 1
        let low = tip >= Self.recentBlockCount ? tip - Self.recentBlockCount + 1 : 0
        hashes = hashes.filter { $0.key >= low && $0.key < tip }
        var recent: [RecentBlock] = []
        for height in low...tip {
            let hash: BlockHash
            if height == tip {
                hash = template.previousBlock
            } else if let known = hashes[height] {
                hash = known
            } else {
                hash = try await chain.blockHash(height: height)
            }
            hashes[height] = hash
            recent.append(RecentBlock(height: height, hash: hash))
        }
        let parentHeight = template.height > Self.announcementDepth ? template.height - Self.announcementDepth : 0
        guard let parentHash = hashes[parentHeight] else { throw ChainError.malformed(method: "getblockhash", reason: "no hash for height \(parentHeight)") }
        let shareBits = Difficulty.shareBits(blockBits: template.header.bits, divisor: shareDivisor)
        let job = try Job(
            id: nextID, height: template.height, parentHash: parentHash, parentHeight: parentHeight,
            announcementBits: announcementBits, shareBits: shareBits, header: template.header.bytes,
            coinbase: template.coinbase.bytes, merkleBranch: template.merkleBranch,
            transactions: template.transactions.map(\.bytes), recentBlocks: recent)
        nextID += 1
        current = job
        issued[job.id] = Issued(job: job, blockBits: template.header.bits, window: window)
        if issued.count > Self.rememberedJobs, let oldest = issued.keys.min() { issued[oldest] = nil }
        return job
    }
}
