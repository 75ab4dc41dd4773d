import PKTChain
import PKTWire
import PacketCrypt

/// The coinbase a devnet template offers, built as pktd builds its own:
/// the height and an extra-nonce push in the script, the payouts in
/// proportion to their weights (the last takes the rounding remainder), the
/// network steward's exact share, then pktd's placeholder commitment.
enum DevnetCoinbase {
    static let tag = Array("/pktcluster-devnet/".utf8)

    static func make(height: UInt32, config: DevnetConfig) -> Transaction {
        let subsidy = PKTMoney.subsidy(height: height)
        let steward = PKTMoney.stewardPayment(subsidy: subsidy)
        let toMiners = subsidy - steward
        let total = config.payouts.reduce(0) { $0 + $1.weight }
        var outputs: [TransactionOutput] = []
        var paid: Int64 = 0
        for (index, payout) in config.payouts.enumerated() {
            let share = index == config.payouts.count - 1
                ? toMiners - paid
                : min(toMiners - paid, Int64(Double(toMiners) * payout.weight / total))
            outputs.append(TransactionOutput(value: share, pkScript: payout.script))
            paid += share
        }
        outputs.append(TransactionOutput(value: steward, pkScript: config.stewardScript))
        outputs.append(TransactionOutput(value: 0, pkScript: CoinbaseCommitment.placeholder.script))
        let script = BlockTemplate.coinbase(height: height, payoutScript: [], value: 0).inputs[0].signatureScript
            + [UInt8(tag.count)] + tag
        return Transaction(version: 1, inputs: [TransactionInput(previousOutput: .null, signatureScript: script)],
                           outputs: outputs)
    }
}
