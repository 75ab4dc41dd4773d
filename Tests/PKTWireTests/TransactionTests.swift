import PKTWire
import PacketCrypt
import Testing

/// BIP144 serialization of transactions with and without witnesses.
struct TransactionTests {
    @Test func segwitTransactionRoundTrips() throws {
        let tx = try Fixtures.segwitTransaction()
        let raw = tx.bytes
        let decoded = try Transaction(bytes: raw)
        #expect(decoded == tx)
        #expect(decoded.bytes == raw)
        #expect(tx.txid != tx.wtxid)
        #expect(tx.strippedSize < tx.serializedSize)
        #expect(tx.txid.bytes == Hashes.sha256d(tx.strippedBytes))
        #expect(tx.wtxid.bytes == Hashes.sha256d(raw))
    }

    @Test func segwitByteLayout() throws {
        let tx = try Fixtures.segwitTransaction()
        let raw = tx.bytes
        #expect(Array(raw[0..<6]) == [0x02, 0, 0, 0, 0x00, 0x01])
        #expect(raw[6] == 2)  // input count after the marker and flag
        // Witnesses sit before the lock time: [2 items: 71 bytes, 33 bytes], then [0 items].
        let witnesses = [0x02, 71] + Fixtures.bytes(71, seed: 3) + [33] + Fixtures.bytes(33, seed: 4) + [0x00]
        let lockTime: [UInt8] = [0xbf, 0x5c, 0x15, 0x00]
        #expect(Array(raw.suffix(witnesses.count + 4)) == witnesses + lockTime)
        #expect(tx.serializedSize - tx.strippedSize == 2 + witnesses.count)
        // The stripped form is the full form without marker, flag and witnesses.
        let stripped = Array(raw[0..<4]) + Array(raw[6..<(raw.count - witnesses.count - 4)]) + lockTime
        #expect(tx.strippedBytes == stripped)
    }

    @Test func markerWithOnlyEmptyWitnessesIsRead() throws {
        var tx = try Fixtures.segwitTransaction()
        tx.inputs[0].witness = []
        let stripped = tx.bytes
        #expect(stripped == tx.strippedBytes)
        let marked = Array(stripped[0..<4]) + [0x00, 0x01] + Array(stripped[4..<(stripped.count - 4)]) + [0x00, 0x00]
            + Array(stripped.suffix(4))
        #expect(try Transaction(bytes: marked) == tx)
    }

    @Test func witnessFlagMustBeOne() throws {
        var raw = try Fixtures.segwitTransaction().bytes
        raw[5] = 0x02
        #expect(throws: WireError.invalidWitnessFlag(2)) { try Transaction(bytes: raw) }
    }

    @Test func witnessItemsAreBounded() throws {
        var tx = try Fixtures.segwitTransaction()
        tx.inputs[0].witness = [[UInt8](repeating: 1, count: 11_001)]
        #expect(throws: WireError.oversizeItem(what: "a witness item", length: 11_001, limit: 11_000)) {
            try Transaction(bytes: tx.bytes)
        }
    }

    @Test func everyTruncationThrows() throws {
        let raw = try Fixtures.segwitTransaction().bytes
        for length in 0..<raw.count {
            #expect(throws: WireError.self) { try Transaction(bytes: Array(raw.prefix(length))) }
        }
    }

    @Test(arguments: [
        ([0x00], Int64(0)), ([0x51], 1), ([0x60], 16), ([0x03, 0xc3, 0x5c, 0x15, 0xff], 1_400_003),
        ([0x01, 0x81], -1), ([0x02, 0xff, 0x00], 255), ([0x02, 0xff, 0x80], -255),
        ([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], Int64.max),
    ] as [([UInt8], Int64)])
    func coinbaseHeightIsTheFirstPush(script: [UInt8], height: Int64) throws {
        #expect(coinbase(script: script).coinbaseHeight == height)
    }

    @Test(arguments: [[], [0x03, 0x01, 0x02], [0x09] + [UInt8](repeating: 1, count: 9), [0x4c, 0x01, 0x01], [0x4f]]
          as [[UInt8]])
    func coinbaseHeightAbsent(script: [UInt8]) {
        #expect(coinbase(script: script).coinbaseHeight == nil)
    }

    @Test func onlyCoinbasesHaveAHeight() throws {
        var tx = coinbase(script: [0x51])
        tx.inputs[0].previousOutput.index = 0
        #expect(!tx.isCoinbase)
        #expect(tx.coinbaseHeight == nil)
    }

    @Test func coinbaseCommitmentIsTheFirstCommitmentOutput() throws {
        let first = try CoinbaseCommitment(annMinTarget: 0x2000_ffff, root: Fixtures.hash(1), annCount: 64)
        let second = try CoinbaseCommitment(annMinTarget: 0x1f00_ffff, root: Fixtures.hash(2), annCount: 9)
        var tx = coinbase(script: [0x51])
        #expect(tx.coinbaseCommitment == nil)
        tx.outputs += [TransactionOutput(value: 0, pkScript: [0x6a, 0x30, 0x09, 0xf9, 0x11, 0x02]),
                       TransactionOutput(value: 0, pkScript: first.script),
                       TransactionOutput(value: 0, pkScript: second.script)]
        #expect(tx.coinbaseCommitment == first)
    }

    private func coinbase(script: [UInt8]) -> Transaction {
        Transaction(version: 1, inputs: [TransactionInput(previousOutput: .null, signatureScript: script)],
                    outputs: [TransactionOutput(value: 50, pkScript: [0x51])])
    }
}
