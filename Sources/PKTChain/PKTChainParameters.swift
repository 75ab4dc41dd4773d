/// PKT's money rules: units, the block subsidy and the network steward's share.
public enum PKTMoney {
    /// Atomic units in one PKT (2^30).
    public static let unitsPerPKT: Int64 = 1 << 30
    /// Blocks per subsidy period; each period pays 9/10 of the one before.
    public static let blocksPerPeriod: UInt32 = 144_000

    /// floor(4166 * 2^30 * 9^p / 10^p) for period p = height / 144000, exact.
    public static func subsidy(height: UInt32) -> Int64 {
        let period = Int(height / blocksPerPeriod)
        // Past period 300 the subsidy is below one unit.
        guard period <= 300 else { return 0 }
        var number = LimbNumber(4166 * UInt64(unitsPerPKT))
        for _ in 0..<period { number.multiply(by: 9) }
        for _ in 0..<period { number.divide(by: 10) }
        return Int64(number.low64)
    }

    /// The network steward's exact payment from a block's subsidy.
    public static func stewardPayment(subsidy: Int64) -> Int64 { subsidy * 51 / 256 }
}

/// A non-negative integer of 32-bit limbs, enough for the subsidy formula.
struct LimbNumber {
    private var limbs: [UInt32]  // least significant first

    init(_ value: UInt64) { limbs = [UInt32(truncatingIfNeeded: value), UInt32(value >> 32)] }

    mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let product = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry > 0 { limbs.append(UInt32(carry)) }
    }

    mutating func divide(by divisor: UInt32) {
        var remainder: UInt64 = 0
        for i in limbs.indices.reversed() {
            let value = remainder << 32 | UInt64(limbs[i])
            limbs[i] = UInt32(value / UInt64(divisor))
            remainder = value % UInt64(divisor)
        }
        while limbs.count > 2, limbs.last == 0 { limbs.removeLast() }
    }

    var low64: UInt64 { UInt64(limbs[0]) | UInt64(limbs.count > 1 ? limbs[1] : 0) << 32 }
}
