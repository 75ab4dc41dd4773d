import PacketCrypt

/// Bitcoin's Merkle tree of 32-byte hashes: each node is the double SHA-256
/// of its two children, and a level of odd length repeats its last hash.
public enum MerkleTree {
    /// The root over `hashes`; a single hash is its own root, none gives 32 zero bytes.
    public static func root(_ hashes: [[UInt8]]) -> [UInt8] {
        var level = hashes
        guard !level.isEmpty else { return [UInt8](repeating: 0, count: 32) }
        while level.count > 1 { level = parents(of: level) }
        return level[0]
    }

    /// The sibling hashes on the path from the first leaf (the coinbase) to
    /// the root, bottom first.
    public static func coinbaseBranch(_ hashes: [[UInt8]]) -> [[UInt8]] {
        var level = hashes
        var branch: [[UInt8]] = []
        while level.count > 1 {
            branch.append(level[1])
            level = parents(of: level)
        }
        return branch
    }

    /// Folds the coinbase's txid up its branch to the root.
    public static func root(fromCoinbaseTxid txid: [UInt8], branch: [[UInt8]]) -> [UInt8] {
        branch.reduce(txid) { Hashes.sha256d($0 + $1) }
    }

    /// The BIP141 witness root: the root of the wtxids, with the coinbase's
    /// replaced by 32 zero bytes.
    public static func witnessMerkleRoot(_ transactions: [Transaction]) -> [UInt8] {
        root(transactions.enumerated().map { i, tx in i == 0 ? [UInt8](repeating: 0, count: 32) : tx.wtxid.bytes })
    }

    /// The BIP141 commitment output script,
    /// `OP_RETURN 0x24 aa21a9ed || sha256d(witnessRoot || witnessNonce)`;
    /// the nonce is the coinbase input's single witness item.
    public static func witnessCommitmentScript(witnessRoot: [UInt8],
                                               witnessNonce: [UInt8] = [UInt8](repeating: 0, count: 32)) -> [UInt8] {
        [0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed] + Hashes.sha256d(witnessRoot + witnessNonce)
    }

    private static func parents(of level: [[UInt8]]) -> [[UInt8]] {
        stride(from: 0, to: level.count, by: 2).map { i in
            Hashes.sha256d(level[i] + level[min(i + 1, level.count - 1)])
        }
    }
}
