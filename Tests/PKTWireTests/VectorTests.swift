import Foundation
import PKTWire
import PacketCrypt
import Testing

/// The mined block in `../shared/vectors/` beside the repository, when present.
struct VectorTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/vectors")

    static func load(_ name: String) throws -> [UInt8]? {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("skipping: \(url.path) is absent")
            return nil
        }
        return Array(try Data(contentsOf: url))
    }

    @Test func headerAndProofRoundTrips() throws {
        guard let raw = try Self.load("block_hap.bin"), let commitment = try Self.load("block_coinbase.bin") else {
            return
        }
        let hap = try HeaderAndProof(bytes: raw)
        #expect(hap.bytes == raw)
        #expect(hap.header.bytes == Array(raw.prefix(80)))
        #expect(hap.header.bits == 0x1e3f_ffff)
        #expect(hap.header.merkleRoot == Hashes.sha256d(commitment))
        #expect(hap.proof.version == 2)
        #expect(hap.proof.signatures == [nil, nil, nil, nil])
        #expect(hap.proof.announcementProof.count == raw.count - 4184)

        let stream = hap.proof.bytes
        let payload = raw.count - 84
        #expect(Array(stream.prefix(4)) == [0x01, 0xfd, UInt8(payload & 0xff), UInt8(payload >> 8)])
        #expect(Array(stream[4..<(4 + payload)]) == Array(raw[84...]))
        #expect(Array(stream.suffix(5)) == [0x04, 0x01, 0x02, 0x00, 0x00])
        let proof = try PacketCryptProof(bytes: stream)
        #expect(proof == hap.proof)
        let rebuilt = try HeaderAndProof(header: hap.header, nonce: proof.nonce, announcements: proof.announcements,
                                         announcementProof: proof.announcementProof)
        #expect(rebuilt.bytes == raw)
    }

    @Test func headerAndProofNeedsAProofByte() throws {
        guard let raw = try Self.load("block_hap.bin") else { return }
        #expect(throws: WireError.runtProof(length: 4100)) { try HeaderAndProof(bytes: Array(raw.prefix(4184))) }
        #expect(try HeaderAndProof(bytes: Array(raw.prefix(4185))).proof.announcementProof.count == 1)
        var padded = raw
        padded[81] = 1
        #expect(throws: WireError.nonZeroPadding) { try HeaderAndProof(bytes: padded) }
    }
}
