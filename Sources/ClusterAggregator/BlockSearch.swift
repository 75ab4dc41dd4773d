import ClusterProtocol
import Logging
import PKTWire
import PacketCrypt

/// Mines blocks for the current job over the best announcement set the
/// store can give, rebuilding the set as announcements arrive.
actor BlockSearch {
    /// What is being mined: the job, its template and the miner's job.
    struct Current: Sendable {
        let job: Job
        let template: BlockTemplate
        let mining: BlockMiningJob
    }

    let miner: BlockMiner
    private let store: AnnouncementStore
    private let threads: Int
    private let logger: Logger
    private(set) var current: Current?

    /// Written into each coinbase's script, so block miners on one job mine
    /// different headers (and never find the same block).
    private let minerTag: [UInt8]

    init(store: AnnouncementStore, threads: Int, minerTag: [UInt8], logger: Logger) throws {
        miner = try BlockMiner(threads: threads)
        self.minerTag = minerTag
        self.store = store
        self.threads = threads
        self.logger = logger
    }

    /// Starts mining `job` (or restarts it over a fresh set); false when no
    /// announcement is usable yet.
    @discardableResult
    func mine(_ job: Job) async -> Bool {
        do {
            let chunks = await store.chunks(forBlockAt: job.height)
            guard !chunks.isEmpty else {
                miner.pause()
                return false
            }
            let set = try AnnouncementSet(chunks: chunks, height: job.height, threads: threads)
            let header = try BlockHeader(bytes: job.header)
            var coinbase = try Transaction(bytes: job.coinbase)
            if let input = coinbase.inputs.first, input.signatureScript.count + 1 + minerTag.count <= Self.maxCoinbaseScript {
                coinbase.inputs[0].signatureScript = input.signatureScript + [UInt8(minerTag.count)] + minerTag
            }
            let template = BlockTemplate(
                version: header.version, previousBlock: header.previousBlock, bits: header.bits, time: header.time,
                coinbase: coinbase, transactions: try job.transactions.map { try Transaction(bytes: $0) })
            let mining = try BlockMiningJob(set: set, header: template.header(committingTo: set.commitment).bytes,
                                            shareBits: job.shareBits)
            try miner.mine(mining)
            current = Current(job: job, template: template, mining: mining)
            let effective = set.effectiveTarget(blockBits: header.bits)
            effectiveRatio = Difficulty.workRatio(effective, to: header.bits)
            logger.info("mining block \(job.height) over \(set.count) announcements, effective target \(Difficulty.formatBits(effective))")
            return true
        } catch PacketCryptError.noUsableAnnouncements {
            miner.pause()
            return false
        } catch {
            logger.error("cannot mine job \(job.id): \(error)")
            miner.pause()
            return false
        }
    }

    /// The finished block (or share) for a proof of the current job; nil when stale.
    func found(_ proof: MinedProof) -> (Current, Block)? {
        guard let current, proof.job.header == current.mining.header else { return nil }
        guard let block = try? current.template.block(from: proof) else { return nil }
        return (current, block)
    }

    var setSize: UInt64 { current?.mining.set.count ?? 0 }

    /// The work of the set's effective target over the block target's (below 1: the set eases the block).
    private(set) var effectiveRatio = 0.0

    /// The longest coinbase script the chain takes.
    static let maxCoinbaseScript = 100
}
