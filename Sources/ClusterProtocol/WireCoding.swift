import PacketCrypt

/// Reads a frame's body. Every read checks the bytes left first, and every
/// count and length is checked against its limit and against the bytes left
/// before anything is allocated.
struct WireReader {
    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    /// Throws when bytes are left over.
    func finish() throws(ProtocolError) {
        if remaining != 0 { throw .trailingBytes(remaining) }
    }

    private mutating func take(_ count: Int, _ field: String) throws(ProtocolError) -> ArraySlice<UInt8> {
        guard count <= remaining else { throw .truncated(field: field) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    private mutating func littleEndian<T: FixedWidthInteger & UnsignedInteger>(
        _: T.Type, _ field: String
    ) throws(ProtocolError) -> T {
        let raw = try take(MemoryLayout<T>.size, field)
        var value: T = 0
        for byte in raw.reversed() { value = value << 8 | T(byte) }
        return value
    }

    mutating func u8(_ field: String) throws(ProtocolError) -> UInt8 { try littleEndian(UInt8.self, field) }
    mutating func u16(_ field: String) throws(ProtocolError) -> UInt16 { try littleEndian(UInt16.self, field) }
    mutating func u32(_ field: String) throws(ProtocolError) -> UInt32 { try littleEndian(UInt32.self, field) }
    mutating func u64(_ field: String) throws(ProtocolError) -> UInt64 { try littleEndian(UInt64.self, field) }

    /// One byte, 0 or 1.
    mutating func bool(_ field: String) throws(ProtocolError) -> Bool {
        switch try u8(field) {
        case 0: return false
        case 1: return true
        case let other: throw .invalidValue(field: field, reason: "a boolean must be 0 or 1, not \(other)")
        }
    }

    /// An IEEE 754 binary64 bit pattern; the value's checks belong to the caller.
    mutating func double(_ field: String) throws(ProtocolError) -> Double {
        Double(bitPattern: try u64(field))
    }

    /// `count` raw bytes, no length prefix.
    mutating func raw(_ count: Int, _ field: String) throws(ProtocolError) -> [UInt8] {
        Array(try take(count, field))
    }

    mutating func nodeID(_ field: String) throws(ProtocolError) -> NodeID {
        NodeID(try take(NodeID.size, field))
    }

    mutating func blockHash(_ field: String) throws(ProtocolError) -> BlockHash {
        let raw = try raw(32, field)
        do {
            return try BlockHash(bytes: raw)
        } catch {
            throw .invalidValue(field: field, reason: "\(error)")
        }
    }

    /// A u32 length, at most `limit`, then that many bytes.
    mutating func blob(_ field: String, limit: Int) throws(ProtocolError) -> [UInt8] {
        let length = Int(try u32(field))
        guard length <= limit else { throw .tooLarge(field: field, size: length, limit: limit) }
        return try raw(length, field)
    }

    /// A u32 length that must be exactly `size`, then that many bytes.
    mutating func exactBlob(_ field: String, size: Int) throws(ProtocolError) -> [UInt8] {
        let length = Int(try u32(field))
        try Check.exactSize(length, size, field)
        return try raw(length, field)
    }

    /// A u16 length, at most `limit`, then that many bytes of UTF-8.
    mutating func string(_ field: String, limit: Int) throws(ProtocolError) -> String {
        let length = Int(try u16(field))
        return try utf8(length, field, limit)
    }

    /// A u32 length, at most `limit`, then that many bytes of UTF-8 (long text).
    mutating func text(_ field: String, limit: Int) throws(ProtocolError) -> String {
        let length = Int(try u32(field))
        return try utf8(length, field, limit)
    }

    private mutating func utf8(_ length: Int, _ field: String, _ limit: Int) throws(ProtocolError) -> String {
        guard length <= limit else { throw .tooLarge(field: field, size: length, limit: limit) }
        let raw = try take(length, field)
        guard let string = String(validating: raw, as: UTF8.self) else { throw .invalidUTF8(field: field) }
        return string
    }

    /// A u32 count, at most `limit`, of entries that each take at least
    /// `minimumSize` bytes, then the entries.
    mutating func list<T>(
        _ field: String, limit: Int, minimumSize: Int,
        _ element: (inout WireReader, String) throws(ProtocolError) -> T
    ) throws(ProtocolError) -> [T] {
        let count = Int(try u32(field))
        guard count <= limit else { throw .tooLarge(field: field, size: count, limit: limit) }
        guard count * minimumSize <= remaining else { throw .truncated(field: field) }
        var out: [T] = []
        out.reserveCapacity(count)
        for index in 0..<count {
            out.append(try element(&self, "\(field)[\(index)]"))
        }
        return out
    }
}

/// Writes a frame. Values are validated when they are built, so writing
/// cannot fail.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    private mutating func littleEndian<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        for i in 0..<MemoryLayout<T>.size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { littleEndian(value) }
    mutating func u32(_ value: UInt32) { littleEndian(value) }
    mutating func u64(_ value: UInt64) { littleEndian(value) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func double(_ value: Double) { littleEndian(value.bitPattern) }
    mutating func raw(_ value: [UInt8]) { bytes.append(contentsOf: value) }
    mutating func nodeID(_ value: NodeID) { bytes.append(contentsOf: value.bytes) }
    mutating func blockHash(_ value: BlockHash) { bytes.append(contentsOf: value.bytes) }

    mutating func count(_ value: Int) { u32(UInt32(value)) }

    mutating func blob(_ value: [UInt8]) {
        count(value.count)
        raw(value)
    }

    mutating func string(_ value: String) {
        u16(UInt16(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func text(_ value: String) {
        count(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    /// Encoded sizes, for checking a whole message against the frame limit.
    static func stringSize(_ value: String) -> Int { 2 + value.utf8.count }
    static func textSize(_ value: String) -> Int { 4 + value.utf8.count }
    static func blobSize(_ value: [UInt8]) -> Int { 4 + value.count }
}

/// The checks validating initializers share with the reader.
enum Check {
    static func string(_ value: String, _ field: String, limit: Int) throws(ProtocolError) {
        let size = value.utf8.count
        guard size <= limit else { throw .tooLarge(field: field, size: size, limit: limit) }
    }

    static func nonEmpty(_ value: String, _ field: String) throws(ProtocolError) {
        guard !value.isEmpty else { throw .invalidValue(field: field, reason: "must not be empty") }
    }

    static func blob(_ value: [UInt8], _ field: String, limit: Int) throws(ProtocolError) {
        guard value.count <= limit else { throw .tooLarge(field: field, size: value.count, limit: limit) }
    }

    static func exactSize(_ size: Int, _ expected: Int, _ field: String) throws(ProtocolError) {
        guard size == expected else {
            throw .invalidValue(field: field, reason: "must be \(expected) bytes, not \(size)")
        }
    }

    static func count(_ count: Int, _ field: String, limit: Int) throws(ProtocolError) {
        guard count <= limit else { throw .tooLarge(field: field, size: count, limit: limit) }
    }

    /// A rate: finite and not negative.
    static func rate(_ value: Double, _ field: String) throws(ProtocolError) {
        guard value.isFinite, value >= 0 else {
            throw .invalidValue(field: field, reason: "must be finite and not negative, not \(value)")
        }
    }
}
