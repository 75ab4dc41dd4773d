import PKTWire
import PacketCrypt

/// Values shared by the PKTWire tests.
enum Fixtures {
    static let genesisHeaderHex =
        "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f61"
        + "7fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c"

    static let genesisCoinbaseHex =
        "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468"
        + "652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e642062"
        + "61696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a8"
        + "28e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000"

    static func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    static func hash(_ seed: UInt8) -> [UInt8] { Hashes.sha256d([seed]) }

    /// An announcement filled with a pattern; its signing key is zero unless `signed`.
    static func announcement(seed: UInt8, signed: Bool = false) throws -> Announcement {
        var raw = bytes(Announcement.size, seed: seed)
        for i in 56..<88 { raw[i] = signed ? 0x5a : 0 }
        return try Announcement(bytes: raw)
    }

    static func announcements(seed: UInt8, signed: [Bool] = [false, false, false, false]) throws -> [Announcement] {
        try signed.enumerated().map { try announcement(seed: seed &+ UInt8($0), signed: $1) }
    }

    /// A version-2 proof without signatures and an 88-byte announcement proof.
    static func proof(seed: UInt8 = 1, version: Int = 2) throws -> PacketCryptProof {
        try PacketCryptProof(nonce: 0x0403_0201, announcements: announcements(seed: seed),
                             announcementProof: bytes(88, seed: seed), version: version)
    }

    /// A transaction spending two outputs, the first with a witness stack.
    static func segwitTransaction() throws -> Transaction {
        let funding = try TransactionID(bytes: hash(7))
        return Transaction(
            version: 2,
            inputs: [
                TransactionInput(previousOutput: OutPoint(txid: funding, index: 1), signatureScript: [],
                                 sequence: 0xffff_fffd, witness: [bytes(71, seed: 3), bytes(33, seed: 4)]),
                TransactionInput(previousOutput: OutPoint(txid: funding, index: 2), signatureScript: [0x51]),
            ],
            outputs: [
                TransactionOutput(value: 123_456_789, pkScript: [0x00, 0x14] + bytes(20, seed: 9)),
                TransactionOutput(value: 1, pkScript: [0x76, 0xa9, 0x14] + bytes(20, seed: 10) + [0x88, 0xac]),
            ],
            lockTime: 1_399_999)
    }
}
