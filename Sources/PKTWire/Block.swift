import PacketCrypt

/// A PKT block: header, PacketCrypt proof entities, then the transactions.
public struct Block: Sendable, Hashable, WireCodable {
    public var header: BlockHeader
    public var proof: PacketCryptProof
    public var transactions: [Transaction]

    public init(header: BlockHeader, proof: PacketCryptProof, transactions: [Transaction]) {
        self.header = header
        self.proof = proof
        self.transactions = transactions
    }

    public init(from reader: inout ByteReader) throws {
        header = try BlockHeader(from: &reader)
        proof = try PacketCryptProof(from: &reader)
        let count = try reader.readCount("transactions", minimumSize: Transaction.minimumSize)
        transactions = try (0..<count).map { _ in try Transaction(from: &reader) }
    }

    public func write(to writer: inout ByteWriter) {
        header.write(to: &writer)
        proof.write(to: &writer)
        writer.writeVarInt(transactions.count)
        for tx in transactions { tx.write(to: &writer) }
    }

    public var blockHash: BlockHash { header.blockHash }

    /// The first transaction, which pays the miner.
    public var coinbase: Transaction? { transactions.first }

    /// The Merkle root of the transaction ids, to compare with the header's.
    public var computedMerkleRoot: [UInt8] { MerkleTree.root(transactions.map(\.txid.bytes)) }
}
