import Dispatch
import PacketCrypt

/// Validates announcements on several threads at once, off Swift's
/// cooperative pool (each check is a blocking kernel call).
struct ValidationPool: Sendable {
    let validator: AnnouncementValidator
    let threads: Int

    /// True for each announcement that is valid against its parent hash.
    func validate(_ items: [(Announcement, BlockHash)]) async -> [Bool] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let results = Results(count: items.count)
                let lanes = max(1, min(threads, items.count))
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    for i in stride(from: lane, to: items.count, by: lanes) {
                        let verdict = try? validator.check(items[i].0, parentHash: items[i].1).verdict
                        results.set(i, verdict == .ok)
                    }
                }
                continuation.resume(returning: results.values)
            }
        }
    }
}

/// One slot per item, each written by exactly one lane: the slots live in
/// one allocation the lanes write through, so no lane ever takes exclusive
/// access to shared storage (as a mutating call on a stored array would).
private final class Results: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Bool>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: false)
    }
    deinit { slots.deallocate() }
    func set(_ index: Int, _ value: Bool) { slots[index] = value }
    var values: [Bool] { Array(slots) }
}
