import PKTAddresses
import PKTChain
import PKTWire
import PacketCrypt

/// `getblock HASH 1` for a devnet block: the fields pktd's handleGetBlock
/// fills, computed as it computes them with PKT's parameters. The devnet's
/// target never changes, so `retargetestimate` is left out.
enum DevnetBlockInfo {
    /// PKT's proof-of-work limit, the divisor of `difficulty`.
    static let powLimitBits: UInt32 = 0x1f0f_ffff
    /// The limit pktd divides PacketCrypt difficulties by.
    static let packetCryptLimitBits: UInt32 = 0x207f_ffff
    /// Blocks between PKT's retargets (1.4 days of one-minute blocks).
    static let retargetInterval: UInt32 = 2016

    static func verbose(_ block: Block, size: Int, height: UInt32, tipHeight: UInt32, next: BlockHash?,
                        network: PKTNetwork) -> BlockVerboseResult {
        let header = block.header
        let stripped = size - block.transactions.reduce(0) { $0 + $1.bytes.count - $1.strippedSize }
        let commitment = block.coinbase?.coinbaseCommitment
        let effective = commitment.map {
            Difficulty.effectiveTarget(blockBits: header.bits, annMinTarget: $0.annMinTarget, annCount: $0.annCount)
        }
        let subsidy = PKTMoney.subsidy(height: height)
        let steward = PKTMoney.stewardPayment(subsidy: subsidy)
        let stewardOutput = block.coinbase?.outputs.last { $0.value == steward }
        let untilRetarget = retargetInterval - height % retargetInterval
        return BlockVerboseResult(
            hash: block.blockHash.displayHex, confirmations: Int64(tipHeight) - Int64(height) + 1,
            strippedsize: Int32(stripped), size: Int32(size), weight: Int32(stripped * 3 + size), height: Int64(height),
            version: header.version, merkleroot: Hex.encode(header.merkleRoot.reversed()),
            tx: block.transactions.map(\.txid.displayHex), time: Int64(header.time), nonce: header.nonce,
            bits: String(header.bits, radix: 16), difficulty: ratio(powLimitBits, header.bits),
            previousblockhash: header.previousBlock.displayHex, nextblockhash: next?.displayHex,
            packetcryptversion: block.proof.version, packetcryptanncount: commitment?.annCount,
            packetcryptannbits: commitment.map { hex8($0.annMinTarget) },
            packetcryptanndifficulty: commitment.map { ratio(packetCryptLimitBits, $0.annMinTarget) },
            packetcryptblkdifficulty: effective.map { ratio(packetCryptLimitBits, $0) },
            packetcryptblkbits: effective.map(hex8), sblockreward: String(subsidy),
            networksteward: stewardOutput.map { (try? PKTAddress(script: $0.pkScript, network: network).text) ?? "unknown" }
                ?? "unknown",
            blocksuntilretarget: Int32(untilRetarget == retargetInterval ? 0 : untilRetarget))
    }

    /// target(limit) / target(bits), rounded to 8 decimals as pktd rounds it.
    static func ratio(_ limit: UInt32, _ bits: UInt32) -> Double {
        let target = value(bits)
        guard target > 0 else { return 0 }
        return (value(limit) / target * 1e8).rounded() / 1e8
    }

    private static func value(_ bits: UInt32) -> Double {
        Double(bits & 0x007f_ffff) * Double(sign: .plus, exponent: 8 * (Int(bits >> 24) - 3), significand: 1)
    }

    private static func hex8(_ bits: UInt32) -> String {
        let digits = String(bits, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
