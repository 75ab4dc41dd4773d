import PacketCrypt

/// Announcements mined once and shared by the block tests: all at parent
/// height `parentHeight` and target 0x200fffff, usable at ages 3 to 6.
enum AnnouncementPool {
    static let parentHeight: UInt32 = 5_000
    static let workBits: UInt32 = 0x200f_ffff
    static let parent = try! BlockHash(displayHex: String(repeating: "c3", count: 31) + "07")
    static let size = 100_000

    private static let mined = Task<[Announcement], Error> {
        let job = try AnnouncementJob(parentHash: parent, parentHeight: parentHeight, workBits: workBits)
        return try await AnnouncementMiner.announcements(for: job, count: size, threads: 2)
    }

    static func announcements(_ count: Int) async throws -> [Announcement] {
        Array(try await mined.value.prefix(count))
    }

    /// Header bits that make a block over `set` about 1 in 256 hashes.
    static func headerBits(for set: AnnouncementSet) -> UInt32 {
        for exponent in stride(from: UInt32(0x20), through: 0x1a, by: -1) {
            for mantissa: UInt32 in [0x7f_ffff, 0x3f_ffff, 0x1f_ffff, 0x0f_ffff, 0x07_ffff, 0x03_ffff, 0x01_ffff, 0x00_ffff] {
                let bits = exponent << 24 | mantissa
                if set.effectiveTarget(blockBits: bits) <= 0x2000_ffff { return bits }
            }
        }
        return 0x1a00_ffff
    }

    /// An 80-byte header at `bits` (merkle root = double SHA-256 of the commitment).
    static func header(for set: AnnouncementSet, bits: UInt32) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 80)
        header[0] = 1
        for i in 4..<36 { header[i] = 0x42 }
        header.replaceSubrange(36..<68, with: Hashes.sha256d(set.commitment.bytes))
        for (i, byte) in [UInt8(0x00), 0x5e, 0x10, 0x60].enumerated() { header[68 + i] = byte }
        for i in 0..<4 { header[72 + i] = UInt8(truncatingIfNeeded: bits >> (8 * i)) }
        return header
    }

    /// Mines until the first proof of the requested kind.
    static func mine(_ set: AnnouncementSet, bits: UInt32? = nil, shareBits: UInt32 = 0,
                     block: Bool = true, threads: Int = 2) async throws -> MinedProof {
        let job = try BlockMiningJob(set: set, header: header(for: set, bits: bits ?? headerBits(for: set)),
                                     shareBits: shareBits)
        let miner = try BlockMiner(threads: threads)
        defer { miner.stop() }
        try miner.mine(job)
        for await proof in miner.found where proof.isBlock == block { return proof }
        throw PacketCryptError.invalidArgument("the miner stopped")
    }

    static func toCheck(_ proof: MinedProof) -> ProofToCheck {
        ProofToCheck(header: proof.header, lowNonce: proof.lowNonce, announcements: proof.announcements,
                     announcementProof: proof.announcementProof)
    }
}
