import PacketCrypt

/// The PacketCrypt proof (PcP) that sits between a PKT block's header and its
/// transactions: a sequence of entities, each `varint type || varint length
/// || payload`, closed by an END entity.
public struct PacketCryptProof: Sendable, Hashable, WireCodable {
    public static let announcementCount = 4
    public static let signatureSize = 64
    /// Nonce and announcements, the fixed part of the proof entity's payload.
    static let fixedPayloadSize = 4 + announcementCount * Announcement.size
    static let maximumPayloadSize = 131_072

    public let nonce: UInt32
    public let announcements: [Announcement]
    /// The compressed Merkle proof of the four announcements.
    public let announcementProof: [UInt8]
    /// One slot per announcement: its 64-byte signature, or nil.
    public let signatures: [[UInt8]?]
    /// Legacy content proofs; nil when the proof carries none.
    public let contentProof: [UInt8]?
    /// The proof version, 0 when the proof does not state one.
    public let version: Int

    /// Builds a proof that encodes to bytes reading back as the same value:
    /// four announcements, a proof of acceptable size, and either no
    /// signatures or one 64-byte signature for exactly each signed announcement.
    public init(nonce: UInt32, announcements: [Announcement], announcementProof: [UInt8],
                signatures: [[UInt8]?] = [nil, nil, nil, nil], contentProof: [UInt8]? = nil, version: Int = 2) throws {
        guard announcements.count == Self.announcementCount else {
            throw WireError.announcementCount(announcements.count)
        }
        try Self.checkPayloadLength(UInt64(Self.fixedPayloadSize + announcementProof.count))
        guard signatures.count == Self.announcementCount else {
            throw WireError.signatureSlots("expected 4 slots, got \(signatures.count)")
        }
        if signatures.contains(where: { $0 != nil }) {
            for (i, (ann, signature)) in zip(announcements, signatures).enumerated() {
                guard ann.isSigned == (signature != nil) else {
                    throw WireError.signatureSlots(
                        ann.isSigned ? "announcement \(i) is signed but has no signature"
                            : "announcement \(i) has no signing key but has a signature")
                }
                guard signature == nil || signature?.count == Self.signatureSize else {
                    throw WireError.signatureSlots("signature \(i) is not 64 bytes")
                }
            }
        }
        guard version >= 0 else { throw WireError.versionOutOfRange("\(version)") }
        self.init(unchecked: nonce, announcements, announcementProof, signatures, contentProof, version)
    }

    init(unchecked nonce: UInt32, _ announcements: [Announcement], _ announcementProof: [UInt8],
                 _ signatures: [[UInt8]?], _ contentProof: [UInt8]?, _ version: Int) {
        self.nonce = nonce
        self.announcements = announcements
        self.announcementProof = announcementProof
        self.signatures = signatures
        self.contentProof = contentProof
        self.version = version
    }

    /// The proof entity's payload must hold more than the nonce and the four
    /// announcements, and at most 128 KiB.
    static func checkPayloadLength(_ length: UInt64) throws {
        guard length > UInt64(fixedPayloadSize) else { throw WireError.runtProof(length: length) }
        guard length <= UInt64(maximumPayloadSize) else { throw WireError.oversizeProof(length: length) }
    }

    static func readAnnouncements(from reader: inout ByteReader) throws -> [Announcement] {
        try (0..<announcementCount).map { _ in
            try Announcement(bytes: reader.readBytes(count: Announcement.size, "an announcement"))
        }
    }
}
