import CPacketCrypt

/// The hash functions PKT uses outside the proof of work's own loops.
public enum Hashes {
    /// Double SHA-256: block ids, transaction ids and Merkle nodes.
    public static func sha256d(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { pc_sha256d(&out, $0.baseAddress, $0.count) }
        return out
    }

    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { pc_sha256(&out, $0.baseAddress, $0.count) }
        return out
    }

    /// BLAKE2b-256: announcement hashes and the block's proof-of-work input.
    public static func blake2b256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { pc_blake2b_256(&out, $0.baseAddress, $0.count) }
        return out
    }
}
