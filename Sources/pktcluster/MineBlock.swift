import ArgumentParser
import Foundation
import PKTWire
import PacketCrypt

/// `pktcluster mine-block`: mines one block over a file of announcements.
struct MineBlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mine-block",
        abstract: "Mine a PKT block over a file of announcements and write it serialized.",
        discussion: """
            Builds the announcement set usable at --height, commits to it in a devnet-style coinbase \
            (height, one payout output, the PacketCrypt commitment), mines until the header's \
            effective target is met, and writes the block. Progress goes to stderr once a second.
            """)

    @Option(help: ArgumentHelp("Announcements, 1024 bytes each, concatenated.", valueName: "file")) var anns: String
    @Option(help: "Height of the block to mine.") var height: UInt32
    @Option(help: ArgumentHelp("Hash of the previous block, display order.", valueName: "hex")) var prevBlock: BlockHash
    @Option(help: ArgumentHelp("Header target, compact bits in hex.", valueName: "bits")) var bits = TargetBits(0x207f_ffff)
    @Option(help: "Header time, seconds since 1970 (default: now).") var time: UInt32?
    @Option(help: ArgumentHelp("Coinbase payout script in hex (default OP_TRUE).", valueName: "hex")) var payoutScript = "51"
    @Option(help: "Coinbase payout in the smallest unit.") var value: Int64 = 0
    @Option(help: "Mining threads.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: ArgumentHelp("Where to write the block.", valueName: "file")) var out: String
    @Option(help: ArgumentHelp("Also write the header-and-proof form here.", valueName: "file")) var hap: String?
    @Option(help: ArgumentHelp("Also write the 48-byte coinbase commitment here.", valueName: "file")) var commitment: String?

    func run() async throws {
        let announcements = try Announcement.split(readFile(anns, what: "announcements"))
        let set = try AnnouncementSet(announcements: announcements, height: height, threads: threads)
        let template = BlockTemplate(
            previousBlock: prevBlock, bits: bits.value, time: time ?? UInt32(Date().timeIntervalSince1970),
            coinbase: BlockTemplate.coinbase(height: height, payoutScript: try Hex.decode(payoutScript), value: value))
        let header = try template.header(committingTo: set.commitment)
        let effective = set.effectiveTarget(blockBits: bits.value)
        log("\(set.count) announcements (of \(announcements.count)), min target \(Difficulty.formatBits(set.minTarget)), "
            + "effective target \(Difficulty.formatBits(effective))")

        let miner = try BlockMiner(threads: threads)
        defer { miner.stop() }
        try miner.mine(BlockMiningJob(set: set, header: header.bytes))
        let start = Date()
        let progress = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                let rate = Double(miner.hashes) / Date().timeIntervalSince(start)
                log("\(miner.hashes) hashes, \(Int(rate)) hashes/s")
            }
        }
        defer { progress.cancel() }
        for await proof in miner.found where proof.isBlock {
            let block = try template.block(from: proof)
            try writeFile(out, block.bytes, what: "block")
            if let hap { try writeFile(hap, proof.headerAndProof, what: "header-and-proof") }
            if let commitment { try writeFile(commitment, set.commitment.bytes, what: "commitment") }
            print("block \(block.blockHash.displayHex) work \(Hex.encode(proof.workHash))")
            return
        }
    }
}

func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
