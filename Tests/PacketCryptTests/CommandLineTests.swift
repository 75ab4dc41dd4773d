import Foundation
import PacketCrypt
import Testing

/// The `pktcluster` binary run as a real process.
struct CommandLineTests {
    static let binary: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("pktcluster")

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pktcluster-\(UUID().uuidString)-\(name)").path
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary.path), "pktcluster binary not built"))
    func mineThenVerify() throws {
        let parent = String(repeating: "ab", count: 31) + "01"
        let file = temporaryFile("anns.bin")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let mined = try run([
            "mine-anns", "--parent-hash", parent, "--parent-height", "200000", "--target", "0x207fffff",
            "--count", "5", "--threads", "2", "--out", file,
        ])
        #expect(mined.status == 0, "\(mined.stderr)")
        let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int
        #expect(size == 5 * 1024)

        let verified = try run(["verify-anns", "--parent-hash", parent, file])
        #expect(verified.status == 0)
        let lines = verified.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.split(separator: " ").count == 3 && $0.contains(" OK ") })

        let json = try run(["verify-anns", "--json", "--parent-hash", parent, file])
        #expect(json.stdout.split(separator: "\n").allSatisfy { $0.contains("\"verdict\":\"OK\"") })

        let wrongParent = try run(["verify-anns", "--parent-hash", String(repeating: "ab", count: 32), file])
        #expect(wrongParent.status == 1)
        #expect(wrongParent.stdout.contains("INVAL_ITEM4"))

        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes.append(contentsOf: [1, 2, 3])
        try bytes.write(to: URL(fileURLWithPath: file))
        let trailing = try run(["verify-anns", "--parent-hash", parent, file])
        #expect(trailing.status == 2)
        #expect(trailing.stderr.contains("3 trailing bytes"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary.path), "pktcluster binary not built"))
    func usageErrorsExitTwoWithOneLine() throws {
        let badHash = try run(["verify-anns", "--parent-hash", "xyz", "/dev/null"])
        #expect(badHash.status == 2)
        #expect(badHash.stderr.split(separator: "\n").count == 1)
        let missing = try run(["verify-anns", "--parent-hash", String(repeating: "00", count: 32), "/nonexistent"])
        #expect(missing.status == 2)
        let badTarget = try run([
            "mine-anns", "--parent-hash", String(repeating: "00", count: 32), "--parent-height", "1",
            "--target", "nope", "--count", "1", "--out", "/dev/null",
        ])
        #expect(badTarget.status == 2)
        let help = try run(["verify-anns", "--help"])
        #expect(help.status == 0 && help.stdout.contains("byte-reversed"))
    }
}
