import PKTAddresses
import ArgumentParser
import Devnet
import Foundation
import PKTChain
import PacketCrypt

/// `pktcluster devnet`: a local PKT chain served over pktd's JSON-RPC.
struct DevnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devnet",
        abstract: "Run a local PKT chain (the devnet) behind pktd's JSON-RPC.",
        discussion: """
            Keeps its blocks in --data (a restart continues the same chain) and validates every \
            submitted block as pktd does: header, Merkle root, coinbase height, amounts and \
            steward share, commitment, and the PacketCrypt proof against its own chain. \
            Announcements use version 1 and proofs version 2 from height 0. Try: \
            curl -s -u devnet:devnet -d '{"method":"getblockcount","params":[],"id":1}' http://127.0.0.1:PORT/
            """)

    @Option(help: ArgumentHelp("Directory for the chain.", valueName: "dir")) var data: String
    @Option(help: ArgumentHelp("Where the RPC listens.", valueName: "host:port")) var rpcListen = "127.0.0.1:64765"
    @Option(help: "RPC user name.") var rpcUser = "devnet"
    @Option(help: "RPC password.") var rpcPassword = "devnet"
    @Option(help: ArgumentHelp("Header target of every block, compact bits in hex.", valueName: "bits"))
    var blockBits = TargetBits(0x1e0f_ffff)
    @Option(help: ArgumentHelp("Who templates pay: a pkt1... address, repeatable (equal shares).", valueName: "address"))
    var payout: [String] = []

    func run() async throws {
        let (host, port) = try HostPort.parse(rpcListen)
        let lock = try DataDirectoryLock(data)
        defer { withExtendedLifetime(lock) {} }
        var config = DevnetConfig(dataDirectory: data)
        config.blockBits = blockBits.value
        config.rpcUser = rpcUser
        config.rpcPassword = rpcPassword
        if !payout.isEmpty {
            config.payouts = try payout.map { DevnetConfig.Payout(script: try PKTAddress($0, network: .devnet).script, weight: 1) }
        }
        let chain = try DevnetChain(config: config)
        let server = await DevnetServer(chain: chain, host: host, port: port)
        let serving = Task { try await server.run() }
        if let bound = await server.port() {
            print("devnet at height \(await chain.height), tip \(await chain.tip), RPC on http://\(host):\(bound)/ (user \(rpcUser))")
            fflush(nil)
        }
        try await serving.value
    }
}

/// `host:port` parsing for listen options.
enum HostPort {
    static func parse(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port), colon != text.startIndex else {
            throw ValidationError("not a host:port: \(text)")
        }
        return (String(text[..<colon]), port)
    }
}
