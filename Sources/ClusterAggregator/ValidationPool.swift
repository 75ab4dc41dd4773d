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

/// One slot per item, each written by exactly one lane.
private final class Results: @unchecked Sendable {
    private var storage: [Bool]
    init(count: Int) { storage = [Bool](repeating: false, count: count) }
    func set(_ index: Int, _ value: Bool) { storage.withUnsafeMutableBufferPointer { $0[index] = value } }
    var values: [Bool] { storage }
}
