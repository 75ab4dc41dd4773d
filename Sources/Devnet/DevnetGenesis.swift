import PKTWire
import PacketCrypt

/// The devnet's first block. It is never validated; its proof is a
/// placeholder of zero announcements, as a genesis block only needs a PcP
/// to be well formed.
enum DevnetGenesis {
    static func block(config: DevnetConfig) throws -> Block {
        let coinbase = Transaction(
            version: 1,
            inputs: [TransactionInput(previousOutput: .null, signatureScript: [0x00] + pushed(Array("pktcluster devnet".utf8)))],
            outputs: [TransactionOutput(value: 0, pkScript: [0x6a] + pushed(Array("genesis".utf8)))])
        let header = try BlockHeader(
            version: 1, previousBlock: BlockHash(bytes: [UInt8](repeating: 0, count: 32)),
            merkleRoot: coinbase.txid.bytes, time: config.genesisTime, bits: config.blockBits, nonce: 0)
        let zero = try Announcement(bytes: [UInt8](repeating: 0, count: Announcement.size))
        let proof = try PacketCryptProof(nonce: 0, announcements: [zero, zero, zero, zero], announcementProof: [0], version: 2)
        return Block(header: header, proof: proof, transactions: [coinbase])
    }

    private static func pushed(_ data: [UInt8]) -> [UInt8] { [UInt8(data.count)] + data }
}
