import CPacketCrypt

/// The announcements one block is mined over: those usable at the block's
/// height, sorted and de-duplicated, with the tree its coinbase commits to.
/// Read-only once built and shared by all mining threads. It refers to its
/// chunks' storage without copying and keeps the chunks alive.
public final class AnnouncementSet: Sendable {
    public let height: UInt32
    /// Announcements in the tree (after dropping unusable and duplicate ones).
    public let count: UInt64
    /// The commitment's minimum announcement target.
    public let minTarget: UInt32
    public let commitment: CoinbaseCommitment
    /// Bytes held for positions and the tree, beyond the announcements.
    public let overheadBytes: Int

    let handle: KernelHandle
    private let chunks: [AnnouncementChunk]

    /// Builds the set for a block at `height`, hashing on `threads` threads.
    /// Throws `noUsableAnnouncements` when none can go into a block there.
    public init(chunks: [AnnouncementChunk], height: UInt32, threads: Int = 1) throws {
        try Kernel.ensureReady()
        let nonEmpty = chunks.filter { $0.count > 0 }
        let pointers: [UnsafePointer<UInt8>?] = nonEmpty.map { UnsafePointer($0.base.assumingMemoryBound(to: UInt8.self)) }
        let counts = nonEmpty.map { UInt32($0.count) }
        var raw: OpaquePointer?
        let result = pc_ann_set_build(&raw, pointers, counts, UInt32(nonEmpty.count), height, Int32(max(1, threads)))
        switch result {
        case PC_ANN_SET_OK: break
        case PC_ANN_SET_EMPTY: throw PacketCryptError.noUsableAnnouncements(height: height)
        case PC_ANN_SET_TOO_MANY: throw PacketCryptError.invalidArgument("too many announcement chunks for one set")
        default: throw PacketCryptError.outOfMemory
        }
        handle = try KernelHandle({ raw }, free: pc_ann_set_free)
        self.chunks = nonEmpty
        self.height = height
        count = pc_ann_set_count(handle.pointer)
        minTarget = pc_ann_set_min_target(handle.pointer)
        overheadBytes = pc_ann_set_memory(handle.pointer)
        var commit = [UInt8](repeating: 0, count: CoinbaseCommitment.size)
        pc_ann_set_commitment(handle.pointer, &commit)
        commitment = try CoinbaseCommitment(bytes: commit)
    }

    /// Builds a set from announcements held in arrays (copied into chunks).
    public convenience init(announcements: [Announcement], height: UInt32, threads: Int = 1) throws {
        try self.init(chunks: AnnouncementChunk.chunks(of: announcements), height: height, threads: threads)
    }

    /// The announcement at sorted position `position`.
    public func announcement(at position: UInt64) -> Announcement {
        precondition(position < count, "position out of range")
        let bytes = pc_ann_set_announcement(handle.pointer, position)!
        return Announcement(unchecked: Array(UnsafeBufferPointer(start: bytes, count: Announcement.size)))
    }

    /// The effective target of a block with header bits `bits` over this set.
    public func effectiveTarget(blockBits bits: UInt32) -> UInt32 {
        Difficulty.effectiveTarget(blockBits: bits, annMinTarget: minTarget, annCount: count)
    }
}
