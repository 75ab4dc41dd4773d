import PKTWire
import PacketCrypt
import Testing

/// Bitcoin's genesis block: a header, a coinbase and their well-known hashes.
struct GenesisTests {
    @Test func headerHashesToTheGenesisBlockHash() throws {
        let raw = try Hex.decode(Fixtures.genesisHeaderHex)
        let header = try BlockHeader(bytes: raw)
        #expect(header.blockHash.displayHex == "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f")
        #expect(header.version == 1)
        #expect(header.previousBlock.bytes == [UInt8](repeating: 0, count: 32))
        #expect(header.time == 1_231_006_505)
        #expect(header.bits == 0x1d00_ffff)
        #expect(header.nonce == 2_083_236_893)
        #expect(header.bytes == raw)
    }

    @Test func headerMustBeExactly80Bytes() throws {
        let raw = try Hex.decode(Fixtures.genesisHeaderHex)
        #expect(throws: WireError.truncated(what: "a block header")) { try BlockHeader(bytes: Array(raw.dropLast())) }
        #expect(throws: WireError.trailingBytes(count: 1)) { try BlockHeader(bytes: raw + [0]) }
    }

    @Test func coinbaseHasTheGenesisTxidAndIsTheMerkleRoot() throws {
        let raw = try Hex.decode(Fixtures.genesisCoinbaseHex)
        let tx = try Transaction(bytes: raw)
        let header = try BlockHeader(bytes: Hex.decode(Fixtures.genesisHeaderHex))
        let txid = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
        #expect(tx.txid.displayHex == txid)
        #expect(tx.txid == (try TransactionID(displayHex: txid)))
        #expect(tx.wtxid == tx.txid)
        #expect(tx.bytes == raw)
        #expect(tx.serializedSize == raw.count && tx.strippedSize == raw.count)
        #expect(tx.isCoinbase)
        #expect(tx.outputs.map(\.value) == [5_000_000_000])
        #expect(MerkleTree.root([tx.txid.bytes]) == header.merkleRoot)
        // Predates BIP34: its first push is the 4 bytes ffff001d.
        #expect(tx.coinbaseHeight == 0x1d00_ffff)
        #expect(tx.coinbaseCommitment == nil)
    }
}
