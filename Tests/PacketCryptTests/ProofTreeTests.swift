import CPacketCrypt
@testable import PacketCrypt
import Testing

/// The announcement tree and proof on the digest's worked example and on
/// the case pktd cannot check.
struct ProofTreeTests {
    /// libsodium picks its implementations in `pc_init`; a MAC begun before
    /// that and finished after would mix two of them.
    init() throws { try #require(pc_init() == 0) }

    /// Five 1024-byte blobs of 1, 2, 3, 4 and 5: not announcements, but the
    /// per-nonce computation and the tree never look inside one.
    static let blobs = (1...5).map { [UInt8](repeating: UInt8($0), count: 1024) }
    static let header = try! Hex.decode(
        "000000201111111111111111111111111111111111111111111111111111111111111111"
            + "222222222222222222222222222222222222222222222222222222222222222200105e5fffff7f2005000000")

    @Test func theWorkedExampleNonce() throws {
        var hdrHash = [UInt8](repeating: 0, count: 32)
        pc_blake2b_256(&hdrHash, Self.header, 80)
        #expect(Hex.encode(hdrHash) == "142986b3595fc6aab7a8cc76220f28960098a9c9646b3bbc9df23079dfd26e25")
        var state = pc_cc_state()
        pc_cc_init(&state, hdrHash, 1)
        let order = [3, 0, 1, 2]  // the blobs at positions 2, 0, 1, 4 of the sorted set
        var items: [UInt64] = []
        for j in 0..<4 {
            items.append(pc_cc_item_no(&state))
            pc_cc_update(&state, Self.blobs[order[j]])
        }
        #expect(items == [0x85ec_6640_f7af_965f, 0x1a03_0f3f_c068_e2fb, 0x4f3c_33e5_bf59_755f, 0x07e0_7345_e752_ac1d])
        pc_cc_smul(&state)
        pc_cc_final(&state)
        let work = withUnsafeBytes(of: state.bytes) { Array($0.prefix(32)) }
        #expect(Hex.encode(work) == "59e818e799c959e711c750cdfb354059f8eae1cf36bf5cc667415e2e40d7ca3d")
        #expect(Difficulty.isOk(hash: work, bits: 0x207f_ffff))
    }

    @Test func theWorkedExampleProofGivesTheCommittedRoot() throws {
        let proof = try Hex.decode(
            String(repeating: "00", count: 32) + "a34c68af460cc015" + "a1ce8f3abcde9b01"
                + "841fdbfbb29c9d3ec76051fa46afa1dee416c54c537568cce90ff70f85e40d8c" + "e7d2b077d8962b51")
        let hashes = [3, 0, 1, 2].flatMap { Hashes.blake2b256(Self.blobs[$0]) }
        let items: [UInt64] = [0x85ec_6640_f7af_965f, 0x1a03_0f3f_c068_e2fb, 0x4f3c_33e5_bf59_755f, 0x07e0_7345_e752_ac1d]
        var root = [UInt8](repeating: 0, count: 32)
        #expect(pc_proof_root(hashes, 5, items, proof, proof.count, &root) == PC_PROOF_OK)
        #expect(Hex.encode(root) == "c2897db7cdf7643a4b49a45b2f25d6cbda3b31c087843c59ad43b72fffe69377")

        #expect(pc_proof_root(hashes, 5, items, proof, proof.count - 8, &root) == PC_PROOF_RUNT)
        #expect(pc_proof_root(hashes, 5, items, proof + [0], proof.count + 1, &root) == PC_PROOF_EXTRA_DATA)
        var wrongRange = proof
        wrongRange[32] ^= 1
        #expect(pc_proof_root(hashes, 5, items, wrongRange, proof.count, &root) == PC_PROOF_DUPLICATE_DATA)
        var wrongHash = proof
        wrongHash[70] ^= 1  // inside the provided hash of A4, past its start bytes
        #expect(pc_proof_root(hashes, 5, items, wrongHash, proof.count, &root) == PC_PROOF_OK)
        #expect(Hex.encode(root) != "c2897db7cdf7643a4b49a45b2f25d6cbda3b31c087843c59ad43b72fffe69377")
    }

    /// With an even announcement count the last announcement's leaf has a pad
    /// beside it, and pktd cannot finish the proof ("root has unexpected
    /// flags"). The miner never picks such a nonce; a proof built for one
    /// anyway is refused here as pktd refuses it.
    @Test func theLastOfAnEvenCountCannotBeProven() async throws {
        let anns = try await AnnouncementPool.announcements(4)
        let set = try AnnouncementSet(announcements: anns, height: AnnouncementPool.parentHeight + 3)
        #expect(set.count == 4)
        let header = AnnouncementPool.header(for: set, bits: 0x207f_ffff)
        var hdrHash = [UInt8](repeating: 0, count: 32)
        pc_blake2b_256(&hdrHash, header, 80)
        for nonce in UInt32(0)... {
            var state = pc_cc_state()
            pc_cc_init(&state, hdrHash, UInt64(nonce))
            var items: [UInt64] = []
            for _ in 0..<4 {
                items.append(pc_cc_item_no(&state))
                pc_cc_update(&state, set.announcement(at: items.last! % 4).bytes)
            }
            guard items.contains(where: { $0 % 4 == 3 }) else { continue }
            let hashes = items.flatMap { set.announcement(at: $0 % 4).hash }
            var found = pc_block_found()
            withUnsafeMutableBytes(of: &found.header) { $0.copyBytes(from: header) }
            found.low_nonce = nonce
            found.item_no = (items[0], items[1], items[2], items[3])
            var hap = [UInt8](repeating: 0, count: Int(PC_HAP_MAX))
            let length = pc_block_prove(set.handle.pointer, &found, &hap, hap.count)
            #expect(length > Int(PC_HAP_PROOF_OFFSET))
            let proof = Array(hap[Int(PC_HAP_PROOF_OFFSET)..<length])
            var root = [UInt8](repeating: 0, count: 32)
            #expect(pc_proof_root(hashes, 4, items, proof, proof.count, &root) == PC_PROOF_ROOT_FLAGS)
            return
        }
    }
}
