import Foundation
import PacketCrypt
import Testing

/// The block mined by the reference kernel (`block_hap.bin`) and the listed
/// single changes to it. Where pktd and the reference C validator give
/// different reasons, pktd's is expected (see each case).
@Suite(.enabled(if: Vectors.available, "needs ../shared/vectors beside the repository"))
struct BlockVectorTests {
    let block: [String: Any]
    let hap: [UInt8]
    let commitment: CoinbaseCommitment
    let parent: BlockHash
    let height: UInt32
    let validator: BlockValidator

    init() throws {
        block = try #require(Vectors.json("expected.json")["block"] as? [String: Any])
        hap = try Vectors.data("block_hap.bin")
        commitment = try CoinbaseCommitment(bytes: Vectors.data("block_coinbase.bin"))
        parent = try BlockHash(rawHex: try #require(block["parent_hash"] as? String))
        height = try #require(block["mining_height"] as? UInt32)
        validator = try BlockValidator()
    }

    static func proof(_ hap: [UInt8]) throws -> ProofToCheck {
        let anns = try (0..<4).map { try Announcement(bytes: Array(hap[(88 + 1024 * $0)..<(88 + 1024 * ($0 + 1))])) }
        let nonce = UInt32(hap[84]) | UInt32(hap[85]) << 8 | UInt32(hap[86]) << 16 | UInt32(hap[87]) << 24
        return ProofToCheck(header: Array(hap[0..<80]), lowNonce: nonce, announcements: anns,
                            announcementProof: Array(hap[4184...]))
    }

    func check(_ hap: [UInt8], commitment: CoinbaseCommitment? = nil, height: UInt32? = nil) throws -> BlockCheck {
        try validator.check(Self.proof(hap), commitment: commitment ?? self.commitment, height: height ?? self.height,
                            parentHashes: [parent])
    }

    @Test func theBlockValidatesWithTheListedWorkHash() throws {
        #expect(hap.count == block["hap_len"] as? Int)
        #expect(Hex.encode(commitment.bytes) == block["coinbase_commitment"] as? String)
        #expect(Hex.encode(commitment.root) == block["tree_root"] as? String)
        #expect(commitment.annCount == 64 && commitment.annMinTarget == 0x1f00_ffff)
        let result = try check(hap)
        #expect(result.verdict == .ok)
        #expect(Hex.encode(result.workHash) == block["work_hash"] as? String)
        #expect(Difficulty.formatBits(result.effectiveTarget) == block["effective_target"] as? String)
        let hashes = try Self.proof(hap).announcements.map { Hex.encode($0.hash) }
        #expect(hashes == block["proof_ann_hashes"] as? [String])
        #expect(Hex.encode(Hashes.blake2b256(Array(hap[0..<80]))) == block["header_blake2b"] as? String)
    }

    /// The reference says PCP_INVAL: it checks the proof before the work.
    /// pktd checks the work first, and a changed nonce misses the target.
    @Test func aFlippedLowNonceMissesTheTarget() throws {
        var changed = hap
        changed[84] ^= 1
        #expect(try check(changed).verdict == .insufficientWork)
    }

    @Test func aFlippedProofByteBreaksTheProof() throws {
        var changed = hap
        changed[4184] ^= 1
        #expect(try check(changed).verdict == .proofInvalid)
    }

    @Test func oneBlockTooEarlyTheAnnouncementsAreTooFresh() throws {
        let result = try check(hap, height: height - 1)
        #expect(result.verdict == .announcementInsufficientWork && result.announcementIndex == 0)
    }

    /// The reference says PCP_INVAL (it wants the exact length). pktd reads
    /// a partly present last field zero-filled, which gives another root.
    @Test func aShortProofGivesAnotherRoot() throws {
        #expect(hap.last != 0)
        #expect(try check(Array(hap.dropLast())).verdict == .proofMismatch)
    }

    @Test func oneMoreAnnouncementInTheCommitmentBreaksTheProof() throws {
        var bytes = commitment.bytes
        bytes[40] += 1
        #expect(try check(hap, commitment: CoinbaseCommitment(bytes: bytes)).verdict == .proofInvalid)
    }

    @Test func commitmentCorruptions() throws {
        var magic = commitment.bytes
        magic[0] ^= 1
        #expect(try check(hap, commitment: CoinbaseCommitment(bytes: magic)).verdict == .badCoinbase)
        var root = commitment.bytes
        root[20] ^= 0x10
        #expect(try check(hap, commitment: CoinbaseCommitment(bytes: root)).verdict == .proofMismatch)
        var target = commitment.bytes
        target[7] = 0x21  // above 0x207fffff
        #expect(try check(hap, commitment: CoinbaseCommitment(bytes: target)).verdict == .badCoinbase)
    }

    @Test func theWrongParentMakesTheFirstAnnouncementInvalid() throws {
        let other = try BlockHash(bytes: [UInt8](repeating: 7, count: 32))
        let result = try validator.check(Self.proof(hap), commitment: commitment, height: height, parentHashes: [other])
        #expect(result.verdict == .announcementInvalid && result.announcementIndex == 0)
        #expect(result.announcementVerdict != nil && result.announcementVerdict != .ok)
    }
}
