import PacketCrypt

/// A block recently added to the chain: aggregators accept announcements
/// whose parent is one of these.
public struct RecentBlock: Sendable, Hashable {
    public let height: UInt32
    public let hash: BlockHash

    public init(height: UInt32, hash: BlockHash) {
        self.height = height
        self.hash = hash
    }

    static let encodedSize = 4 + 32
}

/// Type 1, coordinator PUB (topic `job`) → every node: the work of the moment.
/// A new `Job` replaces the previous one. Where each node sends or reads
/// announcements is not in the job but in its own ``Assignment``.
public struct Job: Sendable, Hashable {
    /// Increases with every job the coordinator publishes.
    public let id: UInt64
    /// Height of the block being mined.
    public let height: UInt32
    /// The block new announcements commit to (the coordinator picks three
    /// below `height`, so they can go into the block being mined at once).
    public let parentHash: BlockHash
    public let parentHeight: UInt32
    /// Compact work target announcements must meet.
    public let announcementBits: UInt32
    /// Compact target of a share.
    public let shareBits: UInt32
    /// The template's 80-byte block header.
    public let header: [UInt8]
    /// The serialized coinbase transaction, its commitment a placeholder.
    public let coinbase: [UInt8]
    /// The coinbase's Merkle branch: 32-byte hashes, leaf to root.
    public let merkleBranch: [[UInt8]]
    /// The block's other serialized transactions, in block order.
    public let transactions: [[UInt8]]
    /// Blocks whose hashes announcements may commit to.
    public let recentBlocks: [RecentBlock]

    public init(
        id: UInt64, height: UInt32, parentHash: BlockHash, parentHeight: UInt32, announcementBits: UInt32,
        shareBits: UInt32, header: [UInt8], coinbase: [UInt8], merkleBranch: [[UInt8]], transactions: [[UInt8]],
        recentBlocks: [RecentBlock]
    ) throws(ProtocolError) {
        try Check.exactSize(header.count, ProtocolLimits.templateHeaderSize, "Job.header")
        try Check.blob(coinbase, "Job.coinbase", limit: ProtocolLimits.maxCoinbaseSize)
        try Check.count(merkleBranch.count, "Job.merkleBranch", limit: ProtocolLimits.maxMerkleBranch)
        for (index, hash) in merkleBranch.enumerated() {
            try Check.exactSize(hash.count, 32, "Job.merkleBranch[\(index)]")
        }
        try Check.count(transactions.count, "Job.transactions", limit: ProtocolLimits.maxTransactions)
        for (index, transaction) in transactions.enumerated() {
            try Check.blob(transaction, "Job.transactions[\(index)]", limit: ProtocolLimits.maxTransactionSize)
        }
        try Check.count(recentBlocks.count, "Job.recentBlocks", limit: ProtocolLimits.maxRecentBlocks)
        self.id = id
        self.height = height
        self.parentHash = parentHash
        self.parentHeight = parentHeight
        self.announcementBits = announcementBits
        self.shareBits = shareBits
        self.header = header
        self.coinbase = coinbase
        self.merkleBranch = merkleBranch
        self.transactions = transactions
        self.recentBlocks = recentBlocks
        // Transactions are bounded only by the frame.
        let frameSize = ProtocolLimits.headerSize + encodedSize
        guard frameSize <= ProtocolLimits.maxFrameSize else { throw .frameTooLarge(frameSize) }
    }

    var encodedSize: Int {
        8 + 4 + 32 + 4 + 4 + 4 + WireWriter.blobSize(header) + WireWriter.blobSize(coinbase)
            + 4 + 32 * merkleBranch.count
            + 4 + transactions.reduce(0) { $0 + WireWriter.blobSize($1) }
            + 4 + RecentBlock.encodedSize * recentBlocks.count
    }

    func encode(into writer: inout WireWriter) {
        writer.u64(id)
        writer.u32(height)
        writer.blockHash(parentHash)
        writer.u32(parentHeight)
        writer.u32(announcementBits)
        writer.u32(shareBits)
        writer.blob(header)
        writer.blob(coinbase)
        writer.count(merkleBranch.count)
        for hash in merkleBranch { writer.raw(hash) }
        writer.count(transactions.count)
        for transaction in transactions { writer.blob(transaction) }
        writer.count(recentBlocks.count)
        for block in recentBlocks {
            writer.u32(block.height)
            writer.blockHash(block.hash)
        }
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> Job {
        let id = try reader.u64("Job.id")
        let height = try reader.u32("Job.height")
        let parentHash = try reader.blockHash("Job.parentHash")
        let parentHeight = try reader.u32("Job.parentHeight")
        let announcementBits = try reader.u32("Job.announcementBits")
        let shareBits = try reader.u32("Job.shareBits")
        let header = try reader.exactBlob("Job.header", size: ProtocolLimits.templateHeaderSize)
        let coinbase = try reader.blob("Job.coinbase", limit: ProtocolLimits.maxCoinbaseSize)
        let merkleBranch = try reader.list("Job.merkleBranch", limit: ProtocolLimits.maxMerkleBranch, minimumSize: 32) {
            (reader: inout WireReader, field: String) throws(ProtocolError) in try reader.raw(32, field)
        }
        let transactions = try reader.list(
            "Job.transactions", limit: ProtocolLimits.maxTransactions, minimumSize: 4
        ) { (reader: inout WireReader, field: String) throws(ProtocolError) in
            try reader.blob(field, limit: ProtocolLimits.maxTransactionSize)
        }
        let recentBlocks = try reader.list(
            "Job.recentBlocks", limit: ProtocolLimits.maxRecentBlocks, minimumSize: RecentBlock.encodedSize
        ) { (reader: inout WireReader, field: String) throws(ProtocolError) in
            RecentBlock(height: try reader.u32(field + ".height"), hash: try reader.blockHash(field + ".hash"))
        }
        return try Job(
            id: id, height: height, parentHash: parentHash, parentHeight: parentHeight,
            announcementBits: announcementBits, shareBits: shareBits, header: header, coinbase: coinbase,
            merkleBranch: merkleBranch, transactions: transactions, recentBlocks: recentBlocks)
    }
}
