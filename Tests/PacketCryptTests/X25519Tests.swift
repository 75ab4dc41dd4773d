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
}
