import PacketCrypt

/// Everything a block is built from besides its proof of work: the previous
/// block, target, time, version, the coinbase and the other transactions.
/// The PacketCrypt commitment goes into the coinbase once the announcement
/// set is known; the mined proof then completes the block.
public struct BlockTemplate: Sendable, Hashable {
    public var version: Int32
    public var previousBlock: BlockHash
    public var bits: UInt32
    public var time: UInt32
    public var coinbase: Transaction
    public var transactions: [Transaction]

    public init(version: Int32 = 0x2000_0000, previousBlock: BlockHash, bits: UInt32, time: UInt32,
                coinbase: Transaction, transactions: [Transaction] = []) {
        self.version = version
        self.previousBlock = previousBlock
        self.bits = bits
        self.time = time
        self.coinbase = coinbase
        self.transactions = transactions
    }

    /// The coinbase with `commitment` written over its commitment output
    /// (pktd's placeholder), or in a new zero-value output when it has none.
    public func coinbase(committingTo commitment: CoinbaseCommitment) -> Transaction {
        var tx = coinbase
        let output = TransactionOutput(value: 0, pkScript: commitment.script)
        if let index = tx.outputs.firstIndex(where: { CoinbaseCommitment(script: $0.pkScript) != nil }) {
            tx.outputs[index].pkScript = commitment.script
        } else {
            tx.outputs.append(output)
        }
        return tx
    }

    /// The header to mine (nonce 0) once the coinbase carries `commitment`.
    public func header(committingTo commitment: CoinbaseCommitment) throws -> BlockHeader {
        let txids = [coinbase(committingTo: commitment).txid.bytes] + transactions.map(\.txid.bytes)
        return try BlockHeader(version: version, previousBlock: previousBlock, merkleRoot: MerkleTree.root(txids),
                               time: time, bits: bits, nonce: 0)
    }

    /// The finished block for a proof mined over `commitment`'s set.
    public func block(from proof: MinedProof) throws -> Block {
        let header = try BlockHeader(bytes: proof.header)
        let pcp = try PacketCryptProof(nonce: proof.lowNonce, announcements: proof.announcements,
                                       announcementProof: proof.announcementProof, version: 2)
        let coinbase = coinbase(committingTo: proof.job.set.commitment)
        return Block(header: header, proof: pcp, transactions: [coinbase] + transactions)
    }

    /// A coinbase in the devnet's style: the height (BIP34) and an extra
    /// nonce in its input script, one output paying `value` to `payoutScript`.
    public static func coinbase(height: UInt32, payoutScript: [UInt8], value: Int64, extraNonce: UInt64 = 0) -> Transaction {
        let input = TransactionInput(
            previousOutput: .null, signatureScript: scriptNumberPush(Int64(height)) + scriptNumberPush(Int64(bitPattern: extraNonce)))
        return Transaction(version: 1, inputs: [input], outputs: [TransactionOutput(value: value, pkScript: payoutScript)])
    }

    /// A minimal push of a script number (as BIP34 requires for the height).
    static func scriptNumberPush(_ value: Int64) -> [UInt8] {
        if value == 0 { return [0x00] }
        if (1...16).contains(value) { return [0x50 + UInt8(value)] }
        var magnitude = value.magnitude
        var bytes: [UInt8] = []
        while magnitude > 0 {
            bytes.append(UInt8(truncatingIfNeeded: magnitude))
            magnitude >>= 8
        }
        if bytes.last! & 0x80 != 0 { bytes.append(value < 0 ? 0x80 : 0) }
        else if value < 0 { bytes[bytes.count - 1] |= 0x80 }
        return [UInt8(bytes.count)] + bytes
    }
}
