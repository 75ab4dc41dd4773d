/// BIP173 bech32, the checksummed base-32 text of segwit addresses, decoded
/// with pktd's limits: 8 to 90 printable ASCII characters in one case, the
/// human-readable part before the last "1", six checksum characters.
enum Bech32 {
    enum Failure: Error { case malformed, badChecksum }

    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    /// The lower-cased human-readable part and the 5-bit data, checksum removed.
    static func decode(_ text: String) throws(Failure) -> (hrp: String, data: [UInt8]) {
        let bytes = Array(text.utf8)
        guard (8...90).contains(bytes.count), bytes.allSatisfy({ (33...126).contains($0) }) else { throw .malformed }
        let lower = text.lowercased()
        guard lower == text || text.uppercased() == text else { throw .malformed }
        let chars = Array(lower.utf8)
        guard let separator = chars.lastIndex(of: UInt8(ascii: "1")), separator >= 1, separator + 7 <= chars.count else {
            throw .malformed
        }
        let hrp = Array(chars[..<separator])
        var data: [UInt8] = []
        for c in chars[(separator + 1)...] {
            guard let value = charset.firstIndex(of: c) else { throw .malformed }
            data.append(UInt8(value))
        }
        guard polymod(expand(hrp) + data) == 1 else { throw .badChecksum }
        return (String(decoding: hrp, as: UTF8.self), Array(data.dropLast(6)))
    }

    /// `hrp` + "1" + the data and its checksum.
    static func encode(hrp: String, data: [UInt8]) -> String {
        let mod = polymod(expand(Array(hrp.utf8)) + data + [0, 0, 0, 0, 0, 0]) ^ 1
        let checksum = (0..<6).map { UInt8((mod >> (5 * (5 - $0))) & 31) }
        return hrp + "1" + String(decoding: (data + checksum).map { charset[Int($0)] }, as: UTF8.self)
    }

    /// Regroups bits (8 to 5 with padding to encode, 5 to 8 without to
    /// decode); nil when the input does not fit or the padding is not zero.
    static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var acc = 0, bits = 0
        var out: [UInt8] = []
        let maxValue = (1 << to) - 1
        for value in data {
            guard Int(value) >> from == 0 else { return nil }
            acc = (acc << from | Int(value)) & 0xffff
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((acc >> bits) & maxValue))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((acc << (to - bits)) & maxValue)) }
        } else if bits >= from || (acc << (to - bits)) & maxValue != 0 {
            return nil
        }
        return out
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var chk: UInt32 = 1
        for v in values {
            let top = chk >> 25
            chk = (chk & 0x1ff_ffff) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> i) & 1 == 1 { chk ^= generator[i] }
        }
        return chk
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] { hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 } }
}
