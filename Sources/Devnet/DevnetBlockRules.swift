import PKTChain
import PKTWire
import PacketCrypt

/// Why the devnet refused a block: pktd's error code name and message.
struct BlockRejection: Error, Equatable {
    let code: String
    let message: String
    var text: String { "\(code): \(message)" }
}

/// The chain a new block must extend: hashes and times by height.
struct ChainView {
    let hashes: [BlockHash]
    let times: [UInt32]
    var tipHeight: UInt32 { UInt32(hashes.count - 1) }

    /// The median of the last 111 block times, as pktd computes it.
    var medianTimePast: UInt32 {
        let recent = times.suffix(DevnetRules.medianTimeBlocks).sorted()
        return recent[recent.count / 2]
    }
}

/// Full validation of a block submitted to the devnet, in pktd's order and
/// with pktd's reasons: sanity, proof of work (PacketCrypt), context, then
/// the coinbase's amounts.
struct DevnetBlockRules {
    let config: DevnetConfig
    let validator: BlockValidator

    func check(_ block: Block, chain: ChainView, now: UInt32) throws(BlockRejection) {
        let hash = block.blockHash
        if chain.hashes.contains(hash) { throw BlockRejection(code: "ErrDuplicateBlock", message: "already have block \(hash)") }
        try checkSanity(block, now: now)
        let height = try checkProofOfWork(block, chain: chain)
        try checkContext(block, height: height, chain: chain)
        try checkCoinbase(block, height: height)
    }

    private func checkSanity(_ block: Block, now: UInt32) throws(BlockRejection) {
        let header = block.header
        if header.bits != config.blockBits && Difficulty.target(bits: header.bits) == nil {
            throw BlockRejection(code: "ErrUnexpectedDifficulty", message: "block target difficulty is out of range")
        }
        if header.time > now + DevnetRules.maxFutureSeconds {
            throw BlockRejection(code: "ErrTimeTooNew", message: "block timestamp of \(header.time) is too far in the future")
        }
        guard let coinbase = block.coinbase else {
            throw BlockRejection(code: "ErrNoTransactions", message: "block does not contain any transactions")
        }
        if !coinbase.isCoinbase {
            throw BlockRejection(code: "ErrFirstTxNotCoinbase", message: "first transaction in block is not a coinbase")
        }
        if block.transactions.dropFirst().contains(where: \.isCoinbase) {
            throw BlockRejection(code: "ErrMultipleCoinbases", message: "block contains more than one coinbase")
        }
        let computed = block.computedMerkleRoot
        if computed != header.merkleRoot {
            throw BlockRejection(
                code: "ErrBadMerkleRoot",
                message: "block merkle root is invalid - block header indicates \(Hex.encode(header.merkleRoot.reversed())), "
                    + "but calculated value is \(Hex.encode(computed.reversed()))")
        }
    }

    /// pcCheckProofOfWork: the declared height, the proof version, the
    /// announcements' parents in this chain, then the proof itself.
    private func checkProofOfWork(_ block: Block, chain: ChainView) throws(BlockRejection) -> UInt32 {
        guard let declared = block.coinbase?.coinbaseHeight else {
            throw BlockRejection(code: "ErrMissingCoinbaseHeight", message: "block does not contain a coinbase height")
        }
        guard let parent = chain.hashes.firstIndex(of: block.header.previousBlock) else {
            throw BlockRejection(code: "ErrPowCannotVerify", message: "Cannot verify pow, missing block at height: Context block node not found")
        }
        let height = UInt32(parent) + 1
        guard declared == Int64(height) else {
            throw BlockRejection(code: "ErrBadCoinbaseHeight", message: "Wrong declared block height, expected [\(height)] got [\(declared)]")
        }
        guard block.proof.version == 2 else {
            throw BlockRejection(code: "ErrBadPow", message: "Unallowed PacketCrypt proof version")
        }
        var parents: [BlockHash] = []
        for ann in block.proof.announcements {
            guard ann.parentHeight <= 0x7fff_ffff else {
                throw BlockRejection(code: "ErrBadPow", message: "ann parent block height is negative")
            }
            guard ann.parentHeight < height else {
                throw BlockRejection(
                    code: "ErrPowCannotVerify",
                    message: "Cannot verify pow, missing block at height [\(ann.parentHeight)]: Context block hash has height [\(height - 1)], cannot lookup block at height [\(ann.parentHeight)]")
            }
            parents.append(chain.hashes[Int(ann.parentHeight)])
        }
        let check: BlockCheck
        do {
            check = try validator.check(block, height: height, parentHashes: parents)
        } catch {
            throw BlockRejection(code: "ErrBadPow", message: "Error validating PacketCrypt proof [\(error)]")
        }
        guard check.verdict == .ok else {
            throw BlockRejection(code: "ErrBadPow", message: "Error validating PacketCrypt proof [\(Self.pktdReason(check))]")
        }
        return height
    }

