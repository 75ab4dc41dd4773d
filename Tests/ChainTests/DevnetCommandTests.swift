import Foundation
import PKTChain
import Testing

/// `pktcluster devnet` run as a real process and queried over its RPC.
struct DevnetCommandTests {
    static let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("pktcluster")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: binary.path), "pktcluster binary not built"))
    func theDevnetCommandServesItsChain() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("devnet-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["devnet", "--data", directory, "--rpc-listen", "127.0.0.1:0", "--rpc-password", "secret"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate() }

        var data = Data()
        while !data.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        let line = String(decoding: data, as: UTF8.self)
        let port = try #require(line.split(separator: "127.0.0.1:").last.flatMap { Int($0.prefix { $0.isNumber }) },
                                "no port in: \(line)")
        #expect(line.hasPrefix("devnet at height 0"))
        let client = ChainClient(endpoint: try ChainEndpoint("http://devnet:secret@127.0.0.1:\(port)"))
        #expect(try await client.blockCount() == 0)
        #expect(try await client.rawBlockTemplate().height == 1)

        let bad = Process()
        bad.executableURL = Self.binary
        bad.arguments = ["devnet", "--data", directory, "--rpc-listen", "nonsense"]
        let err = Pipe()
        bad.standardError = err
        try bad.run()
        bad.waitUntilExit()
        #expect(bad.terminationStatus == 2)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.split(separator: "\n").count == 1 && message.contains("host:port"))
    }
}
