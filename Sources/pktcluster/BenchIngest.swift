import ArgumentParser
import ClusterAggregator
import Foundation
import PacketCrypt

/// `pktcluster bench ingest`: the aggregator's ingest against raw validation.
struct BenchIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Aggregator ingest rate (ZeroMQ, checks, validation, store, acknowledgement) against the kernel's validation rate.",
        discussion: "Prints one JSON line; overhead is the share of the kernel's rate lost to everything but validation.")

    @Option(help: "Validation threads.") var threads = 1
    @Option(help: "Seconds per measurement.") var seconds: Double = 10
    @Option(help: "Distinct announcements to cycle through.") var anns = 2048

    func run() async throws {
        let parent = try BlockHash(bytes: [UInt8](repeating: 0x42, count: 32))
        let job = try AnnouncementJob(parentHash: parent, parentHeight: 1_000, workBits: 0x207f_ffff)
        let announcements = try await AnnouncementMiner.announcements(for: job, count: anns, threads: threads, firstHardNonce: 0)
        let duration = Duration.seconds(seconds)
        let kernel = try await IngestBenchmark.kernelRate(announcements: announcements, parent: parent, threads: threads, duration: duration)
        let validated = try await IngestBenchmark.run(announcements: announcements, parent: parent, threads: threads,
                                                      validate: true, duration: duration)
        let unvalidated = try await IngestBenchmark.run(announcements: announcements, parent: parent, threads: threads,
                                                        validate: false, duration: duration)
        try printBenchLine(IngestResult(
            threads: threads, kernelValidationsPerSec: kernel.rounded(places: 1), ingestPerSec: validated.rounded(places: 1),
            ingestWithoutValidationPerSec: unvalidated.rounded(places: 1), overhead: (1 - validated / kernel).rounded(places: 3)))
    }
}
