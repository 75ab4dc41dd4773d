/// A block hash (block id). `bytes` are in internal order, the order an
/// announcement commits to; pktd's RPC prints the same bytes reversed.
public struct BlockHash: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else {
            throw PacketCryptError.invalidLength(what: "a block hash", expected: 32, actual: bytes.count)
        }
        self.bytes = bytes
    }

    /// Parses the byte-reversed hex that pktd's RPC prints.
    public init(displayHex: String) throws {
        try self.init(bytes: Array(Hex.decode(displayHex).reversed()))
    }

    /// Parses hex in internal (memory) order.
    public init(rawHex: String) throws {
        try self.init(bytes: Hex.decode(rawHex))
    }

    public var displayHex: String { Hex.encode(bytes.reversed()) }
    public var rawHex: String { Hex.encode(bytes) }
    public var description: String { displayHex }
}
