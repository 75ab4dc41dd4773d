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

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary.path), "pktcluster binary not built"))
    func mineBlockThenVerify() throws {
        let parent = String(repeating: "cd", count: 31) + "02"
        let anns = temporaryFile("anns.bin"), block = temporaryFile("block.bin")
        let hap = temporaryFile("hap.bin"), commitment = temporaryFile("commit.bin")
        defer { for file in [anns, block, hap, commitment] { try? FileManager.default.removeItem(atPath: file) } }
        let mined = try run([
            "mine-anns", "--parent-hash", parent, "--parent-height", "200000", "--target", "0x207fffff",
            "--count", "7", "--threads", "2", "--out", anns,
        ])
        #expect(mined.status == 0, "\(mined.stderr)")
        let mining = try run([
            "mine-block", "--anns", anns, "--height", "200003", "--prev-block", String(repeating: "77", count: 32),
            "--bits", "0x207fffff", "--threads", "2", "--out", block, "--hap", hap, "--commitment", commitment,
        ])
        #expect(mining.status == 0, "\(mining.stderr)")
        #expect(mining.stdout.hasPrefix("block "))

        let verified = try run(["verify-block", block, "--height", "200003", "--ann-parent", "200000=\(parent)"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.hasPrefix("OK "))
        let share = try run([
            "verify-share", "--hap", hap, "--commitment", commitment, "--height", "200003", "--parent-hash", parent,
        ])
        #expect(share.status == 0 && share.stdout.hasPrefix("OK "))
        let tooLate = try run(["verify-block", block, "--height", "200004", "--ann-parent", "200000=\(parent)", "--json"])
        #expect(tooLate.status == 1 && tooLate.stdout.contains("\"verdict\":\"ANN_INSUF_POW\""))
        let noParent = try run(["verify-block", block, "--height", "200003"])
        #expect(noParent.status == 2 && noParent.stderr.contains("--ann-parent 200000=HASH"))

        var bytes = try Data(contentsOf: URL(fileURLWithPath: block))
        bytes[bytes.count - 60] ^= 0x01  // inside the coinbase
        try bytes.write(to: URL(fileURLWithPath: block))
        let changed = try run(["verify-block", block, "--height", "200003", "--ann-parent", "200000=\(parent)"])
        #expect(changed.status == 1 || changed.status == 2, "\(changed.stdout)\(changed.stderr)")
    }

    @Test(.enabled(if: Vectors.available && FileManager.default.fileExists(atPath: binary.path), "needs the vectors and the binary"))
    func verifyShareOnTheReferenceBlock() throws {
        let dir = Vectors.directory.path
        let parent = "12481a7aa828e39f5be235e6e2282663d9bde06080c3fd17b86019aed9eb8b98"
        let ok = try run([
            "verify-share", "--hap", "\(dir)/block_hap.bin", "--commitment", "\(dir)/block_coinbase.bin",
            "--height", "1400003", "--parent-hash", parent,
        ])
        #expect(ok.status == 0)
        #expect(ok.stdout == "OK 416a1f4b1431a22670cce2af9f8330d1eee166e9ced8dc2b703d33c2bdda0000\n")
        let early = try run([
            "verify-share", "--hap", "\(dir)/block_hap.bin", "--commitment", "\(dir)/block_coinbase.bin",
            "--height", "1400002", "--parent-hash", parent, "--parent-hash", parent, "--parent-hash", parent,
            "--parent-hash", parent,
        ])
        #expect(early.status == 1 && early.stdout.hasPrefix("ANN_INSUF_POW (announcement 0) "))
        let twoParents = try run([
            "verify-share", "--hap", "\(dir)/block_hap.bin", "--commitment", "\(dir)/block_coinbase.bin",
            "--height", "1400003", "--parent-hash", parent, "--parent-hash", parent,
        ])
        #expect(twoParents.status == 2)
    }
}
