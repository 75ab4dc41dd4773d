import CPacketCrypt

/// An Ed25519 key for signed announcements: mine with `publicKey` as the
/// job's signing key, then sign each announcement found. A block that
/// carries a signed announcement must carry its signature.
public struct AnnouncementSigner: Sendable {
    public let publicKey: [UInt8]
    private let secretKey: [UInt8]

    /// The key pair derived from a 32-byte seed.
    public init(seed: [UInt8]) throws {
        guard seed.count == 32 else { throw PacketCryptError.invalidLength(what: "a key seed", expected: 32, actual: seed.count) }
        try Kernel.ensureReady()
        var pk = [UInt8](repeating: 0, count: 32), sk = [UInt8](repeating: 0, count: 64)
        pc_ann_keypair(&pk, &sk, seed)
        publicKey = pk
        secretKey = sk
    }

    public func sign(_ announcement: Announcement) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: 64)
        pc_ann_sign(&signature, announcement.bytes, secretKey)
        return signature
    }
}
