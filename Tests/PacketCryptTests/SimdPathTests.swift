import CPacketCrypt
import Foundation
import PacketCrypt
import Testing

/// Every SIMD path this machine supports computes the bytes the portable
/// path computes. (The whole suite can also be run on one path with
/// `PC_SIMD_LEVEL=portable`, `avx2` or `avx512` in the environment.)
@Suite(.serialized)
struct SimdPathTests {
    init() throws { try #require(pc_init() == 0) }

    static var levels: [Int32] { Array(Int32(PC_SIMD_PORTABLE)...pc_simd_max_level()) }

    /// Runs `body` on each supported path, the portable one first.
    func onEveryPath<T>(_ body: (Int32) throws -> T) rethrows -> [T] {
        let saved = pc_get_simd_level()
        defer { _ = pc_set_simd_level(saved) }
        return try Self.levels.map { level in
            #expect(pc_set_simd_level(level) == level)
            return try body(level)
        }
    }

    static func randomBytes(_ count: Int, _ g: inout SystemRandomNumberGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    @Test func theMachineReportsItsPaths() {
        #expect(pc_simd_max_level() >= Int32(PC_SIMD_PORTABLE))
        #expect(pc_simd_max_level() <= Int32(PC_SIMD_AVX512))
    }

    /// CryptoCycle's crypt (ChaCha20 and Poly1305) on random states, both
    /// directions, every message and additional-data length.
    @Test func cryptAgreesOnRandomStates() {
        var g = SystemRandomNumberGenerator()
        for round in 0..<3000 {
            var state = Self.randomBytes(2048, &g)
            if round % 2 == 0 { state[13] |= 0x10 }  // decrypt
            if round % 5 == 0 { state[19] = 0 }  // short messages, no additional data
            let results = onEveryPath { _ -> [UInt8] in
                var s = state
                s.withUnsafeMutableBytes { raw in
                    let p = raw.baseAddress!.assumingMemoryBound(to: pc_cc_state.self)
                    pc_cc_make_fuzzable(p)
                    _ = pc_cc_crypt(p)
                }
                return s
            }
            for r in results.dropFirst() where r != results[0] {
                Issue.record("crypt differs from the portable path on state \(Hex.encode(state))")
            }
        }
    }

    /// RandGen, whose random words are made many counters at a time.
    @Test func randGenAgrees() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let seed = Self.randomBytes(32, &g)
            let results = onEveryPath { _ -> [UInt32] in
                var program = [UInt32](repeating: 0, count: 2048)
                let length = Int(pc_randgen(&program, seed))
                return length < 0 ? [UInt32(bitPattern: Int32(length))] : Array(program[0..<length])
            }
            #expect(results.allSatisfy { $0 == results[0] }, "seed \(Hex.encode(seed))")
        }
    }

