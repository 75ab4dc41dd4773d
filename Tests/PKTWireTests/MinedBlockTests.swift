import PKTWire
import PacketCrypt
import Testing

/// A whole block mined over real announcements, checked as pktd checks it,
/// and refused when its coinbase or proof is changed.
struct MinedBlockTests {
    static let parentHeight: UInt32 = 40
    static let parent = try! BlockHash(displayHex: String(repeating: "e1", count: 32))

    static let mined = Task<(Block, AnnouncementSet), Error> {
        let job = try AnnouncementJob(parentHash: parent, parentHeight: parentHeight, workBits: 0x207f_ffff)
        let anns = try await AnnouncementMiner.announcements(for: job, count: 9, threads: 2)
        let set = try AnnouncementSet(announcements: anns, height: parentHeight + 3)
        let template = BlockTemplate(
            previousBlock: try BlockHash(displayHex: String(repeating: "0b", count: 32)), bits: 0x207f_ffff,
            time: 1_700_000_000,
            coinbase: BlockTemplate.coinbase(height: parentHeight + 3, payoutScript: [0x51], value: 5_000))
        let header = try template.header(committingTo: set.commitment)
        let miner = try BlockMiner(threads: 1)
        defer { miner.stop() }
        try miner.mine(BlockMiningJob(set: set, header: header.bytes))
        for await proof in miner.found where proof.isBlock { return (try template.block(from: proof), set) }
        throw PacketCryptError.invalidArgument("the miner stopped")
    }

    func check(_ block: Block) throws -> BlockCheck {
        try BlockValidator(rules: .devnet).check(block, height: Self.parentHeight + 3, parentHashes: [Self.parent])
    }

    @Test func theBlockIsValidAndRoundTrips() async throws {
        let (block, set) = try await Self.mined.value
        #expect(try Block(bytes: block.bytes) == block)
        #expect(block.computedMerkleRoot == block.header.merkleRoot)
        #expect(block.coinbase?.coinbaseCommitment == set.commitment)
        #expect(block.coinbase?.coinbaseHeight == Int64(Self.parentHeight + 3))
        #expect(try check(Block(bytes: block.bytes)).verdict == .ok)
    }

    @Test func aCoinbaseWithoutTheCommitmentIsRefused() async throws {
        var block = try await Self.mined.value.0
        block.transactions[0].outputs.removeAll { CoinbaseCommitment(script: $0.pkScript) != nil }
        let result = try check(block)
        #expect(result.verdict == .badCoinbase && result.detail == "missing packetcrypt commitment")
    }

    @Test func aCommitmentThatDisagreesWithTheProofIsRefused() async throws {
        var block = try await Self.mined.value.0
        let index = try #require(block.transactions[0].outputs.firstIndex { CoinbaseCommitment(script: $0.pkScript) != nil })
        block.transactions[0].outputs[index].pkScript[20] ^= 1  // inside the tree root
        #expect(try check(block).verdict == .proofMismatch)
        block.transactions[0].outputs[index].pkScript[20] ^= 1
        block.transactions[0].outputs[index].pkScript[3] ^= 1  // the magic
        #expect(try check(block).verdict == .badCoinbase)
    }

    @Test func onlyVersionTwoProofsWithoutContentProofsAreAccepted() async throws {
        var block = try await Self.mined.value.0
        let pcp = block.proof
        block.proof = try PacketCryptProof(nonce: pcp.nonce, announcements: pcp.announcements,
                                           announcementProof: pcp.announcementProof, version: 1)
        #expect(try check(block).verdict == .proofInvalid)
        block.proof = try PacketCryptProof(nonce: pcp.nonce, announcements: pcp.announcements,
                                           announcementProof: pcp.announcementProof, contentProof: [], version: 2)
        #expect(try check(block).verdict == .proofInvalid)
    }
}
