/// Sizes and limits of the cluster protocol. Lengths of strings are in UTF-8
/// bytes; limits of lists are entry counts.
public enum ProtocolLimits {
    /// Magic (4), version (1), type (1), flags (2).
    public static let headerSize = 8
    /// The largest body: 2 MiB of announcements or block, plus 4 KiB for the
    /// fixed fields around them (a full batch is 2 MiB + 294 bytes).
    public static let maxBodySize = 2 * 1024 * 1024 + 4096
    /// The largest frame, header included.
    public static let maxFrameSize = headerSize + maxBodySize

    /// Node names, payout addresses and endpoints.
    public static let maxShortString = 256
    /// `FoundAck.reason`.
    public static let maxReason = 1024
    /// `Command.name`.
    public static let maxCommandName = 64
    /// `Command.arguments` (JSON text).
    public static let maxCommandArguments = 64 * 1024
    /// `CommandReply.body` (JSON text).
    public static let maxCommandReplyBody = 1024 * 1024

    /// `Job.header`: exactly this many bytes.
    public static let templateHeaderSize = 80
    /// `Job.coinbase`.
    public static let maxCoinbaseSize = 100 * 1024
    /// `Job.merkleBranch` entries (each 32 bytes).
    public static let maxMerkleBranch = 64
    /// `Job.transactions` entries.
    public static let maxTransactions = 10_000
    /// One entry of `Job.transactions`; the frame limit bounds their total.
    public static let maxTransactionSize = 2 * 1024 * 1024
    /// `Job.recentBlocks` entries.
    public static let maxRecentBlocks = 512
    /// `Assignment.feeds` entries: one per validator, so a block miner can
    /// read this many validators (at 256 bytes each, 2 MiB of frame).
    public static let maxFeeds = 8000

    /// `AnnouncementBatch.announcements` entries (each 1024 bytes).
    public static let maxAnnouncementsPerBatch = 2048

    /// `Found.workHash`: exactly this many bytes.
    public static let workHashSize = 32
    /// `Found.block`.
    public static let maxBlockSize = 2 * 1024 * 1024
}