    @Test func hashExpandAgrees() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let seed = Self.randomBytes(32, &g)
            let length = Int.random(in: 0...2048, using: &g)
            let counter = UInt32.random(in: 0...UInt32.max, using: &g)
            let results = onEveryPath { _ -> [UInt8] in
                var out = [UInt8](repeating: 0x5a, count: length + 1)
                pc_hash_expand(&out, length, seed, counter)
                return out
            }
            #expect(results.allSatisfy { $0 == results[0] })
            #expect(results[0].last == 0x5a)
        }
    }

    /// The multi-buffer BLAKE2b against libsodium's one input at a time.
    @Test func blake2bManyAgreesWithOneAtATime() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let n = Int.random(in: 0...19, using: &g)
            let length = 128 * Int.random(in: 1...17, using: &g)
            let digest = Bool.random(using: &g) ? 32 : 64
            let inputs = (0..<n).map { _ in Self.randomBytes(length, &g) }
            let expected = inputs.map { input -> [UInt8] in
                var out = [UInt8](repeating: 0, count: digest)
                if digest == 32 { pc_blake2b_256(&out, input, length) } else { pc_blake2b_512(&out, input, length) }
                return out
            }
            _ = onEveryPath { _ in
                var outs = [[UInt8]](repeating: [UInt8](repeating: 0, count: digest), count: n)
                let inPtrs = inputs.map { input -> UnsafeMutablePointer<UInt8> in
                    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: length)
                    p.initialize(from: input, count: length)
                    return p
                }
                let outPtrs = (0..<n).map { _ in UnsafeMutablePointer<UInt8>.allocate(capacity: digest) }
                defer { (inPtrs + outPtrs).forEach { $0.deallocate() } }
                inPtrs.map { UnsafePointer($0) as UnsafePointer<UInt8>? }.withUnsafeBufferPointer { ins in
                    outPtrs.map { Optional($0) }.withUnsafeBufferPointer { os in
                        pc_blake2b_many(os.baseAddress, digest, ins.baseAddress, length, n)
                    }
                }
                for i in 0..<n { outs[i] = Array(UnsafeBufferPointer(start: outPtrs[i], count: digest)) }
                #expect(outs == expected)
            }
        }
    }

    /// Announcements mined on each path are byte for byte those of the
    /// portable path, and validate on every path.
    @Test func miningAgreesOnEveryPath() throws {
        var job = pc_ann_job()
        withUnsafeMutableBytes(of: &job.parent_hash) { $0.copyBytes(from: [UInt8](repeating: 0x42, count: 32)) }
        job.parent_height = 1_000_000
        job.work_bits = 0x207f_ffff
        let miner = try #require(pc_ann_miner_new())
        defer { pc_ann_miner_free(miner) }
        let validator = try #require(pc_ann_validator_new())
        defer { pc_ann_validator_free(validator) }
        let parent = [UInt8](repeating: 0x42, count: 32)
        let mined = onEveryPath { _ -> [UInt8] in
            var all: [UInt8] = []
            for hardNonce: UInt32 in [7, 8] {
                #expect(pc_ann_miner_start(miner, &job, hardNonce, nil) == Int32(PC_ANN_OK.rawValue))
                var out = [UInt8](repeating: 0, count: 20 * 1024)
                var hashes: UInt32 = 0
                let found = Int(pc_ann_miner_search(miner, 20, &out, 20, nil, &hashes))
                #expect(found > 0)
                all += out[0..<(found * 1024)]
            }
            return all
        }
        #expect(mined.allSatisfy { $0 == mined[0] })
        _ = onEveryPath { _ in
            for i in stride(from: 0, to: mined[0].count, by: 1024) {
                let ann = Array(mined[0][i..<(i + 1024)])
                #expect(pc_ann_validate(validator, ann, parent, 0, nil) == PC_ANN_OK)
            }
        }
    }

    /// The reference kernel's announcements and work hashes on every path.
    @Test(.enabled(if: Vectors.available, "needs ../shared/vectors beside the repository"))
    func referenceVectorsOnEveryPath() throws {
        let expected = try #require(Vectors.json("expected.json")["anns"] as? [String: Any])
        let parent = try BlockHash(rawHex: try #require(expected["parent_hash"] as? String))
        let listed = try #require(expected["anns"] as? [[String: Any]])
        let anns = try Vectors.announcements("anns_v1_b.bin")
        let entries = try #require(Vectors.json("anns_jobs.json")["anns"] as? [[String: Any]])
        let jobAnns = try Vectors.announcements("anns_jobs.bin")
        let validator = try AnnouncementValidator()
        _ = try onEveryPath { level in
            for (ann, entry) in zip(anns, listed) {
                let check = try validator.check(ann, parentHash: parent)
                #expect(check.verdict == .ok, "path \(level)")
                #expect(Hex.encode(check.workHash) == entry["hashout"] as? String, "path \(level)")
            }
            for (ann, entry) in zip(jobAnns, entries) {
                let jobParent = try BlockHash(displayHex: try #require(entry["parent_hash_display"] as? String))
                let check = try validator.check(ann, parentHash: jobParent)
                #expect(check.verdict == .ok, "path \(level)")
                #expect(Hex.encode(check.workHash) == entry["hashout"] as? String, "path \(level)")
            }
        }
    }
}
