import Devnet
import Foundation
import PKTChain
import PKTWire
import PacketCrypt

/// A devnet in a temporary directory, served on a free loopback port, with
/// a client for it. `stop()` ends the server; the directory stays until
/// `remove()`.
struct LocalDevnet {
    let config: DevnetConfig
    let chain: DevnetChain
    let server: DevnetServer
    let client: ChainClient
    let serving: Task<Void, Error>

    static func start(directory: String? = nil, blockBits: UInt32 = 0x207f_ffff) async throws -> LocalDevnet {
        var config = DevnetConfig(dataDirectory: directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("devnet-\(UUID().uuidString)").path)
        config.blockBits = blockBits
        let chain = try DevnetChain(config: config)
        let server = await DevnetServer(chain: chain, host: "127.0.0.1", port: 0)
        let serving = Task { try await server.run() }
        guard let port = await server.port() else { throw DevnetError.invalidListenAddress("no port") }
        let client = ChainClient(endpoint: ChainEndpoint(host: "127.0.0.1", port: port, user: config.rpcUser,
                                                         password: config.rpcPassword))
        return LocalDevnet(config: config, chain: chain, server: server, client: client, serving: serving)
    }

    func stop() async {
        await server.shutdown()
        _ = try? await serving.value
    }

    func remove() { try? FileManager.default.removeItem(atPath: config.dataDirectory) }

    /// Mines `count` announcements on the block at `parentHeight`.
    func announcements(parentHeight: UInt32, count: Int = 9) async throws -> [Announcement] {
        let parent = try await client.blockHash(height: parentHeight)
        let job = try AnnouncementJob(parentHash: parent, parentHeight: parentHeight, workBits: config.announcementBits)
        return try await AnnouncementMiner.announcements(for: job, count: count, threads: 2)
    }

    /// Mines the next block over `anns` from the node's template, after
    /// `change` edits the template (to make invalid blocks on purpose).
    func mineNextBlock(over anns: [Announcement], shareBits: UInt32 = 0, block: Bool = true,
                       change: (inout BlockTemplate) -> Void = { _ in }) async throws -> (Block, MinedProof) {
        let template = try await client.rawBlockTemplate()
        var blockTemplate = template.blockTemplate
        change(&blockTemplate)
        let set = try AnnouncementSet(announcements: anns, height: template.height)
        let header = try blockTemplate.header(committingTo: set.commitment)
        let miner = try BlockMiner(threads: 2)
        defer { miner.stop() }
        try miner.mine(BlockMiningJob(set: set, header: header.bytes, shareBits: shareBits))
        for await proof in miner.found where proof.isBlock == block {
            return (try blockTemplate.block(from: proof), proof)
        }
        throw PacketCryptError.invalidArgument("the miner stopped")
    }
}
