/// One side's credit in a window, newest first: the ledger row and its share of the payout.
struct CreditEntry: Sendable, Hashable {
    let row: Int64
    let payout: String
    let work: Double
}

/// A PPLNS window: who is paid what fraction of the next coinbase.
///
/// Walking back from the newest credit, each share fills `work /
/// blockConstant` of the block miners' part (`blockFraction`) and each
/// announcement credit `work / announcementConstant` of the announcement
/// miners' part (the rest), the last entry capped to what is left; what a
/// side cannot fill goes to the default address. Every miner's part is then
/// scaled by (1 − fee), and the fee address gets the fee. Addresses that
/// would be paid less than the dust limit are withheld and their weight
/// goes to the default address.
struct PayoutWindow: Sendable {
    /// Per address: the announcement and block parts (before the fee).
    struct Parts: Sendable {
        var announcement = 0.0
        var block = 0.0
    }

    var parts: [String: Parts] = [:]
    /// Per address: the fraction of the miners' coins it is paid.
    var weights: [String: Double] = [:]
    /// Per address withheld by the dust limit: its weight and the amount it would have had.
    var withheld: [String: (weight: Double, amount: Int64)] = [:]
    /// The newest ledger rows the window read.
    var lastCredit: Int64 = 0
    var lastFind: Int64 = 0

    /// Walks `shares` and `credits` (each newest first, read lazily) under `policy`,
    /// for a coinbase whose miners' coins are `minerCoins`.
    init<Shares: Sequence<CreditEntry>, Credits: Sequence<CreditEntry>>(
        shares: Shares, credits: Credits, policy: PayoutPolicy, minerCoins: Int64
    ) {
        lastFind = Self.fill(policy.blockFraction, from: shares, constant: policy.blockConstant,
                             default: policy.defaultAddress) { self.parts[$0, default: Parts()].block += $1 }
        lastCredit = Self.fill(1 - policy.blockFraction, from: credits, constant: policy.announcementConstant,
                               default: policy.defaultAddress) { self.parts[$0, default: Parts()].announcement += $1 }
        for (address, part) in parts.sorted(by: { $0.key < $1.key }) {
            weights[address, default: 0] += (part.announcement + part.block) * (1 - policy.fee)
        }
        if policy.fee > 0, let feeAddress = policy.feeAddress { weights[feeAddress, default: 0] += policy.fee }
        guard policy.dustLimit > 0 else { return }
        for (address, weight) in weights.sorted(by: { $0.key < $1.key }) where address != policy.defaultAddress {
            let amount = Int64(Double(minerCoins) * weight)
            guard amount < policy.dustLimit else { continue }
            withheld[address] = (weight, amount)
            weights[address] = nil
            weights[policy.defaultAddress, default: 0] += weight
        }
    }

    /// Fills `fraction` from `entries`; the shortfall goes to `defaultAddress`.
    /// Returns the newest row read (0 when none).
    private static func fill<S: Sequence<CreditEntry>>(
        _ fraction: Double, from entries: S, constant: Double, default defaultAddress: String,
        _ add: (String, Double) -> Void
    ) -> Int64 {
        var left = fraction
        var newest: Int64 = 0
        for entry in entries {
            if newest == 0 { newest = entry.row }
            let take = min(entry.work / constant, left)
            add(entry.payout, take)
            left -= take
            if left <= 0 { break }
        }
        if left > 0 { add(defaultAddress, left) }
        return newest
    }
}
