/// Reads little-endian integers, raw bytes and canonical Bitcoin CompactSize
/// integers from a byte array, throwing instead of reading past its end.
public struct ByteReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
    }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { offset == bytes.count }

    /// Reads a little-endian integer; `what` names it in the error when the input ends.
    public mutating func read<T: FixedWidthInteger>(_ type: T.Type, _ what: String) throws -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw WireError.truncated(what: what) }
        var value: T = 0
        for i in 0..<size {
            value |= T(truncatingIfNeeded: bytes[offset + i]) << (8 * i)
        }
        offset += size
        return value
    }

    public mutating func readBytes(count: Int, _ what: String) throws -> [UInt8] {
        guard count >= 0, remaining >= count else { throw WireError.truncated(what: what) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    public mutating func skip(count: Int, _ what: String) throws {
        guard count >= 0, remaining >= count else { throw WireError.truncated(what: what) }
        offset += count
    }

    /// Reads a CompactSize integer, rejecting any encoding longer than needed.
    public mutating func readVarInt(_ what: String) throws -> UInt64 {
        let prefix = try read(UInt8.self, what)
        let value: UInt64
        let minimum: UInt64
        switch prefix {
        case 0xff:
            value = try read(UInt64.self, what)
            minimum = 0x1_0000_0000
        case 0xfe:
            value = UInt64(try read(UInt32.self, what))
            minimum = 0x1_0000
        case 0xfd:
            value = UInt64(try read(UInt16.self, what))
            minimum = 0xfd
        default:
            return UInt64(prefix)
        }
        guard value >= minimum else { throw WireError.nonCanonicalVarInt(value) }
        return value
    }

    /// Reads a CompactSize byte length followed by that many bytes.
    public mutating func readVarBytes(_ what: String, limit: Int = .max) throws -> [UInt8] {
        let length = try readVarInt(what)
        guard length <= UInt64(limit) else {
            throw WireError.oversizeItem(what: what, length: length, limit: UInt64(limit))
        }
        guard length <= UInt64(remaining) else { throw WireError.truncated(what: what) }
        return try readBytes(count: Int(length), what)
    }

    /// Reads a CompactSize item count, rejecting one that the remaining input
    /// cannot hold when each item takes at least `minimumSize` bytes.
    public mutating func readCount(_ what: String, minimumSize: Int) throws -> Int {
        let count = try readVarInt(what)
        let limit = UInt64(remaining / max(minimumSize, 1))
        guard count <= limit else { throw WireError.tooManyItems(what: what, count: count, limit: limit) }
        return Int(count)
    }

    /// Throws when bytes are left over.
    public func expectEnd() throws {
        guard isAtEnd else { throw WireError.trailingBytes(count: remaining) }
    }
}
