import CPacketCrypt
import Foundation
import PacketCrypt
import Testing

/// RandGen and the interpreter against 500 seeds run through pktd's own code.
@Suite(.enabled(if: Vectors.available, "needs ../shared/vectors beside the repository"))
struct RandHashTests {
    @Test func pktdProgramsAndResults() throws {
        #expect(pc_init() == 0)
        let text = String(decoding: try Vectors.data("randhash_programs.txt"), as: UTF8.self)
        var cases = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ").map(String.init)
            try #require(fields.count == 4)
            let seed = try Hex.decode(fields[0])
            var program = [UInt32](repeating: 0, count: 2048)
            let length = Int(pc_randgen(&program, seed))
            #expect(length == Int(fields[1]), "program length for seed \(fields[0])")
            guard length > 0 else { continue }
            let programBytes = program[0..<length].flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
            #expect(Hex.encode(sha256(programBytes).prefix(8)) == fields[2], "program words for seed \(fields[0])")

            var state = [UInt8](repeating: 0, count: 2048)
            var memory = [UInt32](repeating: 0, count: 256)
            pc_hash_expand(&state, 2048, seed, 7)
            memory.withUnsafeMutableBytes { pc_hash_expand($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 1024, seed, 9) }
            var reference = state
            #expect(pc_randhash(program, Int32(length), &state, memory, 2) == 0)
            #expect(Hex.encode(state.prefix(32)) == fields[3], "state after 2 cycles for seed \(fields[0])")
            #expect(pc_randhash_reference(program, Int32(length), &reference, memory, 2) == 0)
            #expect(reference == state, "reference interpreter for seed \(fields[0])")
            cases += 1
        }
        #expect(cases == 500)
    }

    private func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        pc_sha256(&out, bytes, bytes.count)
        return out
    }
}

/// The pre-decoded interpreter against the reference one on random programs
/// and states, over 1 to 4 cycles.
struct RandHashInterpreterTests {
    @Test func bothInterpretersAgreeOnRandomPrograms() {
        #expect(pc_init() == 0)
        var g = SystemRandomNumberGenerator()
        for round in 0..<2000 {
            let seed = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
            var program = [UInt32](repeating: 0, count: 2048)
            let length = Int(pc_randgen(&program, seed))
            guard length > 0 else { continue }
            var state = (0..<2048).map { _ in UInt8.random(in: 0...255, using: &g) }
            let memory = (0..<256).map { _ in UInt32.random(in: 0...UInt32.max, using: &g) }
            var reference = state
            let cycles = Int32(1 + round % 4)
            let fast = pc_randhash(program, Int32(length), &state, memory, cycles)
            let slow = pc_randhash_reference(program, Int32(length), &reference, memory, cycles)
            #expect(fast == slow)
            #expect(state == reference, "seed \(Hex.encode(seed))")
        }
        #expect(pc_randhash([], 0, nil, nil, 2) == Int32(PC_RANDHASH_EMPTY))
    }

    /// Programs RandGen would not make (a few bits flipped): odd loop counts
    /// and jumps must end the same way in both. A fixed generator keeps the
    /// cases the same from run to run.
    @Test func bothInterpretersAgreeOnAlteredPrograms() {
        #expect(pc_init() == 0)
        var g = SplitMix64(state: 0x5eed)
        for round in 0..<1000 {
            let seed = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
            var program = [UInt32](repeating: 0, count: 2048)
            let length = Int(pc_randgen(&program, seed))
            guard length > 0 else { continue }
            for _ in 0...(round % 3) {
                program[Int.random(in: 0..<length, using: &g)] ^= 1 << UInt32.random(in: 0..<32, using: &g)
            }
            var state = (0..<2048).map { _ in UInt8.random(in: 0...255, using: &g) }
            let memory = (0..<256).map { _ in UInt32.random(in: 0...UInt32.max, using: &g) }
            var reference = state
            let fast = pc_randhash(program, Int32(length), &state, memory, 2)
            let slow = pc_randhash_reference(program, Int32(length), &reference, memory, 2)
            #expect(fast == slow, "seed \(Hex.encode(seed)), round \(round)")
            if fast == 0 { #expect(state == reference, "seed \(Hex.encode(seed)), round \(round)") }
        }
    }
}

/// SplitMix64: a small seeded generator for repeatable test cases.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
