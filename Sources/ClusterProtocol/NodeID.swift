/// A node's 16-byte identity (the size of a UUID), chosen at random when the
/// process starts.
public struct NodeID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let size = 16

    /// Bytes 0–7 and 8–15, big-endian, so that `bytes` and `hex` keep the wire order.
    private let high: UInt64
    private let low: UInt64

    public init(bytes: [UInt8]) throws(ProtocolError) {
        guard bytes.count == Self.size else {
            throw .invalidValue(field: "node id", reason: "must be \(Self.size) bytes, not \(bytes.count)")
        }
        self.init(bytes[...])
    }

    /// Parses 32 hex digits.
    public init(hex: String) throws(ProtocolError) {
        let digits = Array(hex.utf8)
        guard digits.count == Self.size * 2 else {
            throw .invalidValue(field: "node id", reason: "must be \(Self.size * 2) hex digits, not \(digits.count)")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.size)
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[i]), let low = Self.nibble(digits[i + 1]) else {
                throw .invalidValue(field: "node id", reason: "not hex: \(hex)")
            }
            bytes.append(high << 4 | low)
        }
        self.init(bytes[...])
    }

    /// `bytes.count` must be 16.
    init(_ bytes: ArraySlice<UInt8>) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        let start = bytes.startIndex
        for i in 0..<8 {
            high = high << 8 | UInt64(bytes[start + i])
            low = low << 8 | UInt64(bytes[start + 8 + i])
        }
        self.high = high
        self.low = low
    }

    /// A random (version 4 UUID) id from the system's generator.
    public static func random() -> NodeID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// A random (version 4 UUID) id.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> NodeID {
        let high = generator.next() & ~0xF000 | 0x4000  // version 4
        let low = generator.next() & ~(0xC000 << 48) | 0x8000 << 48  // RFC 4122 variant
        return NodeID(high: high, low: low)
    }

    private init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The 16 bytes, in wire order.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    /// All 32 hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(Self.size * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first 8 hex digits: enough to tell a cluster's nodes apart in logs.
    public var description: String { String(hex.prefix(8)) }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
