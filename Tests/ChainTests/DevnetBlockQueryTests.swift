import PKTAddresses
import Devnet
import Foundation
import PKTChain
import PKTWire
import PacketCrypt
import Testing

/// `validateaddress` and `getblock` on the devnet, in pktd's shapes.
struct DevnetBlockQueryTests {
    @Test func validateaddressAnswersAsPktdDoes() async throws {
        let devnet = try await LocalDevnet.start()
        defer { devnet.remove() }
        let client = devnet.client
        let address = PKTAddressTests.stewardAddress
        #expect(try await client.validateAddress(address))
        #expect(try await client.validateAddress(address.uppercased()))
        let testnet = try PKTAddress(script: PKTAddressTests.stewardScript, network: .pkttest).text
        for refused in [testnet, "foo", "not-an-address-☃", PKTAddressTests.testP2PKH.0, String(repeating: "q", count: 500)] {
            #expect(try await client.validateAddress(refused) == false)
        }
        let p2pkh = try PKTAddress(script: [0x76, 0xa9, 20] + PKTAddressTests.testP2PKH.1 + [0x88, 0xac], network: .devnet)
        #expect(try await client.validateAddress(p2pkh.text))

        #expect(try await client.call("validateaddress", [.string(address.uppercased())])
            == ["isvalid": true, "address": .string(address)])
        #expect(try await client.call("validateaddress", ["foo"]) == ["isvalid": false])
        await devnet.stop()
    }

    @Test func getblockGivesMinedBlocksRawAndVerbose() async throws {
        let devnet = try await LocalDevnet.start()
        defer { devnet.remove() }
        let client = devnet.client
        let anns = try await devnet.announcements(parentHeight: 0)
        var blocks: [Block] = []
        for _ in 0..<2 {
            let (block, _) = try await devnet.mineNextBlock(over: anns)
            #expect(try await client.submitBlock(block) == .accepted)
            blocks.append(block)
        }
        let genesis = try await client.blockHash(height: 0)

        for block in blocks {
            #expect(try await client.rawBlock(block.blockHash) == block.bytes)
            #expect(try await client.call("getblock", [.string(block.blockHash.displayHex), false])
                == .string(Hex.encode(block.bytes)))
        }
        let first = blocks[0]
        let verbose = try await client.call("getblock", [.string(first.blockHash.displayHex)])
        #expect(try await client.call("getblock", [.string(first.blockHash.displayHex), 1]) == verbose)
        #expect(try await client.call("getblock", [.string(first.blockHash.displayHex), true]) == verbose)
        let info = try JSONDecoder().decode(BlockVerboseResult.self, from: JSONEncoder().encode(verbose))
        #expect(info.hash == first.blockHash.displayHex)
        #expect(info.height == 1 && info.confirmations == 2)
        #expect(info.size == Int32(first.bytes.count) && info.strippedsize <= info.size)
        #expect(info.weight == info.strippedsize * 3 + info.size)
        #expect(info.tx == [first.transactions[0].txid.displayHex])
        #expect(info.merkleroot == Hex.encode(first.header.merkleRoot.reversed()))
        #expect(info.previousblockhash == genesis.displayHex && info.nextblockhash == blocks[1].blockHash.displayHex)
        #expect(info.time == Int64(first.header.time) && info.nonce == first.header.nonce)
        #expect(info.bits == String(first.header.bits, radix: 16) && info.version == first.header.version)
        #expect(info.versionHex == "20000000")
        #expect(info.sblockreward == String(PKTMoney.subsidy(height: 1)))
        #expect(info.networksteward == (try PKTAddress(script: devnet.config.stewardScript, network: .devnet)).text)
        #expect(info.packetcryptversion == 2 && info.packetcryptanncount == UInt64(anns.count))
        #expect(info.packetcryptannbits == String(first.transactions[0].coinbaseCommitment!.annMinTarget, radix: 16))
        #expect(info.blocksuntilretarget == 2015)
        #expect(info.difficulty > 0 && info.difficulty < 1)  // 0x207fffff is easier than PKT's limit
        let object = try #require(verbose.objectValue)
        #expect(Set(object.keys).isSuperset(of: ["hash", "confirmations", "size", "height", "version", "merkleroot", "tx",
                                                 "time", "nonce", "bits", "difficulty", "previousblockhash", "nextblockhash"]))

        let tip = try JSONDecoder().decode(BlockVerboseResult.self, from: JSONEncoder().encode(
            await client.call("getblock", [.string(blocks[1].blockHash.displayHex)])))
        #expect(tip.nextblockhash == nil && tip.confirmations == 1 && tip.height == 2)

        let unknown = String(repeating: "ab", count: 32)
        await #expect(throws: ChainError.rpc(method: "getblock", code: -5, message: "Block not found")) {
            try await client.call("getblock", [.string(unknown), 0])
        }
        await #expect(throws: ChainError.rpc(method: "getblock", code: -22,
                                             message: "Argument must be hexadecimal string (not \"zz\")")) {
            try await client.call("getblock", ["zz"])
        }
        await #expect(throws: ChainError.self) { try await client.call("getblock", [.string(unknown), 7]) }
        await devnet.stop()
    }
}
