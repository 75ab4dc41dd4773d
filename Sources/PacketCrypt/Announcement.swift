import CPacketCrypt

/// A 1024-byte version-1 announcement, as mined, stored and relayed.
public struct Announcement: Sendable, Hashable {
    public static let size = 1024

    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.size else {
            throw PacketCryptError.invalidLength(what: "an announcement", expected: Self.size, actual: bytes.count)
        }
        self.bytes = bytes
    }

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    public var version: UInt8 { bytes[0] }
    public var softNonce: UInt32 { UInt32(bytes[1]) | UInt32(bytes[2]) << 8 | UInt32(bytes[3]) << 16 }
    public var hardNonce: UInt32 { le32(4) }
    public var workBits: UInt32 { le32(8) }
    public var parentHeight: UInt32 { le32(12) }
    public var contentType: UInt32 { le32(16) }
    public var contentLength: UInt32 { le32(20) }
    public var contentHash: ArraySlice<UInt8> { bytes[24..<56] }
    public var signingKey: ArraySlice<UInt8> { bytes[56..<88] }
    /// Root of the announcement's table-1 Merkle tree (stored in the clear).
    public var merkleRoot: ArraySlice<UInt8> { bytes[920..<984] }
    public var isSigned: Bool { signingKey.contains { $0 != 0 } }

    /// BLAKE2b-256 of the stored bytes: the hash blocks use for this announcement.
    public var hash: [UInt8] { Hashes.blake2b256(bytes) }

    private func le32(_ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    /// Splits concatenated announcements; throws when a partial one remains.
    public static func split(_ data: [UInt8]) throws -> [Announcement] {
        let trailing = data.count % size
        guard trailing == 0 else {
            throw PacketCryptError.invalidArgument(
                "\(data.count) bytes is not a whole number of 1024-byte announcements (\(trailing) trailing bytes)")
        }
        return stride(from: 0, to: data.count, by: size).map { Announcement(unchecked: Array(data[$0..<$0 + size])) }
    }
}
