import CPacketCrypt
import PacketCrypt
import Testing

/// The fixed-base X25519 used by block mining agrees with libsodium's
/// Montgomery ladder run on the base point u = 9.
struct X25519Tests {
    init() throws { try #require(pc_init() == 0) }

    @Test func theCombAgreesWithTheLadder() throws {
        var generator = SystemRandomNumberGenerator()
        let basePoint: [UInt8] = [9] + [UInt8](repeating: 0, count: 31)
        var scalars: [[UInt8]] = (0..<3000).map { _ in (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        scalars += [[UInt8](repeating: 0, count: 32), [UInt8](repeating: 0xff, count: 32), [1] + [UInt8](repeating: 0, count: 31)]
        for scalar in scalars {
            var comb = [UInt8](repeating: 0, count: 32), ladder = [UInt8](repeating: 0, count: 32)
            pc_x25519_base(&comb, scalar)
            pc_x25519(&ladder, scalar, basePoint)
            #expect(comb == ladder, "scalar \(Hex.encode(scalar))")
        }
    }

    /// Block mining's Smul (one fixed-base multiplication by the product of
    /// the clamped scalars mod l) against libsodium's two X25519 calls,
    /// which validation uses.
    @Test func theFastSmulAgreesWithLibsodium() throws {
        var generator = SystemRandomNumberGenerator()
        var specials: [[UInt8]] = [[UInt8](repeating: 0, count: 64), [UInt8](repeating: 0xff, count: 64)]
        specials.append([1] + [UInt8](repeating: 0, count: 31) + [9] + [UInt8](repeating: 0, count: 31))
        let randoms: [[UInt8]] = (0..<3000).map { _ in (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        for prefix in specials + randoms {
            var state = prefix + (0..<(2048 - 64)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var fast = state
            state.withUnsafeMutableBytes { pc_cc_smul($0.baseAddress!.assumingMemoryBound(to: pc_cc_state.self)) }
            fast.withUnsafeMutableBytes { pc_cc_smul_fast($0.baseAddress!.assumingMemoryBound(to: pc_cc_state.self)) }
            #expect(fast == state, "scalars \(Hex.encode(Array(prefix)))")
            var twice = [UInt8](repeating: 0, count: 32), pub = [UInt8](repeating: 0, count: 32)
            var ladder = [UInt8](repeating: 0, count: 32)
            let a = Array(prefix[0..<32]), b = Array(prefix[32..<64])
            pc_x25519_base_twice(&twice, a, b)
            pc_x25519(&pub, b, [9] + [UInt8](repeating: 0, count: 31))
            pc_x25519(&ladder, a, pub)
            #expect(twice == ladder)
        }
    }
}
