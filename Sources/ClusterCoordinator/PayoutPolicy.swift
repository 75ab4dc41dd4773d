/// How the coordinator splits each block's coinbase (PPLNS by credit; see
/// docs/payouts.md). The defaults are the reference pool's, except the fee,
/// which is 0: a farm's cluster pays itself.
public struct PayoutPolicy: Codable, Sendable, Hashable {
    /// The block miners' part of each coinbase (the rest goes to announcement miners).
    public var blockFraction = 0.5
    /// A share's credit fills this many times less of the block miners' part.
    public var blockConstant = 2.0
    /// An announcement credit fills this many times less of the announcement miners' part.
    public var announcementConstant = 0.125
    /// The pool fee, 0 ≤ fee < 1, paid to `feeAddress`.
    public var fee = 0.0
    public var feeAddress: String?
    /// Paid what an unfilled window leaves, and what the dust limit withholds.
    public var defaultAddress: String
    /// Smallest output, in units (2^-30 PKT): a smaller amount is withheld
    /// (recorded) and goes to `defaultAddress` instead. 0: no limit.
    public var dustLimit: Int64 = 0

    public init(defaultAddress: String) { self.defaultAddress = defaultAddress }

    /// Throws when a value is out of range.
    public func validate() throws(PayoutPolicyError) {
        guard blockFraction >= 0 && blockFraction <= 1 else { throw .outOfRange("block_fraction", "0 to 1") }
        guard blockConstant > 0 && blockConstant.isFinite else { throw .outOfRange("pplns_block_constant", "above 0") }
        guard announcementConstant > 0 && announcementConstant.isFinite else {
            throw .outOfRange("pplns_announcement_constant", "above 0")
        }
        guard fee >= 0 && fee < 1 else { throw .outOfRange("pool_fee", "0 to below 1") }
        guard fee == 0 || feeAddress != nil else { throw .outOfRange("fee_address", "set when pool_fee is above 0") }
        guard dustLimit >= 0 else { throw .outOfRange("dust_limit", "0 or more") }
    }
}

/// A payout setting out of range.
public enum PayoutPolicyError: Error, Equatable, CustomStringConvertible {
    case outOfRange(String, String)

    public var description: String {
        switch self {
        case .outOfRange(let key, let want): "\(key) must be \(want)"
        }
    }
}
