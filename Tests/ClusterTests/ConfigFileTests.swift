import Foundation
import Testing

/// The example configs in cluster-config/ use only keys their role knows:
/// each gets as far as its (placeholder) CURVE key.
@Suite(.enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct ConfigFileTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("cluster-config")

    /// Runs the binary; returns its exit status and standard error.
    func run(_ arguments: [String], environment: [String: String]? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = LocalCluster.binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test(arguments: ["coordinator", "aggregator", "worker"])
    func exampleConfigParses(role: String) throws {
        let (status, message) = try run([role, "--config", Self.directory.appendingPathComponent("\(role).toml").path])
        #expect(status == 2)
        #expect(message.contains("CURVE key"), "\(message)")
        #expect(!message.contains("unknown key"))
    }

    @Test func anUnknownKeyIsAnError() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).toml")
        try "payout = \"pkt1qx\"\nthreds = 4\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, message) = try run(["worker", "--config", file.path])
        #expect(status == 2)
        #expect(message.contains("unknown key threds"))
    }

    @Test func aWorkerNeedsAPayoutAddress() throws {
        let (status, message) = try run(["worker", "--coordinator", "127.0.0.1"], environment: [:])
        #expect(status == 2)
        #expect(message.contains("--payout"))
    }
}
