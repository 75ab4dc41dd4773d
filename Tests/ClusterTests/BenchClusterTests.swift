import Foundation
import Testing

/// `pktcluster bench cluster` end to end: it records a stream once, replays
/// it from sender processes into two validators and a block miner, and
/// reports what was validated and stored; a fresh cluster takes the same
/// recording again as new; a recording of another chain is refused.
@Suite(.serialized, .enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct BenchClusterTests {
    /// The fields of the JSON report the tests read.
    struct Report: Decodable {
        var validatedPerSecond: Double
        var storedPerSecond: Double
        var refusedPerSecond: Double
        var sentPerSecond: Double
        var cores: [String: Double]
        var bottleneck: String
    }

    func bench(_ anns: String, extra: [String] = []) throws -> (status: Int32, report: Report?, errors: String) {
        let process = Process()
        process.executableURL = LocalCluster.binary
        process.arguments = ["bench", "cluster", "--validators", "2", "--senders", "2", "--rate", "300", "--warmup", "1",
                             "--seconds", "4", "--memory-mb", "256", "--anns", anns, "--json"] + extra
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, try? JSONDecoder().decode(Report.self, from: output), errors)
    }

    @Test func aRecordedStreamIsReplayedValidatedAndStored() throws {
        let anns = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: anns) }
        for run in 1...2 {
            let (status, report, errors) = try bench(anns)
            #expect(status == 0, "\(errors)")
            #expect(errors.contains("recording") == (run == 1), "the stream is recorded once: \(errors)")
            let result = try #require(report, "no JSON report: \(errors)")
            #expect(result.sentPerSecond > 0)
            #expect(result.validatedPerSecond > 0, "nothing validated in run \(run)")
            #expect(result.storedPerSecond > 0, "nothing stored in run \(run)")
            #expect(result.refusedPerSecond == 0, "a fresh cluster refused recorded announcements in run \(run)")
            #expect((result.cores["validator"] ?? 0) > 0 && (result.cores["coordinator"] ?? 0) > 0)
            #expect(!result.bottleneck.isEmpty)
        }
    }

    @Test func aRecordingOfAnotherChainIsRefused() throws {
        let anns = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: anns) }
        try Data(repeating: 0, count: 1024 * 4).write(to: URL(fileURLWithPath: anns))
        let (status, report, errors) = try bench(anns)
        #expect(status == 2)
        #expect(report == nil)
        #expect(errors.contains("was not recorded on this bench's devnet"), "\(errors)")
        #expect(errors.split(separator: "\n").count == 1, "one line: \(errors)")
    }
}
