/// A reference to one output of an earlier transaction.
public struct OutPoint: Sendable, Hashable, WireCodable {
    public var txid: TransactionID
    public var index: UInt32

    public init(txid: TransactionID, index: UInt32) {
        self.txid = txid
        self.index = index
    }

    /// The outpoint a coinbase input spends: zero id, index 0xffffffff.
    public static let null = OutPoint(txid: .zero, index: .max)

    public var isNull: Bool { self == .null }

    public init(from reader: inout ByteReader) throws {
        txid = try TransactionID(bytes: reader.readBytes(count: 32, "an outpoint"))
        index = try reader.read(UInt32.self, "an outpoint")
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(bytes: txid.bytes)
        writer.write(index)
    }
}
