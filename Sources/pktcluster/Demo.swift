import ArgumentParser
import Foundation
import PacketCrypt

/// `pktcluster demo`: mines announcements and validates each one, with progress.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mine announcements on all cores and validate every one, showing progress.")

    @Option(help: "How long to run.") var seconds: Double = 30
    @Option(help: "Mining threads (default: one per core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: ArgumentHelp("Work target, compact bits in hex.", valueName: "bits"))
    var target = TargetBits(0x2000_ffff)

    func run() async throws {
        let parent = try BlockHash(bytes: Array((0..<32).map { UInt8($0) }))
        let job = try AnnouncementJob(parentHash: parent, parentHeight: 200_000, workBits: target.value)
        let miner = try AnnouncementMiner(threads: threads)
        let validator = try AnnouncementValidator()
        print("mining announcements on \(threads) threads at target \(Difficulty.formatBits(target.value)) for \(Int(seconds))s")
        try miner.mine(job)
        let start = Date()
        let stopper = Task {
            try await Task.sleep(for: .seconds(seconds))
            miner.stop()
        }
        var valid = 0, invalid = 0, lastLine = Date.distantPast
        for await batch in miner.batches {
            for ann in batch.announcements {
                if try validator.check(ann, parentHash: parent).verdict == .ok { valid += 1 } else { invalid += 1 }
            }
            if Date().timeIntervalSince(lastLine) >= 1 {
                lastLine = Date()
                let elapsed = Date().timeIntervalSince(start)
                print("\(Int(elapsed))s: \(valid) valid, \(invalid) invalid announcements, "
                    + "\(Int(Double(miner.hashes) / elapsed)) hashes/s")
            }
        }
        _ = try? await stopper.value
        print("done: \(valid) announcements mined and validated, \(invalid) invalid")
        if invalid > 0 { throw ExitCode(1) }
    }
}
