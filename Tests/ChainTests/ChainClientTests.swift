import PKTAddresses
import Devnet
import PKTChain
import PKTWire
import PacketCrypt
import Testing

/// The RPC client against a devnet served on loopback.
struct ChainClientTests {
    @Test func readsTheChainAndItsTemplate() async throws {
        let devnet = try await LocalDevnet.start()
        defer { devnet.remove() }
        let client = devnet.client
        #expect(try await client.blockCount() == 0)
        let genesis = try await client.bestBlockHash()
        #expect(try await client.blockHash(height: 0) == genesis)
        let header = try await client.blockHeader(genesis)
        #expect(header.blockHash == genesis)
        let info = try await client.blockHeaderInfo(genesis)
        #expect(info.height == 0 && info.confirmations == 1 && info.previousblockhash == nil)

        let template = try await client.rawBlockTemplate()
        #expect(template.height == 1)
        #expect(template.previousBlock == genesis)
        #expect(template.coinbase.coinbaseHeight == 1)
        #expect(template.coinbase.coinbaseCommitment == CoinbaseCommitment.placeholder)
        #expect(template.header.merkleRoot == template.coinbase.txid.bytes)
        let subsidy = PKTMoney.subsidy(height: 1)
        #expect(template.coinbase.outputs.reduce(0) { $0 + $1.value } == subsidy)
        #expect(template.coinbase.outputs.contains {
            $0.pkScript == devnet.config.stewardScript && $0.value == PKTMoney.stewardPayment(subsidy: subsidy)
        })
        let steward = try await client.networkSteward()
        #expect(steward.script == Hex.encode(devnet.config.stewardScript))
        await devnet.stop()
    }

    @Test func rpcErrorsComeBackAsErrors() async throws {
        let devnet = try await LocalDevnet.start()
        defer { devnet.remove() }
        await #expect(throws: ChainError.rpc(method: "getblockhash", code: -8, message: "Block number out of range")) {
            try await devnet.client.blockHash(height: 5)
        }
        await #expect(throws: ChainError.rpc(method: "nosuchmethod", code: -32601, message: "Method not found")) {
            try await devnet.client.call("nosuchmethod")
        }
        await #expect(throws: ChainError.self) { try await devnet.client.configureMiningPayouts(["not-an-address": 1]) }
        let address = SegwitAddress.address(hrp: "pkt", program: [UInt8](repeating: 7, count: 20))
        try await devnet.client.configureMiningPayouts([address: 1])
        let template = try await devnet.client.rawBlockTemplate()
        #expect(template.coinbase.outputs[0].pkScript == [0x00, 0x14] + [UInt8](repeating: 7, count: 20))

        let port = Int(devnet.client.endpoint.url.split(separator: ":").last!.dropLast())!
        let wrong = ChainClient(endpoint: ChainEndpoint(host: "127.0.0.1", port: port, user: "devnet", password: "nope"))
        await #expect(throws: ChainError.http(status: 401, endpoint: wrong.endpoint.description)) { try await wrong.blockCount() }
        await devnet.stop()
    }

    @Test func anUnreachableNodeIsReportedAfterRetries() async throws {
        let client = ChainClient(endpoint: ChainEndpoint(host: "127.0.0.1", port: 9, user: "u", password: "p"), attempts: 2)
        do {
            _ = try await client.blockCount()
            Issue.record("a closed port answered")
        } catch let error as ChainError {
            guard case .unreachable = error else { Issue.record("unexpected \(error)"); return }
            #expect(error.description.contains("cannot reach the node at http://127.0.0.1:9/"))
        }
        #expect(throws: ChainError.invalidEndpoint("ftp://x")) { try ChainEndpoint("ftp://x") }
        let parsed = try ChainEndpoint("http://alice:s%40cret@node.example:64765")
        #expect(parsed.user == "alice" && parsed.password == "s@cret" && parsed.url == "http://node.example:64765/")
    }
}
