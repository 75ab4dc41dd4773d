import CPacketCrypt
import Foundation
import Synchronization

/// Announcements one mining thread found for one job.
public struct AnnouncementBatch: Sendable {
    public let job: AnnouncementJob
    public let announcements: [Announcement]
}

/// Mines announcements on native threads, one kernel context each (about
/// 9 MiB per thread), and delivers what they find in batches on `batches`.
/// `mine(_:)` switches every thread to a new job at once; batches carry their
/// job so a consumer can drop stale ones. The threads run until `stop()`.
public final class AnnouncementMiner: Sendable {
    /// Hashes a thread tries between looks at its stop flag and batch hand-offs.
    static let hashesPerCall: UInt32 = 2048
    static let maxBatch = 256

    public let threadCount: Int
    public let batches: AsyncStream<AnnouncementBatch>
    private let continuation: AsyncStream<AnnouncementBatch>.Continuation
    private let control = JobControl<AnnouncementJob>()
    private let hashCounter = Atomic<UInt64>(0)
    private let foundCounter = Atomic<UInt64>(0)
    private let nextHardNonce: Atomic<UInt32>

    /// Starts `threads` idle mining threads. Hard nonces are taken in turn
    /// from `firstHardNonce` (random by default, so that separate machines do
    /// not mine identical announcements).
    public init(threads: Int, firstHardNonce: UInt32 = .random(in: 0...UInt32.max)) throws {
        guard threads >= 1 else { throw PacketCryptError.invalidArgument("need at least one mining thread") }
        try Kernel.ensureReady()
        threadCount = threads
        nextHardNonce = Atomic(firstHardNonce)
        (batches, continuation) = AsyncStream.makeStream(of: AnnouncementBatch.self)
        let contexts = try (0..<threads).map { _ in try KernelHandle(pc_ann_miner_new, free: pc_ann_miner_free) }
        for (index, context) in contexts.enumerated() {
            let thread = Thread { [self] in self.run(context) }
            thread.name = "ann-miner-\(index)"
            thread.start()
        }
    }

    /// Switches all threads to `job`.
    public func mine(_ job: AnnouncementJob) throws { try control.start(job) }

    /// Stops mining the current job; the threads wait for the next one.
    public func pause() { control.pause() }

    /// Ends the threads and finishes `batches`.
    public func stop() {
        control.shutdown()
        continuation.finish()
    }

    /// Mines `count` announcements for `job` on `threads` threads and returns them.
    public static func announcements(
        for job: AnnouncementJob, count: Int, threads: Int,
        firstHardNonce: UInt32 = .random(in: 0...UInt32.max)
    ) async throws -> [Announcement] {
        let miner = try AnnouncementMiner(threads: threads, firstHardNonce: firstHardNonce)
        defer { miner.stop() }
        try miner.mine(job)
        var anns: [Announcement] = []
        for await batch in miner.batches {
            anns += batch.announcements.prefix(count - anns.count)
            if anns.count >= count { break }
        }
        return anns
    }

    /// Hashes tried so far, over all threads.
    public var hashes: UInt64 { hashCounter.load(ordering: .relaxed) }
    /// Announcements found so far, over all threads.
    public var found: UInt64 { foundCounter.load(ordering: .relaxed) }

    private func run(_ context: KernelHandle) {
        var buffer = [UInt8](repeating: 0, count: Self.maxBatch * Announcement.size)
        while let (job, signal) = control.waitForJob() {
            var kernelJob = job.kernelJob
            let hardNonce = nextHardNonce.add(1, ordering: .relaxed).oldValue
            guard pc_ann_miner_start(context.pointer, &kernelJob, hardNonce, signal.pointer) == Int32(PC_ANN_OK.rawValue) else {
                continue
            }
            while pc_ann_miner_remaining(context.pointer) > 0 && !signal.isRaised {
                var tried: UInt32 = 0
                let count = Int(
                    pc_ann_miner_search(
                        context.pointer, Self.hashesPerCall, &buffer, Int32(Self.maxBatch), signal.pointer, &tried))
                hashCounter.add(UInt64(tried), ordering: .relaxed)
                guard count > 0 else { continue }
                foundCounter.add(UInt64(count), ordering: .relaxed)
                let anns = (0..<count).map {
                    Announcement(unchecked: Array(buffer[$0 * Announcement.size..<($0 + 1) * Announcement.size]))
                }
                continuation.yield(AnnouncementBatch(job: job, announcements: anns))
            }
        }
    }
}
