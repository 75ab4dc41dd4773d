import ArgumentParser
import PacketCrypt

/// Prints a block or share verdict as `verify-anns` prints announcement
/// verdicts (name, then the work hash) and sets the exit status: 0 when
/// accepted, 1 when rejected.
func report(_ check: BlockCheck, json: Bool) throws {
    let hash = Hex.encode(check.workHash)
    if json {
        var fields = ["\"verdict\":\"\(check.verdict.name)\"", "\"work_hash\":\"\(hash)\"",
                      "\"effective_target\":\"\(Difficulty.formatBits(check.effectiveTarget))\""]
        if let index = check.announcementIndex { fields.append("\"announcement\":\(index)") }
        if let detail = check.detail { fields.append("\"detail\":\"\(detail)\"") }
        print("{" + fields.joined(separator: ",") + "}")
    } else {
        print("\(check.summary) \(hash)")
    }
    if !check.verdict.isAccepted { throw ExitCode(1) }
}
