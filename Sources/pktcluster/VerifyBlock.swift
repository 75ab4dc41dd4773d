import ArgumentParser
import PKTWire
import PacketCrypt

/// `pktcluster verify-block`: checks a serialized block's proof of work.
struct VerifyBlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-block",
        abstract: "Validate a serialized PKT block's PacketCrypt proof.",
        discussion: """
            Checks the PcP version, the coinbase commitment, the work against the block's effective \
            target, the 4 announcements and their aged targets, the announcement proof, and that the \
            header's Merkle root commits to the coinbase. Prints OK or pktd's reason, then the work \
            hash. Exit status: 0 when valid, 1 when not, 2 on a usage or I/O error.
            """)

    @Argument(help: "Serialized block file.") var file: String
    @Option(help: "Height of the block.") var height: UInt32
    @Option(help: ArgumentHelp(
        "An announcement parent: its height and block hash (display order). Give one for each parent height the announcements use.",
        valueName: "height=hash"))
    var annParent: [AnnParent] = []
    @Flag(help: "Devnet rules: allow version-1 announcements below pktd's activation height 103869.")
    var devnet = false
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() async throws {
        let block = try Block(bytes: readFile(file, what: "block"))
        let parents = Dictionary(annParent.map { ($0.height, $0.hash) }, uniquingKeysWith: { _, last in last })
        let hashes = try block.proof.announcements.enumerated().map { index, ann in
            guard let hash = parents[ann.parentHeight] else {
                throw ValidationError("announcement \(index) has parent height \(ann.parentHeight): give --ann-parent \(ann.parentHeight)=HASH")
            }
            return hash
        }
        let validator = try BlockValidator(rules: devnet ? .devnet : .pkt)
        var check = try validator.check(block, height: height, parentHashes: hashes)
        if check.verdict.isAccepted && block.computedMerkleRoot != block.header.merkleRoot {
            check = BlockCheck(verdict: .badCoinbase, detail: "block merkle root is invalid",
                               effectiveTarget: check.effectiveTarget, workHash: check.workHash)
        }
        try report(check, json: json)
    }
}

/// `HEIGHT=HASH` for --ann-parent.
struct AnnParent: ExpressibleByArgument {
    let height: UInt32
    let hash: BlockHash

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let height = UInt32(parts[0]),
              let hash = try? BlockHash(displayHex: String(parts[1])) else { return nil }
        self.height = height
        self.hash = hash
    }
}
