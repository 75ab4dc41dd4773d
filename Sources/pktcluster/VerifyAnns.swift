import ArgumentParser
import Foundation
import PacketCrypt

/// `pktcluster verify-anns`: checks a file of announcements.
struct VerifyAnns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-anns",
        abstract: "Validate announcements (1024 bytes each, concatenated) against their parent block.",
        discussion: """
            Prints one line per announcement: its index, OK or pktd's reason, and the work hash \
            in hex. Exit status: 0 when all are valid, 1 when any is not, 2 on a usage or I/O error.
            """)

    @OptionGroup var parent: ParentOptions
    @Flag(help: "Print one JSON object per line instead of text.")
    var json = false
    @Flag(help: "Devnet rules: allow version-1 announcements below pktd's activation height 103869.")
    var devnet = false
    @Argument(help: "File of announcements.")
    var file: String

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let anns = try Announcement.split(Array(data))
        let validator = try AnnouncementValidator(rules: devnet ? .devnet : .pkt)
        var allValid = true
        for (index, ann) in anns.enumerated() {
            let check = try validator.check(ann, parentHash: parent.parentHash)
            allValid = allValid && check.verdict == .ok
            let hash = Hex.encode(check.workHash)
            if json {
                print("{\"index\":\(index),\"verdict\":\"\(check.verdict.name)\",\"work_hash\":\"\(hash)\"}")
            } else {
                print("\(index) \(check.verdict.name) \(hash)")
            }
        }
        if !allValid { throw ExitCode(1) }
    }
}
