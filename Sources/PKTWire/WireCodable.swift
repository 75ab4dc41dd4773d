/// A value with one exact byte encoding on the PKT wire.
public protocol WireCodable {
    /// Reads one value, leaving the reader just after it.
    init(from reader: inout ByteReader) throws
    func write(to writer: inout ByteWriter)
}

extension WireCodable {
    /// Decodes a value that must take up all of `bytes`.
    public init(bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        try self.init(from: &reader)
        try reader.expectEnd()
    }

    public var bytes: [UInt8] {
        var writer = ByteWriter()
        write(to: &writer)
        return writer.bytes
    }
}
