import ClusterProtocol
import PKTChain
import PKTWire
import PacketCrypt

/// Turns chain templates into jobs, numbering them and attaching the recent
/// block hashes aggregators need to check announcements.
actor JobBook {
    /// Recent blocks sent with each job: enough for announcements at any
    /// usable age at the default targets.
    static let recentBlockCount: UInt32 = 32

    private let chain: ChainClient
    private let announcementBits: UInt32
    private let shareBits: UInt32
    private var nextID: UInt64
    private var hashes: [UInt32: BlockHash] = [:]
    private(set) var current: Job?

    init(chain: ChainClient, announcementBits: UInt32, shareBits: UInt32, firstID: UInt64) {
        self.chain = chain
        self.announcementBits = announcementBits
        self.shareBits = shareBits
        nextID = firstID
    }

    /// The job for `template`, published to aggregators at `aggregators`.
    func job(for template: ChainTemplate, aggregators: [String]) async throws -> Job {
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
        let job = try Job(
            id: nextID, height: template.height, parentHash: template.previousBlock, parentHeight: tip,
            announcementBits: announcementBits, shareBits: shareBits, header: template.header.bytes,
            coinbase: template.coinbase.bytes, merkleBranch: template.merkleBranch,
            transactions: template.transactions.map(\.bytes), recentBlocks: recent, aggregators: aggregators)
        nextID += 1
        current = job
        return job
    }

    /// The current job with another list of aggregators (same id).
    func refreshed(aggregators: [String]) throws -> Job? {
        guard let job = current, job.aggregators != aggregators else { return current }
        let updated = try Job(
            id: job.id, height: job.height, parentHash: job.parentHash, parentHeight: job.parentHeight,
            announcementBits: job.announcementBits, shareBits: job.shareBits, header: job.header,
            coinbase: job.coinbase, merkleBranch: job.merkleBranch, transactions: job.transactions,
            recentBlocks: job.recentBlocks, aggregators: aggregators)
        current = updated
        return updated
    }
}
