import PKTWire
import PacketCrypt
import Testing

/// The PcP entity stream: what it writes and what it accepts.
struct PacketCryptProofTests {
    /// Type 1 entity with a 4188-byte payload: nonce, 4 announcements, 88 proof bytes.
    private func proofEntity(seed: UInt8 = 1) throws -> [UInt8] {
        let proof = try Fixtures.proof(seed: seed)
        return [0x01, 0xfd, 0x5c, 0x10] + [0x01, 0x02, 0x03, 0x04] + proof.announcements.flatMap(\.bytes)
            + proof.announcementProof
    }

    @Test func writesProofThenVersionThenEnd() throws {
        let proof = try Fixtures.proof()
        let raw = proof.bytes
        #expect(raw == (try proofEntity()) + [0x04, 0x01, 0x02] + [0x00, 0x00])
        #expect(try PacketCryptProof(bytes: raw) == proof)
    }

    @Test func roundTripsWithoutVersion() throws {
        let proof = try Fixtures.proof(version: 0)
        #expect(proof.bytes == (try proofEntity()) + [0x00, 0x00])
        #expect(try PacketCryptProof(bytes: proof.bytes) == proof)
    }

    @Test func roundTripsWithSignaturesAndContentProof() throws {
        let anns = try Fixtures.announcements(seed: 1, signed: [true, false, true, false])
        let first = Fixtures.bytes(64, seed: 20)
        let third = Fixtures.bytes(64, seed: 22)
        let signatures = [first, nil, third, nil]
        let proof = try PacketCryptProof(nonce: 7, announcements: anns, announcementProof: Fixtures.bytes(300, seed: 5),
                                         signatures: signatures, contentProof: [9, 9, 9], version: 2)
        let raw = proof.bytes
        let tail = [0x02, 0x80] + first + third + [0x03, 0x03, 9, 9, 9] + [0x04, 0x01, 0x02, 0x00, 0x00]
        #expect(Array(raw.suffix(tail.count)) == tail)
        #expect(raw.count == 4 + 4100 + 300 + tail.count)
        let decoded = try PacketCryptProof(bytes: raw)
        #expect(decoded == proof)
        #expect(decoded.signatures[1] == nil && decoded.signatures[0] == first)
    }

    @Test func emptyContentProofIsPresent() throws {
        let base = try Fixtures.proof()
        let proof = try PacketCryptProof(nonce: base.nonce, announcements: base.announcements,
                                         announcementProof: base.announcementProof, contentProof: [])
        let decoded = try PacketCryptProof(bytes: proof.bytes)
        #expect(decoded.contentProof == [])
        #expect(decoded == proof)
    }

    @Test func endWithALengthStopsWithoutConsumingIt() throws {
        var reader = ByteReader(try proofEntity() + [0x00, 0x05] + [0xaa, 0xbb])
        let proof = try PacketCryptProof(from: &reader)
        #expect(proof == (try Fixtures.proof(version: 0)))
        #expect(reader.remaining == 2)
        #expect(try reader.read(UInt8.self, "") == 0xaa)
    }

    @Test func endFirstIsMissingProof() {
        #expect(throws: WireError.missingProof) { try PacketCryptProof(bytes: [0x00, 0x00]) }
        #expect(WireError.missingProof.description == "Missing PacketCrypt proof")
    }

