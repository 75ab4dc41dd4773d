import PKTWire
import PacketCrypt
import Testing

/// Whole PKT blocks: header, proof entities and segwit transactions.
struct BlockTests {
    static let height: Int64 = 1_400_003

    static func commitment() throws -> CoinbaseCommitment {
        try CoinbaseCommitment(annMinTarget: 0x1f00_ffff, root: Fixtures.hash(42), annCount: 64)
    }

    /// A coinbase with a BIP34 height, a payout, the PacketCrypt commitment and
    /// a witness commitment, followed by one segwit spend.
    static func block() throws -> Block {
        let spend = try Fixtures.segwitTransaction()
        let witnessNonce = [UInt8](repeating: 0, count: 32)
        var coinbase = Transaction(
            version: 1,
            inputs: [TransactionInput(previousOutput: .null, signatureScript: [0x03, 0xc3, 0x5c, 0x15, 0x00, 0x01],
                                      witness: [witnessNonce])],
            outputs: [
                TransactionOutput(value: 4_166_666_666, pkScript: [0x00, 0x14] + Fixtures.bytes(20, seed: 77)),
                TransactionOutput(value: 0, pkScript: try commitment().script),
            ])
        let witnessRoot = MerkleTree.witnessMerkleRoot([coinbase, spend])
        let witnessCommitment = MerkleTree.witnessCommitmentScript(witnessRoot: witnessRoot, witnessNonce: witnessNonce)
        coinbase.outputs.append(TransactionOutput(value: 0, pkScript: witnessCommitment))
        let transactions = [coinbase, spend]
        let header = try BlockHeader(
            version: 0x2000_0000, previousBlock: BlockHash(bytes: Fixtures.hash(1)),
            merkleRoot: MerkleTree.root(transactions.map(\.txid.bytes)), time: 1_700_000_000, bits: 0x1e3f_ffff,
            nonce: 99)
        return Block(header: header, proof: try Fixtures.proof(), transactions: transactions)
    }

    @Test func blockRoundTripsByteForByte() throws {
        let block = try Self.block()
        let raw = block.bytes
        let decoded = try Block(bytes: raw)
        #expect(decoded == block)
        #expect(decoded.bytes == raw)
        #expect(Array(raw[0..<80]) == block.header.bytes)
        #expect(Array(raw[80..<84]) == [0x01, 0xfd, 0x5c, 0x10])
        let afterProof = 80 + block.proof.bytes.count
        #expect(Array(raw[(afterProof - 5)..<afterProof]) == [0x04, 0x01, 0x02, 0x00, 0x00])
        #expect(raw[afterProof] == 2)
        #expect(decoded.blockHash == block.header.blockHash)
    }

    @Test func coinbaseFieldsReadBack() throws {
        let decoded = try Block(bytes: Self.block().bytes)
        let coinbase = try #require(decoded.coinbase)
        #expect(coinbase.isCoinbase)
        #expect(coinbase.coinbaseHeight == Self.height)
        #expect(coinbase.coinbaseCommitment == (try Self.commitment()))
        #expect(coinbase.coinbaseCommitment?.annCount == 64)
        #expect(decoded.computedMerkleRoot == decoded.header.merkleRoot)
        #expect(!decoded.transactions[1].isCoinbase)
    }

    @Test func witnessCommitmentMatchesTheTransactions() throws {
        let block = try Self.block()
        let script = try #require(block.coinbase?.outputs.last?.pkScript)
        #expect(script.count == 38)
        #expect(Array(script.prefix(6)) == [0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed])
        let root = MerkleTree.witnessMerkleRoot(block.transactions)
        #expect(root == MerkleTree.root([[UInt8](repeating: 0, count: 32), block.transactions[1].wtxid.bytes]))
        #expect(Array(script.suffix(32)) == Hashes.sha256d(root + [UInt8](repeating: 0, count: 32)))
    }

    @Test func everyTruncationThrows() throws {
        let raw = try Self.block().bytes
        var accepted: [Int] = []
        for length in 0..<raw.count {
            do {
                _ = try Block(bytes: Array(raw.prefix(length)))
                accepted.append(length)
            } catch is WireError {
            }
        }
        #expect(accepted.isEmpty)
    }

    @Test func changedBytesDecodeOrThrowWireErrors() throws {
        let raw = try Self.block().bytes
        for position in raw.indices {
            for value: UInt8 in [0x00, 0xfd, 0xff] {
                var changed = raw
                changed[position] = value
                do {
                    _ = try Block(bytes: changed)
                } catch is WireError {
                }
            }
        }
    }

    @Test func trailingByteThrows() throws {
        #expect(throws: WireError.trailingBytes(count: 1)) { try Block(bytes: Self.block().bytes + [0]) }
    }

    @Test func impossibleTransactionCountThrows() throws {
        let block = try Self.block()
        let count: [UInt8] = [0xfe, 0xff, 0xff, 0xff, 0x7f]
        let raw = block.header.bytes + block.proof.bytes + count + [UInt8](repeating: 0, count: 20)
        #expect(throws: WireError.tooManyItems(what: "transactions", count: 0x7fff_ffff, limit: 2)) {
            try Block(bytes: raw)
        }
    }
}
