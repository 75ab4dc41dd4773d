import PacketCrypt

/// Base58Check, the text of pktd's P2PKH and P2SH addresses: a version
/// byte, the payload and four bytes of double SHA-256, in base 58 with each
/// leading zero byte written as "1".
enum Base58 {
    enum Failure: Error { case malformed, badChecksum }

    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    static func checkEncode(version: UInt8, payload: [UInt8]) -> String {
        let body = [version] + payload
        return encode(body + Hashes.sha256d(body).prefix(4))
    }

    /// The version byte and payload, once the checksum is verified.
    static func checkDecode(_ text: String) throws(Failure) -> (version: UInt8, payload: [UInt8]) {
        guard let bytes = decode(text), bytes.count >= 5 else { throw .malformed }
        let body = Array(bytes.dropLast(4))
        guard Array(Hashes.sha256d(body).prefix(4)) == Array(bytes.suffix(4)) else { throw .badChecksum }
        return (body[0], Array(body.dropFirst()))
    }

    private static func encode(_ bytes: [UInt8]) -> String {
        var digits: [UInt8] = []  // base 58, least significant first
        for byte in bytes {
            var carry = Int(byte)
            for i in digits.indices {
                carry += Int(digits[i]) << 8
                digits[i] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        let zeros = bytes.prefix { $0 == 0 }.count
        let text = [UInt8](repeating: alphabet[0], count: zeros) + digits.reversed().map { alphabet[Int($0)] }
        return String(decoding: text, as: UTF8.self)
    }

    private static func decode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []  // base 256, least significant first
        for c in text.utf8 {
            guard let digit = alphabet.firstIndex(of: c) else { return nil }
            var carry = digit
            for i in bytes.indices {
                carry += Int(bytes[i]) * 58
                bytes[i] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xff))
                carry >>= 8
            }
        }
        let zeros = text.utf8.prefix { $0 == alphabet[0] }.count
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }
}
