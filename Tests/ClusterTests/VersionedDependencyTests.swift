import Foundation
import Testing

/// Another package depends on pktcluster by version, as a mining operation
/// embedding the roles would: Examples/EmbeddedRoles, built against a clone
/// of this repository tagged 0.1.0 (a local git URL), then run.
@Suite(.enabled(if: LocalCluster.available, "pktcluster binary not built"))
struct VersionedDependencyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs a program to its end; its status and output.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = FileHandle(forWritingAtPath: "/dev/null")
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = output
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.timeLimit(.minutes(30))) func anExamplePackageEmbedsAWorkerAndAnAggregator() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("versioned-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let clone = work.appendingPathComponent("pktcluster")
        let example = work.appendingPathComponent("example")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        #expect(try run(["git", "clone", "-q", Self.root.path, clone.path]).status == 0)
        #expect(try run(["git", "-C", clone.path, "tag", "0.1.0"]).status == 0)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Examples/EmbeddedRoles"), to: example)
        try? FileManager.default.removeItem(at: example.appendingPathComponent(".build"))

        let built = try run(["swift", "build", "--package-path", example.path],
                            environment: ["PKTCLUSTER_GIT_URL": "file://" + clone.path])
        #expect(built.status == 0, "\(built.output.suffix(3000))")
        let ran = try run([example.appendingPathComponent(".build/debug/EmbeddedRoles").path, "127.0.0.1", "2"])
        #expect(ran.status == 0)
        #expect(ran.output.contains("embedded worker and aggregator ran and stopped"), "\(ran.output)")
    }
}
