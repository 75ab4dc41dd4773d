/// A transaction output: an amount and the script that locks it.
public struct TransactionOutput: Sendable, Hashable, WireCodable {
    /// Smallest encoding: value and empty script length.
    static let minimumSize = 8 + 1

    public var value: Int64
    public var pkScript: [UInt8]

    public init(value: Int64, pkScript: [UInt8]) {
        self.value = value
        self.pkScript = pkScript
    }

    public init(from reader: inout ByteReader) throws {
        value = try reader.read(Int64.self, "an output's value")
        pkScript = try reader.readVarBytes("an output's script")
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(value)
        writer.writeVarBytes(pkScript)
    }
}
