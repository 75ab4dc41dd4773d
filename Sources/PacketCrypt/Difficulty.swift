import CPacketCrypt

/// Compact targets ("bits"), work and the announcement-specific limits.
public enum Difficulty {
    /// The 256-bit target of compact `bits`, little-endian; nil when the bits
    /// are negative or the target does not fit in 256 bits.
    public static func target(bits: UInt32) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 32)
        return pc_bits_to_target(&out, bits) == 0 ? out : nil
    }

    /// Compact bits of a little-endian 256-bit target.
    public static func bits(target: [UInt8]) throws -> UInt32 {
        guard target.count == 32 else {
            throw PacketCryptError.invalidLength(what: "a target", expected: 32, actual: target.count)
        }
        return pc_target_to_bits(target)
    }

    /// floor(2^256 / (target + 1)), as 33 little-endian bytes.
    public static func work(bits: UInt32) -> [UInt8] {
        let target = Self.target(bits: bits) ?? [UInt8](repeating: 0, count: 32)
        var out = [UInt8](repeating: 0, count: 33)
        pc_work_for_target(&out, target)
        return out
    }

    /// True when the little-endian hash is at or under the target of `bits`.
    public static func isOk(hash: [UInt8], bits: UInt32) -> Bool {
        precondition(hash.count == 32, "a work hash is 32 bytes")
        return pc_work_is_ok(hash, bits) != 0
    }

    /// Highest soft nonce an announcement mined at `bits` may use.
    public static func softNonceMax(bits: UInt32) -> UInt32 { pc_ann_soft_nonce_max(bits) }

    /// The target an announcement at `bits` counts for at `age` blocks past
    /// its parent; nil when it is not usable at that age.
    public static func agedAnnouncementTarget(bits: UInt32, age: UInt32) -> UInt32? {
        let t = pc_ann_aged_target(bits, age)
        return t == 0xffff_ffff ? nil : t
    }

    /// The PcP version 2 effective block target.
    public static func effectiveTarget(blockBits: UInt32, annMinTarget: UInt32, annCount: UInt64) -> UInt32 {
        pc_effective_target(blockBits, annMinTarget, annCount)
    }

    /// Parses compact bits written as hex (`0x2000ffff` or `2000ffff`).
    public static func parseBits(_ text: String) throws -> UInt32 {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.count <= 8, let value = UInt32(digits, radix: 16) else {
            throw PacketCryptError.invalidArgument("not compact bits in hex (like 0x2000ffff): \(text)")
        }
        return value
    }

    public static func formatBits(_ bits: UInt32) -> String {
        let hex = String(bits, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}

extension Difficulty {
    /// The oldest age (block height − parent height) at which an announcement
    /// with work target `bits` can still go into a block; 0 for none.
    public static func lastUsableAge(bits: UInt32) -> UInt32 {
        var age: UInt32 = 3
        guard agedAnnouncementTarget(bits: bits, age: age) != nil else { return 0 }
        while age < 300, agedAnnouncementTarget(bits: bits, age: age + 1) != nil { age += 1 }
        return age
    }
}

extension Difficulty {
    /// work(`bits`) / work(`base`): how many blocks at `base` one hash meeting
    /// `bits` is worth. Work is floor(2^256 / (target + 1)), as in pktd.
    public static func workRatio(_ bits: UInt32, to base: UInt32) -> Double {
        workValue(bits) / workValue(base)
    }

    /// work(`bits`) as a Double.
    static func workValue(_ bits: UInt32) -> Double {
        work(bits: bits).reversed().reduce(0.0) { $0 * 256 + Double($1) }
    }

    /// True when the target of `bits` is at or under (as hard as, or harder
    /// than) the target of `limit`; false for bits that give no target.
    public static func isAtOrUnder(_ bits: UInt32, _ limit: UInt32) -> Bool {
        guard let a = target(bits: bits), let b = target(bits: limit) else { return false }
        for i in (0..<32).reversed() where a[i] != b[i] { return a[i] < b[i] }
        return true
    }

    /// The compact target whose work is the work of `blockBits` divided by
    /// `divisor` (the block target times `divisor`, as compact bits can
    /// express it, at most 2^256 − 1).
    public static func shareBits(blockBits: UInt32, divisor: UInt32) -> UInt32 {
        guard var target = target(bits: blockBits) else { return blockBits }
        var carry: UInt64 = 0
        for i in 0..<32 {
            let product = UInt64(target[i]) * UInt64(divisor) + carry
            target[i] = UInt8(truncatingIfNeeded: product)
            carry = product >> 8
        }
        if carry > 0 { target = [UInt8](repeating: 0xff, count: 32) }
        return (try? bits(target: target)) ?? blockBits
    }
}
