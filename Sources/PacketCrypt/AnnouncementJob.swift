import CPacketCrypt

/// What announcements are mined for: the parent block they commit to and
/// their work target, plus the optional signing key and content fields.
public struct AnnouncementJob: Sendable, Hashable {
    public var parentHash: BlockHash
    public var parentHeight: UInt32
    public var workBits: UInt32
    public var signingKey: [UInt8]
    public var contentType: UInt32
    public var contentLength: UInt32
    public var contentHash: [UInt8]

    public init(
        parentHash: BlockHash, parentHeight: UInt32, workBits: UInt32,
        signingKey: [UInt8] = [UInt8](repeating: 0, count: 32),
        contentType: UInt32 = 0, contentLength: UInt32 = 0,
        contentHash: [UInt8] = [UInt8](repeating: 0, count: 32)
    ) throws {
        guard parentHeight <= 0x7fff_ffff else {
            throw PacketCryptError.invalidArgument("parent height \(parentHeight) is above 2^31-1")
        }
        guard signingKey.count == 32 else {
            throw PacketCryptError.invalidLength(what: "a signing key", expected: 32, actual: signingKey.count)
        }
        guard contentHash.count == 32 else {
            throw PacketCryptError.invalidLength(what: "a content hash", expected: 32, actual: contentHash.count)
        }
        guard Difficulty.softNonceMax(bits: workBits) > 0, Difficulty.target(bits: workBits) != nil else {
            throw PacketCryptError.invalidArgument("work target \(Difficulty.formatBits(workBits)) cannot be mined")
        }
        self.parentHash = parentHash
        self.parentHeight = parentHeight
        self.workBits = workBits
        self.signingKey = signingKey
        self.contentType = contentType
        self.contentLength = contentLength
        self.contentHash = contentHash
    }

    var kernelJob: pc_ann_job {
        var job = pc_ann_job()
        withUnsafeMutableBytes(of: &job.parent_hash) { $0.copyBytes(from: parentHash.bytes) }
        withUnsafeMutableBytes(of: &job.signing_key) { $0.copyBytes(from: signingKey) }
        withUnsafeMutableBytes(of: &job.content_hash) { $0.copyBytes(from: contentHash) }
        job.parent_height = parentHeight
        job.work_bits = workBits
        job.content_type = contentType
        job.content_length = contentLength
        return job
    }
}
