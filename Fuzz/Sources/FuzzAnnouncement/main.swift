import PacketCrypt

/// Validators for both rule sets, made once per process.
nonisolated(unsafe) let validators = (
    pkt: try! AnnouncementValidator(rules: .pkt), devnet: try! AnnouncementValidator(rules: .devnet))

/// Input: a 32-byte parent hash, then announcement bytes. Exactly 1024 of
/// them are validated under both PKT's and the devnet's rules; any other
/// length must be refused by `Announcement(bytes:)` and `split`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnnouncement(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    guard input.count >= 32 else { return 0 }
    let body = Array(input[32...])
    let split = try? Announcement.split(body)
    precondition(split == nil || body.count % Announcement.size == 0, "split accepted a partial announcement")
    guard let announcement = try? Announcement(bytes: body) else {
        precondition(body.count != Announcement.size, "a 1024-byte announcement was refused")
        return 0
    }
    _ = (announcement.version, announcement.softNonce, announcement.parentHeight, announcement.isSigned)
    let parent = try! BlockHash(bytes: Array(input[0..<32]))
    // PKT's rules differ from the devnet's only in refusing version 1 below
    // a parent height, which is decided before any hashing.
    let below = announcement.parentHeight < validators.pkt.rules.minV1ParentHeight
    for validator in below ? [validators.pkt, validators.devnet] : [validators.devnet] {
        let check = try! validator.check(announcement, parentHash: parent)
        precondition(check.workHash.count == 32, "a work hash of \(check.workHash.count) bytes")
        _ = check.verdict.name
    }
    return 0
}
