import ClusterProtocol
import Foundation
import PacketCrypt
import ZeroMQ

/// Measures an aggregator's ingest: batches from a worker socket over
/// loopback TCP, decoded, checked, validated on `threads` threads, stored and
/// acknowledged, as the aggregator does it (the coordinator's ledger is not
/// in the loop). Each pass over the announcements starts from an empty store,
/// so every announcement is new to it.
public enum IngestBenchmark {
    /// Announcements per second acknowledged, over `duration`.
    public static func run(announcements: [Announcement], parent: BlockHash, threads: Int, validate: Bool,
                           duration: Duration, batchSize: Int = 256, window: Int = 8) async throws -> Double {
        let store = AnnouncementStore(limitBytes: Int.max)
        let pool = ValidationPool(validator: try AnnouncementValidator(rules: .devnet), threads: threads)
        let ingest = Ingest(store: store, pool: pool, validate: validate)
        let parentHeight = announcements[0].parentHeight
        // A header whose only meaningful field is the block target (offset 72).
        let header = [UInt8](repeating: 0, count: 72) + [0xff, 0xff, 0x7f, 0x20] + [0, 0, 0, 0]
        try await ingest.follow(try Job(
            id: 1, height: parentHeight + 3, parentHash: parent, parentHeight: parentHeight,
            announcementBits: announcements[0].workBits, shareBits: 0x207f_ffff, header: header, coinbase: [],
            merkleBranch: [], transactions: [],
            recentBlocks: [RecentBlock(height: parentHeight, hash: parent)]))

        let router = try AsyncZMQSocket(type: .router) { try $0.bind("tcp://127.0.0.1:*") }
        let endpoint = router.lastEndpoint ?? ""
        let dealer = try AsyncZMQSocket(type: .dealer) { try $0.connect(endpoint) }
        defer {
            dealer.close()
            router.close()
        }
        let batches = stride(from: 0, to: announcements.count, by: batchSize).map {
            Array(announcements[$0..<min($0 + batchSize, announcements.count)])
        }
        let server = Task {
            for await parts in router.messages {
                guard parts.count == 2, case .announcementBatch(let batch)? = try? ClusterMessage.decode(parts[1]) else { continue }
                if batch.sequence % UInt64(batches.count) == 0 { await store.removeAll() }
                let counts = await ingest.accept(batch.announcements).counts
                try? router.send([parts[0], ClusterMessage.batchAck(BatchAck(sequence: batch.sequence, counts: counts)).encode()])
            }
        }
        defer { server.cancel() }

        let worker = NodeID.random()
        var sequence: UInt64 = 0
        func sendNext() throws {
            let batch = try ClusterProtocol.AnnouncementBatch(
                worker: worker, sequence: sequence, jobID: 1, announcements: batches[Int(sequence % UInt64(batches.count))])
            try dealer.send([ClusterMessage.announcementBatch(batch).encode()])
            sequence += 1
        }
        for _ in 0..<window { try sendNext() }
        let clock = ContinuousClock()
        let start = clock.now
        var acknowledged = 0
        for await parts in dealer.messages {
            guard case .batchAck(let ack)? = try? ClusterMessage.decode(parts[parts.count - 1]) else { continue }
            acknowledged += Int(ack.counts.total)
            if clock.now - start >= duration { break }
            try sendNext()
        }
        let elapsed = clock.now - start
        return Double(acknowledged) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The kernel's validation rate on `threads` threads with no transport.
    public static func kernelRate(announcements: [Announcement], parent: BlockHash, threads: Int,
                                  duration: Duration) async throws -> Double {
        let pool = ValidationPool(validator: try AnnouncementValidator(rules: .devnet), threads: threads)
        let items = announcements.map { ($0, parent) }
        let clock = ContinuousClock()
        let start = clock.now
        var checked = 0
        while clock.now - start < duration {
            let results = await pool.validate(items)
            guard results.allSatisfy({ $0 }) else { throw PacketCryptError.invalidArgument("a benchmark announcement is invalid") }
            checked += items.count
        }
        let elapsed = clock.now - start
        return Double(checked) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
