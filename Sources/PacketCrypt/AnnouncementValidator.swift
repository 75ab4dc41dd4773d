import CPacketCrypt
import Synchronization

/// Checks announcements with the kernel. Safe to share between threads: each
/// call borrows one of a pool of kernel contexts, which are reused.
public final class AnnouncementValidator: Sendable {
    public let rules: AnnouncementRules
    private let idle = Mutex<[KernelHandle]>([])

    public init(rules: AnnouncementRules = .pkt) throws {
        try Kernel.ensureReady()
        self.rules = rules
    }

    /// Checks `announcement` against the hash of its parent block.
    public func check(_ announcement: Announcement, parentHash: BlockHash) throws -> AnnouncementCheck {
        let context = try idle.withLock { $0.popLast() }
            ?? KernelHandle(pc_ann_validator_new, free: pc_ann_validator_free)
        defer { idle.withLock { $0.append(context) } }
        var work = [UInt8](repeating: 0, count: 32)
        let raw = pc_ann_validate(
            context.pointer, announcement.bytes, parentHash.bytes, rules.minV1ParentHeight, &work)
        return AnnouncementCheck(verdict: AnnouncementVerdict(rawValue: Int32(raw.rawValue)) ?? .invalid, workHash: work)
    }
}
