import PacketCrypt
import Testing

struct DifficultyTests {
    @Test func softNonceLimits() {
        #expect(Difficulty.softNonceMax(bits: 0x2002_0000) == 0x7fff)
        #expect(Difficulty.softNonceMax(bits: 0x207f_ffff) == 0x3ff)
        #expect(Difficulty.softNonceMax(bits: 0x1f0f_ffff) == 0x1f_ffff)
        #expect(Difficulty.softNonceMax(bits: 0x1e0f_ffff) == 0xff_ffff)
    }

    @Test func effectiveTargets() {
        #expect(Difficulty.effectiveTarget(blockBits: 0x1c16_0000, annMinTarget: 0x1f0f_ffff, annCount: 1_000_000) == 0x1b09_7513)
        #expect(Difficulty.effectiveTarget(blockBits: 0x1f0f_ffff, annMinTarget: 0x207f_ffff, annCount: 1) == 0x1d7f_ffff)
        #expect(Difficulty.effectiveTarget(blockBits: 0x1f0f_ffff, annMinTarget: 0x207f_ffff, annCount: 4) == 0x1e07_ffff)
        #expect(Difficulty.effectiveTarget(blockBits: 0x1e3f_ffff, annMinTarget: 0x1f00_ffff, annCount: 64) == 0x1f01_0001)
        #expect(Difficulty.effectiveTarget(blockBits: 0x207f_ffff, annMinTarget: 0x207f_ffff, annCount: 5) == 0x207f_ffff)
        #expect(Difficulty.effectiveTarget(blockBits: 0x1f0f_ffff, annMinTarget: 0x207f_ffff, annCount: 0) == 0)
    }

    @Test func agedAnnouncementTargets() {
        #expect(Difficulty.agedAnnouncementTarget(bits: 0x1f00_ffff, age: 2) == nil)
        #expect(Difficulty.agedAnnouncementTarget(bits: 0x1f00_ffff, age: 3) == 0x1f00_ffff)
        #expect(Difficulty.agedAnnouncementTarget(bits: 0x1f00_ffff, age: 4) == 0x1f01_fffe)
        #expect(Difficulty.agedAnnouncementTarget(bits: 0x1f00_ffff, age: 8) == 0x1f1f_ffe0)
        #expect(Difficulty.agedAnnouncementTarget(bits: 0x1f00_ffff, age: 12) == 0x2001_fffe)
        #expect(Difficulty.agedAnnouncementTarget(bits: 0x200f_ffff, age: 6) == 0x207f_fff8)
        #expect(Difficulty.agedAnnouncementTarget(bits: 0x200f_ffff, age: 7) == nil)
        #expect(Difficulty.agedAnnouncementTarget(bits: 0x207f_ffff, age: 4) == nil)
    }

    @Test func compactRoundTripAndWorkCheck() throws {
        for bits: UInt32 in [0x207f_ffff, 0x2000_ffff, 0x1f0f_ffff, 0x1e00_ffff, 0x1b09_7513, 0x0312_3456] {
            let target = try #require(Difficulty.target(bits: bits))
            #expect(try Difficulty.bits(target: target) == bits)
            #expect(Difficulty.isOk(hash: target, bits: bits))
            var above = target
            above[0] &+= 1
            if above[0] != 0 { #expect(!Difficulty.isOk(hash: above, bits: bits)) }
        }
        #expect(Difficulty.target(bits: 0x0480_0001) == nil)  // negative
        #expect(!Difficulty.isOk(hash: [UInt8](repeating: 0, count: 32), bits: 0x0480_0001))
        #expect(try Difficulty.parseBits("0x2000ffff") == 0x2000_ffff)
        #expect(throws: PacketCryptError.self) { try Difficulty.parseBits("zz") }
    }

    @Test func workForTarget() {
        // floor(2^256 / ((2^23 - 1) * 2^232 + 1)) = 2
        let easy = Difficulty.work(bits: 0x207f_ffff)
        #expect(easy[0] == 2 && easy[1...].allSatisfy { $0 == 0 })
        // target 0: all of 2^256
        let hardest = Difficulty.work(bits: 0)
        #expect(hardest[32] == 1 && hardest[0..<32].allSatisfy { $0 == 0 })
        // floor(2^256 / (2^240 + 1)) = 2^16 - 1
        let mid = Difficulty.work(bits: 0x1f01_0000)
        #expect(mid[0] == 0xff && mid[1] == 0xff && mid[2...].allSatisfy { $0 == 0 })
    }
}
