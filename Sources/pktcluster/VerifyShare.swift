import ArgumentParser
import PKTWire
import PacketCrypt

/// `pktcluster verify-share`: checks a header-and-proof against a commitment.
struct VerifyShare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-share",
        abstract: "Validate a share or block in the header-and-proof form block miners hand to a pool.",
        discussion: """
            The file holds the 80-byte header, 4 zero bytes, the low nonce, the 4 announcements and \
            the announcement proof. Prints OK (meets the block target), SHARE_OK (meets only the \
            share target) or pktd's reason, then the work hash. Exit status: 0 when accepted, 1 when \
            rejected, 2 on a usage or I/O error.
            """)

    @Option(help: ArgumentHelp("Header-and-proof file.", valueName: "file")) var hap: String
    @Option(help: ArgumentHelp("The block's 48-byte coinbase commitment.", valueName: "file")) var commitment: String
    @Option(help: "Height of the block the proof is for.") var height: UInt32
    @Option(help: ArgumentHelp("Share target, compact bits in hex (none: blocks only).", valueName: "bits"))
    var shareTarget: TargetBits?
    @Option(help: ArgumentHelp(
        "Parent block hash of the announcements, display order: once for all 4, or 4 times in announcement order.",
        valueName: "hex"))
    var parentHash: [BlockHash] = []
    @Flag(help: "Devnet rules: allow version-1 announcements below pktd's activation height 103869.")
    var devnet = false
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func validate() throws {
        guard parentHash.count == 1 || parentHash.count == 4 else {
            throw ValidationError("give --parent-hash once for all 4 announcements, or 4 times")
        }
    }

    func run() async throws {
        let proof = try HeaderAndProof(bytes: readFile(hap, what: "header-and-proof"))
        let commit = try CoinbaseCommitment(bytes: readFile(commitment, what: "commitment"))
        let validator = try BlockValidator(rules: devnet ? .devnet : .pkt)
        try report(try validator.check(proof, commitment: commit, height: height, parentHashes: parentHash,
                                       shareBits: shareTarget?.value ?? 0), json: json)
    }
}