    private func checkContext(_ block: Block, height: UInt32, chain: ChainView) throws(BlockRejection) {
        let header = block.header
        if height != chain.tipHeight + 1 {
            throw BlockRejection(code: "ErrPrevBlockNotBest",
                                 message: "previous block must be the current chain tip \(chain.hashes.last!), instead got \(header.previousBlock)")
        }
        if header.bits != config.blockBits {
            throw BlockRejection(code: "ErrUnexpectedDifficulty",
                                 message: "block difficulty of \(Difficulty.formatBits(header.bits)) is not the expected value of \(Difficulty.formatBits(config.blockBits))")
        }
        let median = chain.medianTimePast
        if header.time <= median {
            throw BlockRejection(code: "ErrTimeTooOld", message: "block timestamp of \(header.time) is not after expected \(median)")
        }
        let scriptLength = block.transactions[0].inputs[0].signatureScript.count
        if !DevnetRules.coinbaseScriptLength.contains(scriptLength) {
            throw BlockRejection(code: "ErrBadCoinbaseScriptLen",
                                 message: "coinbase transaction script length of \(scriptLength) is out of range")
        }
        if block.transactions.count > 1 {
            throw BlockRejection(code: "ErrMissingTxOut", message: "the devnet keeps no transaction outputs: blocks carry only their coinbase")
        }
    }

    private func checkCoinbase(_ block: Block, height: UInt32) throws(BlockRejection) {
        let subsidy = PKTMoney.subsidy(height: height)
        let outputs = block.transactions[0].outputs
        let paid = outputs.reduce(Int64(0)) { $0 &+ $1.value }
        if paid > subsidy || outputs.contains(where: { $0.value < 0 }) {
            throw BlockRejection(code: "ErrBadCoinbaseValue",
                                 message: "coinbase transaction for block pays \(paid) which is more than expected value of \(subsidy)")
        }
        let steward = PKTMoney.stewardPayment(subsidy: subsidy)
        if !outputs.contains(where: { $0.pkScript == config.stewardScript && $0.value == steward }) {
            throw BlockRejection(code: "ErrBadCoinbaseNetworkSteward",
                                 message: "coinbase transaction does not contain a proper payment to network steward [\(Hex.encode(config.stewardScript))]")
        }
    }

    /// The inner reason pktd puts in "Error validating PacketCrypt proof [...]".
    static func pktdReason(_ check: BlockCheck) -> String {
        switch check.verdict {
        case .announcementInvalid:
            return "Validate_checkAnn_" + (check.announcementVerdict.map { $0 == .ok ? "INVAL" : $0.name } ?? "INVAL")
        case .badCoinbase where check.detail == "missing packetcrypt commitment":
            return "missing packetcrypt commitment"
        case .announcementSignatureInvalid:
            return "invalid announcement signature"
        default:
            return "Validate_checkBlock_\(check.verdict.name)" + (check.detail.map { " \($0)" } ?? "")
        }
    }
}
