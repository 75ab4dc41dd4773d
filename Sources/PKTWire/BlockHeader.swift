import PacketCrypt

/// The 80-byte Bitcoin-format block header PKT blocks start with.
public struct BlockHeader: Sendable, Hashable, WireCodable {
    public static let size = 80

    public let version: Int32
    public let previousBlock: BlockHash
    /// Merkle root of the block's transaction ids, 32 bytes in internal order.
    public let merkleRoot: [UInt8]
    public let time: UInt32
    public let bits: UInt32
    public let nonce: UInt32

    public init(version: Int32, previousBlock: BlockHash, merkleRoot: [UInt8], time: UInt32, bits: UInt32,
                nonce: UInt32) throws {
        guard merkleRoot.count == 32 else {
            throw WireError.invalidLength(what: "a merkle root", expected: 32, actual: merkleRoot.count)
        }
        self.version = version
        self.previousBlock = previousBlock
        self.merkleRoot = merkleRoot
        self.time = time
        self.bits = bits
        self.nonce = nonce
    }

    public init(from reader: inout ByteReader) throws {
        try self.init(
            version: reader.read(Int32.self, "a block header"),
            previousBlock: BlockHash(bytes: reader.readBytes(count: 32, "a block header")),
            merkleRoot: reader.readBytes(count: 32, "a block header"),
            time: reader.read(UInt32.self, "a block header"),
            bits: reader.read(UInt32.self, "a block header"),
            nonce: reader.read(UInt32.self, "a block header"))
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(version)
        writer.write(bytes: previousBlock.bytes)
        writer.write(bytes: merkleRoot)
        writer.write(time)
        writer.write(bits)
        writer.write(nonce)
    }

    /// Double SHA-256 of the 80 header bytes.
    public var blockHash: BlockHash {
        // sha256d always yields 32 bytes.
        try! BlockHash(bytes: Hashes.sha256d(bytes))
    }
}
