import PacketCrypt

extension BlockValidator {
    /// Checks a block's proof of work as pktd does: the PcP version, the
    /// absence of content proofs, the coinbase commitment, then the kernel's
    /// checks. `parentHashes`: one for all 4 announcements, or one each.
    public func check(_ block: Block, height: UInt32, parentHashes: [BlockHash], shareBits: UInt32 = 0) throws -> BlockCheck {
        let proof = block.proof
        guard proof.version == 2 else {
            return BlockCheck(verdict: .proofInvalid, detail: "Unallowed PacketCrypt proof version \(proof.version)")
        }
        guard proof.contentProof == nil else {
            return BlockCheck(verdict: .proofInvalid, detail: "For PcP type [2] content proof must be nil")
        }
        guard let commitment = block.coinbase?.coinbaseCommitment else {
            return BlockCheck(verdict: .badCoinbase, detail: "missing packetcrypt commitment")
        }
        return try check(ProofToCheck(proof, header: block.header), commitment: commitment, height: height,
                         parentHashes: parentHashes, shareBits: shareBits)
    }

    /// Checks a share or block in the header-and-proof form against its commitment.
    public func check(_ hap: HeaderAndProof, commitment: CoinbaseCommitment, height: UInt32,
                      parentHashes: [BlockHash], shareBits: UInt32 = 0) throws -> BlockCheck {
        try check(ProofToCheck(hap.proof, header: hap.header), commitment: commitment, height: height,
                  parentHashes: parentHashes, shareBits: shareBits)
    }
}

extension ProofToCheck {
    init(_ proof: PacketCryptProof, header: BlockHeader) {
        self.init(header: header.bytes, lowNonce: proof.nonce, announcements: proof.announcements,
                  announcementProof: proof.announcementProof, signatures: proof.signatures)
    }
}
