/// Appends little-endian integers, raw bytes and Bitcoin CompactSize integers
/// to a growing byte array.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        for i in 0..<MemoryLayout<T>.size {
            bytes.append(UInt8(truncatingIfNeeded: value >> (8 * i)))
        }
    }

    public mutating func write<Bytes: Sequence>(bytes other: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: other)
    }

    /// Writes `value` as a CompactSize integer in its shortest form.
    public mutating func writeVarInt(_ value: UInt64) {
        switch value {
        case ..<0xfd: write(UInt8(value))
        case ...0xffff: write(UInt8(0xfd)); write(UInt16(value))
        case ...0xffff_ffff: write(UInt8(0xfe)); write(UInt32(value))
        default: write(UInt8(0xff)); write(value)
        }
    }

    public mutating func writeVarInt(_ value: Int) {
        writeVarInt(UInt64(value))
    }

    /// Writes the CompactSize length of `other`, then `other`.
    public mutating func writeVarBytes(_ other: [UInt8]) {
        writeVarInt(other.count)
        bytes.append(contentsOf: other)
    }

    /// The encoded size of `value` as a CompactSize integer.
    public static func varIntSize(_ value: UInt64) -> Int {
        switch value {
        case ..<0xfd: 1
        case ...0xffff: 3
        case ...0xffff_ffff: 5
        default: 9
        }
    }
}