    @Test func proofLengthLimits() throws {
        let filler = [UInt8](repeating: 0, count: 4200)
        #expect(throws: WireError.runtProof(length: 4100)) {
            try PacketCryptProof(bytes: [0x01, 0xfd, 0x04, 0x10] + filler)
        }
        #expect(throws: WireError.oversizeProof(length: 131_073)) {
            try PacketCryptProof(bytes: [0x01, 0xfe, 0x01, 0x00, 0x02, 0x00] + filler)
        }
        let base = try Fixtures.proof()
        #expect(throws: WireError.runtProof(length: 4100)) {
            try PacketCryptProof(nonce: 0, announcements: base.announcements, announcementProof: [])
        }
    }

    @Test func entitiesBeforeTheProofAreRejected() throws {
        #expect(throws: WireError.signaturesBeforeProof) { try PacketCryptProof(bytes: [0x02, 0x00, 0x00, 0x00]) }
        #expect(throws: WireError.contentProofsBeforeProof) { try PacketCryptProof(bytes: [0x03, 0x00, 0x00, 0x00]) }
    }

    @Test func signatureBytesMustMatchTheSignedAnnouncements() throws {
        let anns = try Fixtures.announcements(seed: 1, signed: [false, true, false, false])
        let proof = try PacketCryptProof(nonce: 1, announcements: anns, announcementProof: [1], version: 0)
        let entity = Array(proof.bytes.dropLast(2))
        let signature = Fixtures.bytes(64, seed: 8)
        // One signed announcement, 128 bytes announced: 64 left over.
        #expect(throws: WireError.danglingSignatureBytes(count: 64)) {
            try PacketCryptProof(bytes: entity + [0x02, 0x80] + signature + signature + [0x00, 0x00])
        }
        // Zero bytes announced: the 64 are read, then found to overrun.
        #expect(throws: WireError.notEnoughSignatureBytes) {
            try PacketCryptProof(bytes: entity + [0x02, 0x00] + signature + [0x00, 0x00])
        }
        let signed = try PacketCryptProof(bytes: entity + [0x02, 0x40] + signature + [0x00, 0x00])
        #expect(signed.signatures == [nil, signature, nil, nil])
        // A length near 2^64 neither wraps nor traps.
        let huge: [UInt8] = [0x02, 0xff, 0xc0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        #expect(throws: WireError.danglingSignatureBytes(count: 0xffff_ffff_ffff_ff80)) {
            try PacketCryptProof(bytes: entity + huge + signature + [0x00, 0x00])
        }
        // No signed announcement at all.
        #expect(throws: WireError.danglingSignatureBytes(count: 64)) {
            try PacketCryptProof(bytes: (try proofEntity()) + [0x02, 0x40] + signature + [0x00, 0x00])
        }
    }

    @Test func unknownEntitiesAreSkipped() throws {
        let decoded = try PacketCryptProof(bytes: (try proofEntity()) + [0x07, 0x03, 0xaa, 0xbb, 0xcc, 0x00, 0x00])
        #expect(decoded == (try Fixtures.proof(version: 0)))
        #expect(throws: WireError.truncated(what: "a proof entity")) {
            try PacketCryptProof(bytes: (try proofEntity()) + [0x07, 0x09, 0xaa])
        }
    }

    @Test func versionEntityLengthMustMatch() throws {
        #expect(throws: WireError.danglingVersionBytes) {
            try PacketCryptProof(bytes: (try proofEntity()) + [0x04, 0x02, 0x02, 0x00, 0x00, 0x00])
        }
        let wide = try PacketCryptProof(bytes: (try proofEntity()) + [0x04, 0x03, 0xfd, 0x00, 0x01, 0x00, 0x00])
        #expect(wide.version == 256)
        #expect(wide.bytes.suffix(7) == [0x04, 0x03, 0xfd, 0x00, 0x01, 0x00, 0x00])
    }

    @Test func nonCanonicalVarIntInTheStreamThrows() throws {
        #expect(throws: WireError.nonCanonicalVarInt(1)) { try PacketCryptProof(bytes: [0xfd, 0x01, 0x00, 0x00]) }
        var entity = try proofEntity()
        entity.replaceSubrange(1..<4, with: [0xfe, 0x5c, 0x10, 0x00, 0x00])
        #expect(throws: WireError.nonCanonicalVarInt(4188)) { try PacketCryptProof(bytes: entity + [0x00, 0x00]) }
    }

    @Test func aSecondProofEntityReplacesTheFirst() throws {
        let raw = try proofEntity(seed: 1) + proofEntity(seed: 9) + [0x00, 0x00]
        let decoded = try PacketCryptProof(bytes: raw)
        #expect(decoded == (try Fixtures.proof(seed: 9, version: 0)))
    }

    @Test func invalidProofsCannotBeBuilt() throws {
        let anns = try Fixtures.announcements(seed: 1, signed: [true, false, false, false])
        #expect(throws: WireError.announcementCount(3)) {
            try PacketCryptProof(nonce: 0, announcements: Array(anns.prefix(3)), announcementProof: [1])
        }
        let sig = Fixtures.bytes(64, seed: 1)
        #expect(throws: WireError.signatureSlots("announcement 0 is signed but has no signature")) {
            try PacketCryptProof(nonce: 0, announcements: anns, announcementProof: [1],
                                 signatures: [nil, sig, nil, nil])
        }
        #expect(throws: WireError.signatureSlots("signature 0 is not 64 bytes")) {
            try PacketCryptProof(nonce: 0, announcements: anns, announcementProof: [1],
                                 signatures: [[1], nil, nil, nil])
        }
        #expect(throws: WireError.versionOutOfRange("-1")) {
            try PacketCryptProof(nonce: 0, announcements: anns, announcementProof: [1], version: -1)
        }
    }
}
