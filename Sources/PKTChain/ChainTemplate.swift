import PKTWire
import PacketCrypt

/// A block template from the chain node, decoded: the next block's height,
/// header fields, coinbase (with the placeholder commitment) and the other
/// transactions.
public struct ChainTemplate: Sendable, Hashable {
    public let height: UInt32
    public let header: BlockHeader
    /// The coinbase as it goes in the block (with its witness, if any).
    public let coinbase: Transaction
    public let merkleBranch: [[UInt8]]
    public let transactions: [Transaction]

    public init(_ result: RawBlockTemplateResult) throws {
        do {
            guard result.height >= 0 else { throw ChainError.malformed(method: "getrawblocktemplate", reason: "negative height") }
            height = UInt32(result.height)
            header = try BlockHeader(bytes: Hex.decode(result.header))
            merkleBranch = try result.merkleBranch.map { try Hex.decode($0) }
            let all = try result.transactions.map { try Transaction(bytes: Hex.decode($0)) }
            let plain = try Transaction(bytes: Hex.decode(result.coinbaseNoWitness))
            coinbase = all.first.map { $0.txid == plain.txid ? $0 : plain } ?? plain
            transactions = Array(all.dropFirst())
        } catch let error as ChainError {
            throw error
        } catch {
            throw ChainError.malformed(method: "getrawblocktemplate", reason: "\(error)")
        }
    }

    /// The template a block miner completes with its commitment and proof.
    public var blockTemplate: BlockTemplate {
        BlockTemplate(version: header.version, previousBlock: header.previousBlock, bits: header.bits,
                      time: header.time, coinbase: coinbase, transactions: transactions)
    }

    /// The previous block: the tip this template builds on.
    public var previousBlock: BlockHash { header.previousBlock }
}
