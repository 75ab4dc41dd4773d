import CPacketCrypt

/// The 48 bytes a PacketCrypt block commits to in its coinbase: magic,
/// minimum announcement target, announcement tree root and announcement count.
public struct CoinbaseCommitment: Sendable, Hashable {
    public static let size = Int(PC_COMMIT_SIZE)
    public static let magic = UInt32(PC_COMMIT_MAGIC)

    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.size else {
            throw PacketCryptError.invalidLength(what: "a coinbase commitment", expected: Self.size, actual: bytes.count)
        }
        self.bytes = bytes
    }

    public init(annMinTarget: UInt32, root: [UInt8], annCount: UInt64) throws {
        guard root.count == 32 else {
            throw PacketCryptError.invalidLength(what: "an announcement tree root", expected: 32, actual: root.count)
        }
        var out = [UInt8](repeating: 0, count: Self.size)
        pc_commit_encode(&out, annMinTarget, root, annCount)
        bytes = out
    }

    /// Reads a commitment from one coinbase output script the way pktd does;
    /// nil when the script is not a commitment output.
    public init?(script: [UInt8]) {
        var out = [UInt8](repeating: 0, count: Self.size)
        guard pc_commit_from_script(&out, script, script.count) == 1 else { return nil }
        bytes = out
    }

    /// pktd's placeholder (magic, then 0xfc bytes) that a miner overwrites.
    public static let placeholder = CoinbaseCommitment(
        unchecked: [0x09, 0xf9, 0x11, 0x02] + [UInt8](repeating: 0xfc, count: size - 4))

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// The output script that carries this commitment (`6a30` + 48 bytes).
    public var script: [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(PC_COMMIT_SCRIPT_SIZE))
        pc_commit_script(&out, bytes)
        return out
    }

    public var magic: UInt32 { le(0, 4) }
    public var annMinTarget: UInt32 { le(4, 4) }
    public var root: ArraySlice<UInt8> { bytes[8..<40] }
    public var annCount: UInt64 { UInt64(le(40, 4)) | UInt64(le(44, 4)) << 32 }

    private func le(_ offset: Int, _ count: Int) -> UInt32 {
        (0..<count).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
}
