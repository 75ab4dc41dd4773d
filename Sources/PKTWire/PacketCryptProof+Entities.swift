import PacketCrypt

extension PacketCryptProof {
    enum EntityType: UInt64 {
        case end = 0
        case proof = 1
        case signatures = 2
        case contentProofs = 3
        case version = 4
    }

    /// Reads entities up to and including END. END's length is read but not
    /// checked, and no payload is consumed after it. Unknown entities are
    /// skipped; a repeated proof entity replaces the earlier one.
    public init(from reader: inout ByteReader) throws {
        var nonce: UInt32 = 0
        var announcements: [Announcement] = []
        var announcementProof: [UInt8] = []
        var signatures: [[UInt8]?] = [nil, nil, nil, nil]
        var contentProof: [UInt8]?
        var version = 0
        var hasProof = false

        while true {
            let type = try reader.readVarInt("a proof entity type")
            let length = try reader.readVarInt("a proof entity length")
            switch EntityType(rawValue: type) {
            case .end:
                guard hasProof else { throw WireError.missingProof }
                self.init(unchecked: nonce, announcements, announcementProof, signatures, contentProof, version)
                return
            case .proof:
                try Self.checkPayloadLength(length)
                nonce = try reader.read(UInt32.self, "the proof nonce")
                announcements = try Self.readAnnouncements(from: &reader)
                announcementProof = try reader.readBytes(
                    count: Int(length) - Self.fixedPayloadSize, "the announcement proof")
                hasProof = true
            case .signatures:
                guard hasProof else { throw WireError.signaturesBeforeProof }
                // Each signature is read before the length is checked to cover it.
                var remaining = length
                for (i, ann) in announcements.enumerated() where ann.isSigned {
                    signatures[i] = try reader.readBytes(count: Self.signatureSize, "an announcement signature")
                    guard remaining >= UInt64(Self.signatureSize) else { throw WireError.notEnoughSignatureBytes }
                    remaining -= UInt64(Self.signatureSize)
                }
                guard remaining == 0 else { throw WireError.danglingSignatureBytes(count: remaining) }
            case .contentProofs:
                guard hasProof else { throw WireError.contentProofsBeforeProof }
                contentProof = try reader.readBytes(count: Self.byteCount(length, in: reader), "the content proofs")
            case .version:
                let value = try reader.readVarInt("the proof version")
                guard ByteWriter.varIntSize(value) == length else { throw WireError.danglingVersionBytes }
                guard let decoded = Int(exactly: value) else { throw WireError.versionOutOfRange("\(value)") }
                version = decoded
            case nil:
                try reader.skip(count: Self.byteCount(length, in: reader), "an unknown proof entity")
            }
        }
    }

    /// Writes the proof entity, then signatures, content proofs and version
    /// when present, then END with length 0.
    public func write(to writer: inout ByteWriter) {
        writer.writeVarInt(EntityType.proof.rawValue)
        writer.writeVarInt(Self.fixedPayloadSize + announcementProof.count)
        writer.write(nonce)
        for ann in announcements { writer.write(bytes: ann.bytes) }
        writer.write(bytes: announcementProof)

        let signatureBytes = Array(signatures.compactMap { $0 }.joined())
        if !signatureBytes.isEmpty {
            writer.writeVarInt(EntityType.signatures.rawValue)
            writer.writeVarInt(signatureBytes.count)
            writer.write(bytes: signatureBytes)
        }
        if let contentProof {
            writer.writeVarInt(EntityType.contentProofs.rawValue)
            writer.writeVarBytes(contentProof)
        }
        if version > 0 {
            writer.writeVarInt(EntityType.version.rawValue)
            writer.writeVarInt(ByteWriter.varIntSize(UInt64(version)))
            writer.writeVarInt(version)
        }
        writer.writeVarInt(EntityType.end.rawValue)
        writer.writeVarInt(0)
    }

    /// `length` as a byte count, or `truncated` when the input is shorter.
    private static func byteCount(_ length: UInt64, in reader: ByteReader) throws -> Int {
        guard length <= UInt64(reader.remaining) else { throw WireError.truncated(what: "a proof entity") }
        return Int(length)
    }
}
