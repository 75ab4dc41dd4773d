import Foundation
import Testing

/// The example configs in cluster-config/ use only keys their role knows:
/// each gets as far as its (placeholder) CURVE key.
@Suite(.enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct ConfigFileTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("cluster-config")

    @Test(arguments: ["coordinator", "aggregator", "worker"])
    func exampleConfigParses(role: String) throws {
        let process = Process()
        process.executableURL = LocalCluster.binary
        process.arguments = [role, "--config", Self.directory.appendingPathComponent("\(role).toml").path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 2)
        #expect(message.contains("CURVE key"), "\(message)")
        #expect(!message.contains("unknown key"))
    }

    @Test func anUnknownKeyIsAnError() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).toml")
        try "payout = \"pkt1qx\"\nthreds = 4\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = LocalCluster.binary
        process.arguments = ["worker", "--config", file.path]
        let err = Pipe()
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 2)
        #expect(message.contains("unknown key threds"))
    }

    @Test func aWorkerNeedsAPayoutAddress() throws {
        let process = Process()
        process.executableURL = LocalCluster.binary
        process.arguments = ["worker", "--coordinator", "127.0.0.1"]
        process.environment = [:]
        let err = Pipe()
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 2)
        #expect(message.contains("--payout"))
    }
}
