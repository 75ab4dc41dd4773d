import CPacketCrypt
import Foundation
import Synchronization

/// A block to mine: the announcement set, the 80-byte header whose nonce is
/// the first high nonce, and an optional share target.
public struct BlockMiningJob: Sendable {
    public let set: AnnouncementSet
    public let header: [UInt8]
    /// Compact target for shares; 0 mines for blocks only.
    public let shareBits: UInt32

    public init(set: AnnouncementSet, header: [UInt8], shareBits: UInt32 = 0) throws {
        guard header.count == Int(PC_BLOCK_HEADER_SIZE) else {
            throw PacketCryptError.invalidLength(what: "a block header", expected: Int(PC_BLOCK_HEADER_SIZE), actual: header.count)
        }
        self.set = set
        self.header = header
        self.shareBits = shareBits
    }

    /// The header's compact target.
    public var bits: UInt32 { le32(header, 72) }
    var firstHighNonce: UInt32 { le32(header, 76) }
}

/// A nonce that met the share or block target, in the header-and-proof form
/// (header, 4 zero bytes, low nonce, the 4 announcements, the proof).
public struct MinedProof: Sendable {
    public let job: BlockMiningJob
    public let isBlock: Bool
    public let workHash: [UInt8]
    public let headerAndProof: [UInt8]

    /// The 80-byte header, with the high nonce this proof was found at.
    public var header: [UInt8] { Array(headerAndProof[0..<Int(PC_BLOCK_HEADER_SIZE)]) }
    public var lowNonce: UInt32 { le32(headerAndProof, Int(PC_HAP_NONCE_OFFSET)) }
    public var announcements: [Announcement] {
        (0..<4).map {
            let start = Int(PC_HAP_ANNS_OFFSET) + $0 * Announcement.size
            return Announcement(unchecked: Array(headerAndProof[start..<start + Announcement.size]))
        }
    }
    public var announcementProof: [UInt8] { Array(headerAndProof[Int(PC_HAP_PROOF_OFFSET)...]) }
}

/// Mines blocks on native threads over one shared announcement set and
/// delivers every share and block on `found`. Thread i starts at high nonce
/// header.nonce + i and steps through all low nonces; `mine(_:)` switches
/// every thread at once. The threads run until `stop()`.
public final class BlockMiner: Sendable {
    /// Hashes a thread tries between hand-offs (the kernel polls the stop
    /// flag every 16).
    static let hashesPerCall: UInt32 = 256
    static let maxFoundPerCall = 16

    public let threadCount: Int
    public let found: AsyncStream<MinedProof>
    private let continuation: AsyncStream<MinedProof>.Continuation
    private let control = JobControl<BlockMiningJob>()
    private let hashCounter = Atomic<UInt64>(0)

    public init(threads: Int) throws {
        guard threads >= 1 else { throw PacketCryptError.invalidArgument("need at least one mining thread") }
        try Kernel.ensureReady()
        threadCount = threads
        (found, continuation) = AsyncStream.makeStream(of: MinedProof.self)
        for index in 0..<threads {
            let thread = Thread { [self] in self.run(index) }
            thread.name = "block-miner-\(index)"
            thread.start()
        }
    }

    /// Switches all threads to `job`.
    public func mine(_ job: BlockMiningJob) throws { try control.start(job) }

    /// Stops mining; the threads wait for the next job.
    public func pause() { control.pause() }

    /// Ends the threads and finishes `found`.
    public func stop() {
        control.shutdown()
        continuation.finish()
    }

    /// Hashes tried so far, over all threads.
    public var hashes: UInt64 { hashCounter.load(ordering: .relaxed) }

    private func run(_ index: Int) {
        var results = [pc_block_found](repeating: pc_block_found(), count: Self.maxFoundPerCall)
        var hap = [UInt8](repeating: 0, count: Int(PC_HAP_MAX))
        while let (job, signal) = control.waitForJob() {
            var header = job.header
            var highNonce = job.firstHighNonce &+ UInt32(index)
            var lowNonce: UInt32 = 0
            var exhausted = false
            while !signal.isRaised {
                if exhausted {
                    highNonce = highNonce &+ UInt32(threadCount)
                    lowNonce = 0
                }
                put32(&header, 76, highNonce)
                let left = UInt64(UInt32.max) - UInt64(lowNonce) + 1
                let batch = UInt32(min(UInt64(Self.hashesPerCall), left))
                var tried: UInt32 = 0
                let count = Int(pc_block_search(
                    job.set.handle.pointer, header, job.shareBits, &lowNonce, batch, &results,
                    Int32(Self.maxFoundPerCall), signal.pointer, &tried))
                hashCounter.add(UInt64(tried), ordering: .relaxed)
                exhausted = tried == batch && UInt64(batch) == left
                for result in results.prefix(count) {
                    var result = result
                    let length = pc_block_prove(job.set.handle.pointer, &result, &hap, hap.count)
                    guard length > 0 else { continue }
                    continuation.yield(MinedProof(
                        job: job, isBlock: result.is_block != 0,
                        workHash: withUnsafeBytes(of: result.work_hash) { Array($0) },
                        headerAndProof: Array(hap[0..<length])))
                }
            }
        }
    }
}

func le32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
}

func put32(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
    for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
}
