import PacketCrypt

/// A transaction id or witness transaction id: a double SHA-256 in internal
/// byte order. RPC interfaces print the same bytes reversed.
public struct TransactionID: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else {
            throw WireError.invalidLength(what: "a transaction id", expected: 32, actual: bytes.count)
        }
        self.bytes = bytes
    }

    /// Parses the byte-reversed hex that RPC interfaces print.
    public init(displayHex: String) throws {
        try self.init(bytes: Array(Hex.decode(displayHex).reversed()))
    }

    init(hashing bytes: [UInt8]) {
        self.bytes = Hashes.sha256d(bytes)
    }

    /// All zero: the id a coinbase input's outpoint refers to.
    public static let zero = TransactionID(unchecked: [UInt8](repeating: 0, count: 32))

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    public var displayHex: String { Hex.encode(bytes.reversed()) }
    public var description: String { displayHex }
}
