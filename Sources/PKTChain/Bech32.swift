/// Segwit addresses (BIP173 bech32, witness version 0), as PKT uses them
/// (`pkt1q...`), and the output scripts they stand for.
public enum SegwitAddress {
    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    /// The output script an address pays: `0014` + 20 bytes or `0020` + 32 bytes.
    public static func script(for address: String) throws -> [UInt8] {
        let lower = address.lowercased()
        guard lower == address || address.uppercased() == address else { throw ChainError.invalidAddress(address) }
        let bytes = Array(lower.utf8)
        guard let separator = bytes.lastIndex(of: UInt8(ascii: "1")), separator >= 1, bytes.count - separator >= 7,
              bytes.count <= 90 else { throw ChainError.invalidAddress(address) }
        let hrp = Array(bytes[..<separator])
        var data: [UInt8] = []
        for c in bytes[(separator + 1)...] {
            guard let v = charset.firstIndex(of: c) else { throw ChainError.invalidAddress(address) }
            data.append(UInt8(v))
        }
        guard polymod(expand(hrp) + data) == 1 else { throw ChainError.invalidAddress(address) }
        let payload = Array(data.dropLast(6))
        guard let version = payload.first, version == 0,
              let program = convertBits(Array(payload.dropFirst()), from: 5, to: 8, pad: false),
              program.count == 20 || program.count == 32 else { throw ChainError.invalidAddress(address) }
        return [0x00, UInt8(program.count)] + program
    }

    /// The address of a version-0 witness program under `hrp` (e.g. "pkt").
    public static func address(hrp: String, program: [UInt8]) -> String {
        let data = [UInt8(0)] + convertBits(program, from: 8, to: 5, pad: true)!
        let hrpBytes = Array(hrp.utf8)
        let mod = polymod(expand(hrpBytes) + data + [0, 0, 0, 0, 0, 0]) ^ 1
        let checksum = (0..<6).map { UInt8((mod >> (5 * (5 - $0))) & 31) }
        return hrp + "1" + String(decoding: (data + checksum).map { charset[Int($0)] }, as: UTF8.self)
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

    private static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var acc = 0, bits = 0
        var out: [UInt8] = []
        let maxValue = (1 << to) - 1
        for value in data {
            guard Int(value) >> from == 0 else { return nil }
            acc = acc << from | Int(value)
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
}
