@testable import ClusterWorker
import Testing

/// Resends back off with jitter, go out a few at a time, follow the
/// measured acknowledgement latency, and the queue has a bound.
struct UploadQueueTests {
    @Test func resendsComeInBurstsAndBackOff() {
        var queue = UploadQueue(capacity: 64, byteCapacity: 1 << 20, firstDelay: .seconds(2))
        let start = ContinuousClock.now
        for index in 0..<20 { _ = queue.add(frame: [UInt8(index)], announcements: 10, at: start) }
        var due = queue.due(at: start + .seconds(1))
        #expect(due.isEmpty)
        // Past 2 s ± 20%: at most a burst at once, oldest first.
        let first = queue.due(at: start + .seconds(3))
        #expect(first.count == UploadQueue.resendBurst)
        #expect(first.map(\.frame) == (0..<8).map { [UInt8($0)] })
        due = queue.due(at: start + .seconds(3))
        #expect(due.map(\.frame) == (8..<16).map { [UInt8($0)] })
        due = queue.due(at: start + .seconds(3))
        #expect(due.count == 4)
        // Resent once: next due after at least twice the delay, less jitter.
        due = queue.due(at: start + .seconds(6))
        #expect(due.isEmpty)
        due = queue.due(at: start + .seconds(8))
        #expect(due.count == UploadQueue.resendBurst)
        #expect(queue.count == 20)
    }

    @Test func theDelayFollowsTheMeasuredLatency() {
        var queue = UploadQueue(capacity: 64, byteCapacity: 1 << 20, firstDelay: .seconds(5))
        let start = ContinuousClock.now
        #expect(queue.resendDelay == .seconds(5))
        let sequence = queue.add(frame: [1], announcements: 1, at: start)
        var known = queue.acknowledge(sequence, at: start + .seconds(4))
        #expect(known)
        known = queue.acknowledge(sequence, at: start + .seconds(4))
        #expect(!known)
        #expect(queue.resendDelay == .seconds(12))
        for index in 0..<40 {
            let next = queue.add(frame: [2], announcements: 1, at: start + .seconds(index))
            _ = queue.acknowledge(next, at: start + .seconds(index) + .milliseconds(10))
        }
        #expect(queue.resendDelay == .seconds(1))
    }

    @Test func theQueueHasABound() {
        var queue = UploadQueue(capacity: 3, byteCapacity: 1 << 20, firstDelay: .seconds(1))
        for _ in 0..<3 { _ = queue.add(frame: [0], announcements: 1, at: .now) }
        #expect(queue.isFull)
        let known = queue.acknowledge(2, at: .now)
        #expect(known && !queue.isFull)
    }

    @Test func theQueueHasABoundInBytes() {
        var queue = UploadQueue(capacity: 64, byteCapacity: 4000, firstDelay: .seconds(1))
        for _ in 0..<3 { _ = queue.add(frame: [UInt8](repeating: 0, count: 1000), announcements: 1, at: .now) }
        #expect(!queue.isFull && queue.bytes == 3000)
        _ = queue.add(frame: [UInt8](repeating: 0, count: 1000), announcements: 1, at: .now)
        #expect(queue.isFull, "4 batches of 1000 bytes reach a 4000-byte bound")
        for sequence in 1...2 { _ = queue.acknowledge(UInt64(sequence), at: .now) }
        #expect(!queue.isFull && queue.isHalfEmpty && queue.bytes == 2000)
    }
}
