import PKTWire
import PacketCrypt
import Testing

/// Merkle roots, the coinbase branch miners receive, and BIP141 helpers.
struct MerkleTreeTests {
    @Test(arguments: 1...9)
    func branchFoldsToTheRoot(count: Int) {
        let hashes = (0..<count).map { Fixtures.hash(UInt8($0)) }
        let branch = MerkleTree.coinbaseBranch(hashes)
        #expect(branch.count == (count == 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount))
        #expect(MerkleTree.root(fromCoinbaseTxid: hashes[0], branch: branch) == MerkleTree.root(hashes))
    }

    @Test func oddLevelsRepeatTheLastHash() {
        let (a, b, c) = (Fixtures.hash(1), Fixtures.hash(2), Fixtures.hash(3))
        #expect(MerkleTree.root([a]) == a)
        #expect(MerkleTree.root([a, b]) == Hashes.sha256d(a + b))
        #expect(MerkleTree.root([a, b, c]) == Hashes.sha256d(Hashes.sha256d(a + b) + Hashes.sha256d(c + c)))
        #expect(MerkleTree.coinbaseBranch([a, b, c]) == [b, Hashes.sha256d(c + c)])
        #expect(MerkleTree.root([]) == [UInt8](repeating: 0, count: 32))
    }

    @Test func witnessRootOfACoinbaseAloneIsZero() throws {
        let coinbase = try Transaction(bytes: Hex.decode(Fixtures.genesisCoinbaseHex))
        #expect(MerkleTree.witnessMerkleRoot([coinbase]) == [UInt8](repeating: 0, count: 32))
    }
}
