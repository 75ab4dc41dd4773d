import Devnet
import PKTChain
import PKTWire
import PacketCrypt
import Testing

/// Blocks mined with the kernel against devnet templates: accepted ones
/// extend the chain, and each kind of broken block is refused with pktd's reason.
struct DevnetMiningTests {
    @Test func minedBlocksExtendTheChainAndWakeLongPolls() async throws {
        let devnet = try await LocalDevnet.start()
        defer { devnet.remove() }
        let anns = try await devnet.announcements(parentHeight: 0)
        let poll = try await devnet.client.longPoll(nil)
        let waiting = Task { try await devnet.client.longPoll(poll.longpollid) }

        for height in UInt32(1)...3 {
            let (block, _) = try await devnet.mineNextBlock(over: anns)
            #expect(try await devnet.client.submitBlock(block) == .accepted)
            #expect(try await devnet.client.blockCount() == height)
            #expect(try await devnet.client.bestBlockHash() == block.blockHash)
        }
        let woke = try await waiting.value
        #expect(woke.longpollid != poll.longpollid)

        // Announcements on genesis are too old for height 4 at this target (age 4 > 3).
        let later = try await devnet.announcements(parentHeight: 1)
        let (block, _) = try await devnet.mineNextBlock(over: later)
        #expect(try await devnet.client.submitBlock(block) == .accepted)
        #expect(try await devnet.client.submitBlock(block) == .rejected("rejected: ErrDuplicateBlock: already have block \(block.blockHash)"))
        await devnet.stop()
    }

    @Test func brokenBlocksAreRefusedWithPktdsReason() async throws {
        let devnet = try await LocalDevnet.start()
        defer { devnet.remove() }
        let anns = try await devnet.announcements(parentHeight: 0)
        func reason(_ block: Block) async throws -> String {
            guard case .rejected(let text) = try await devnet.client.submitBlock(block) else { return "accepted" }
            return text
        }

        let (good, _) = try await devnet.mineNextBlock(over: anns)
        let (rival, _) = try await devnet.mineNextBlock(over: anns) { $0.time += 1 }
        var changedProof = good
        var proofBytes = changedProof.proof.announcementProof
        proofBytes[0] ^= 1
        changedProof.proof = try PacketCryptProof(nonce: good.proof.nonce, announcements: good.proof.announcements,
                                                  announcementProof: proofBytes, version: 2)
        #expect(try await reason(changedProof).hasPrefix("rejected: ErrBadPow: Error validating PacketCrypt proof [Validate_checkBlock_PCP_"))

        var changedCoinbase = good
        changedCoinbase.transactions[0].outputs[0].value -= 1
        #expect(try await reason(changedCoinbase).hasPrefix("rejected: ErrBadMerkleRoot: block merkle root is invalid"))

        let (noCommitment, _) = try await devnet.mineNextBlock(over: anns)
        var stripped = noCommitment
        stripped.transactions[0].outputs.removeAll { CoinbaseCommitment(script: $0.pkScript) != nil }
        stripped.header = try BlockHeader(version: stripped.header.version, previousBlock: stripped.header.previousBlock,
                                          merkleRoot: stripped.computedMerkleRoot, time: stripped.header.time,
                                          bits: stripped.header.bits, nonce: stripped.header.nonce)
        #expect(try await reason(stripped) == "rejected: ErrBadPow: Error validating PacketCrypt proof [missing packetcrypt commitment]")

        let (overpaid, _) = try await devnet.mineNextBlock(over: anns) { $0.coinbase.outputs[0].value += 1 }
        #expect(try await reason(overpaid).hasPrefix("rejected: ErrBadCoinbaseValue: coinbase transaction for block pays"))

        let (noSteward, _) = try await devnet.mineNextBlock(over: anns) { template in
            template.coinbase.outputs.removeAll { $0.pkScript == devnet.config.stewardScript }
        }
        #expect(try await reason(noSteward).hasPrefix("rejected: ErrBadCoinbaseNetworkSteward"))

        let (wrongHeight, _) = try await devnet.mineNextBlock(over: anns) { template in
            template.coinbase.inputs[0].signatureScript = [0x55, 0x00]  // OP_5
        }
        #expect(try await reason(wrongHeight) == "rejected: ErrBadCoinbaseHeight: Wrong declared block height, expected [1] got [5]")

        let (old, _) = try await devnet.mineNextBlock(over: anns) { $0.time = devnet.config.genesisTime }
        #expect(try await reason(old).hasPrefix("rejected: ErrTimeTooOld"))
        let (future, _) = try await devnet.mineNextBlock(over: anns) { $0.time = DevnetChain.now() + 3600 }
        #expect(try await reason(future).hasPrefix("rejected: ErrTimeTooNew"))
        let (otherBits, _) = try await devnet.mineNextBlock(over: anns) { $0.bits = 0x2000_ffff }
        #expect(try await reason(otherBits).hasPrefix("rejected: ErrUnexpectedDifficulty"))

        // None of those moved the chain; the good block still fits.
        #expect(try await devnet.client.blockCount() == 0)
        #expect(try await devnet.client.submitBlock(good) == .accepted)
        #expect(try await reason(rival).hasPrefix("rejected: ErrPrevBlockNotBest"))
        await devnet.stop()
    }

    @Test func sharesAreCheckedAsCheckpcshareChecksThem() async throws {
        let devnet = try await LocalDevnet.start(blockBits: 0x1c00_ffff)  // no block in a test's time
        defer { devnet.remove() }
        let anns = try await devnet.announcements(parentHeight: 0)
        let (block, _) = try await devnet.mineNextBlock(over: anns, shareBits: 0x207f_ffff, block: false)
        let shell = Block(header: block.header, proof: block.proof, transactions: [])
        let request = CheckShareRequest(sharetarget: 0x207f_ffff, height: 1, hexblock: Hex.encode(shell.bytes),
                                        coinbase: Hex.encode(block.transactions[0].bytes), merklebranch: [])
        #expect(try await devnet.client.checkShare(request) == "OK")
        var noTarget = request
        noTarget.sharetarget = 0
        await #expect(throws: ChainError.rpc(method: "checkpcshare", code: -32603, message: "Validate_checkBlock_INSUF_POW")) {
            try await devnet.client.checkShare(noTarget)
        }
        var wrongBranch = request
        wrongBranch.merklebranch = [String(repeating: "00", count: 32)]
        await #expect(throws: ChainError.self) { try await devnet.client.checkShare(wrongBranch) }
        await devnet.stop()
    }

    @Test func aRestartContinuesTheSameChain() async throws {
        let first = try await LocalDevnet.start()
        defer { first.remove() }
        let anns = try await first.announcements(parentHeight: 0)
        let (block, _) = try await first.mineNextBlock(over: anns)
        #expect(try await first.client.submitBlock(block) == .accepted)
        await first.stop()

        let second = try await LocalDevnet.start(directory: first.config.dataDirectory)
        #expect(try await second.client.blockCount() == 1)
        #expect(try await second.client.bestBlockHash() == block.blockHash)
        let (next, _) = try await second.mineNextBlock(over: anns)
        #expect(try await second.client.submitBlock(next) == .accepted)
        await second.stop()

        await #expect(throws: DevnetError.otherChain(directory: first.config.dataDirectory)) {
            _ = try await LocalDevnet.start(directory: first.config.dataDirectory, blockBits: 0x2000_ffff)
        }
    }
}
