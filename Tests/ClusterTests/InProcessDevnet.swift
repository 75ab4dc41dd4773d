import Devnet
import Foundation
import PKTChain

/// A devnet served from this test process on a free port, with its chain
/// in a new temporary directory (roles under test keep their data there
/// too); `stop()` ends it and removes the directory.
struct InProcessDevnet {
    let directory: String
    let chain: ChainClient
    private let serving: Task<Void, any Error>

    /// - Parameter blockBits: easy enough that one core finds blocks in seconds.
    static func start(_ name: String, blockBits: UInt32 = 0x1f0f_ffff) async throws -> InProcessDevnet {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
        var config = DevnetConfig(dataDirectory: (directory as NSString).appendingPathComponent("devnet"))
        config.blockBits = blockBits
        let server = await DevnetServer(chain: try DevnetChain(config: config), host: "127.0.0.1", port: 0)
        let serving = Task { try await server.run() }
        guard let port = await server.port() else {
            serving.cancel()
            throw DevnetStartError()
        }
        let chain = ChainClient(endpoint: ChainEndpoint(host: "127.0.0.1", port: port, user: config.rpcUser, password: config.rpcPassword))
        return InProcessDevnet(directory: directory, chain: chain, serving: serving)
    }

    func stop() {
        serving.cancel()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// The devnet's RPC server did not start listening.
struct DevnetStartError: Error {}
