import PacketCrypt

/// The header-and-proof form a block miner hands to its pool: the 80-byte
/// header, 4 zero bytes, the nonce, the four announcements and, to the end,
/// the announcement proof. It carries no signatures or content proofs.
public struct HeaderAndProof: Sendable, Hashable, WireCodable {
    public let header: BlockHeader
    /// The proof as a version-2 PcP without signatures.
    public let proof: PacketCryptProof

    public init(header: BlockHeader, nonce: UInt32, announcements: [Announcement], announcementProof: [UInt8]) throws {
        self.header = header
        proof = try PacketCryptProof(nonce: nonce, announcements: announcements,
                                     announcementProof: announcementProof, version: 2)
    }

    /// Reads the header and proof; the announcement proof takes the rest of the input.
    public init(from reader: inout ByteReader) throws {
        let header = try BlockHeader(from: &reader)
        guard try reader.read(UInt32.self, "the padding after the header") == 0 else {
            throw WireError.nonZeroPadding
        }
        try PacketCryptProof.checkPayloadLength(UInt64(reader.remaining))
        let nonce = try reader.read(UInt32.self, "the proof nonce")
        let announcements = try PacketCryptProof.readAnnouncements(from: &reader)
        let announcementProof = try reader.readBytes(count: reader.remaining, "the announcement proof")
        try self.init(header: header, nonce: nonce, announcements: announcements, announcementProof: announcementProof)
    }

    public func write(to writer: inout ByteWriter) {
        header.write(to: &writer)
        writer.write(UInt32(0))
        writer.write(proof.nonce)
        for ann in proof.announcements { writer.write(bytes: ann.bytes) }
        writer.write(bytes: proof.announcementProof)
    }
}
