import PKTChain
import PKTWire
import PacketCrypt

/// The coinbase a devnet template offers, built as pktd's createCoinbaseTx
/// builds its own: the height and an extra-nonce push in the script, the
/// payouts in their configured order (see `amounts`), the network steward's
/// exact share, then pktd's placeholder commitment.
enum DevnetCoinbase {
    static let tag = Array("/pktcluster-devnet/".utf8)

    static func make(height: UInt32, config: DevnetConfig) -> Transaction {
        let subsidy = PKTMoney.subsidy(height: height)
        let steward = PKTMoney.stewardPayment(subsidy: subsidy)
        let weights = config.payouts.map(\.weight)
        var outputs = zip(config.payouts, amounts(coins: subsidy - steward, weights: weights)).map {
            TransactionOutput(value: $1, pkScript: $0.script)
        }
        outputs.append(TransactionOutput(value: steward, pkScript: config.stewardScript))
        outputs.append(TransactionOutput(value: 0, pkScript: CoinbaseCommitment.placeholder.script))
        let script = BlockTemplate.coinbase(height: height, payoutScript: [], value: 0).inputs[0].signatureScript
            + [UInt8(tag.count)] + tag
        return Transaction(version: 1, inputs: [TransactionInput(previousOutput: .null, signatureScript: script)],
                           outputs: outputs)
    }

    /// pktd's split of `coins`: sum = the weights added in order (Double);
    /// each amount = Int64(Double(coins) * (weight / sum)), shaved to what
    /// is left if it would pass `coins`; the last takes all that is left.
    /// An amount that is not finite or outside 0...coins (only weights the
    /// RPC refuses give one) counts as 0 or coins rather than trapping.
    static func amounts(coins: Int64, weights: [Double]) -> [Int64] {
        let sum = weights.reduce(0.0, +)
        var paid: Int64 = 0
        return weights.enumerated().map { index, weight in
            let exact = Double(coins) * (weight / sum)
            var amount = !(exact > 0) ? 0 : exact >= Double(coins) ? coins : Int64(exact)
            if paid + amount > coins || index == weights.count - 1 { amount = coins - paid }
            paid += amount
            return amount
        }
    }
}
