import PKTAddresses
import Devnet
import Foundation
import PKTChain
import PKTWire
import PacketCrypt
import Testing

/// `configureminingpayouts` on the devnet: pktd's decoding and coinbase
/// arithmetic, with addresses in sorted order, and weights pktd would
/// choke on refused.
struct DevnetPayoutTests {
    static func address(_ seed: String) -> String {
        SegwitAddress.address(hrp: "pkt", program: Array(Hashes.sha256(Array(seed.utf8)).prefix(20)))
    }

    /// The documented rule, computed here on its own: addresses sorted by
    /// text; sum of weights in that order; each Int64(Double(coins) * (w / sum)),
    /// shaved to what is left; the last takes the remainder.
    static func expectedAmounts(coins: Int64, weights: [(String, Double)]) -> [(String, Int64)] {
        let sorted = weights.sorted { $0.0 < $1.0 }
        var sum = 0.0
        for (_, weight) in sorted { sum += weight }
        var left = coins
        var out: [(String, Int64)] = []
        for (index, (address, weight)) in sorted.enumerated() {
            let amount = index == sorted.count - 1 ? left : min(left, Int64(Double(coins) * (weight / sum)))
            out.append((address, amount))
            left -= amount
        }
        return out
    }

    @Test func threeAddressesArePaidByTheDocumentedRule() async throws {
        let devnet = try await LocalDevnet.start()
        defer { devnet.remove() }
        let weights = [(Self.address("c"), 0.7), (Self.address("a"), 1.0 / 3.0), (Self.address("b"), 2.2)]
        try await devnet.client.configureMiningPayouts(Dictionary(uniqueKeysWithValues: weights))

        let anns = try await devnet.announcements(parentHeight: 0)
        let (block, _) = try await devnet.mineNextBlock(over: anns)
        #expect(try await devnet.client.submitBlock(block) == .accepted)
        let paid = try Block(bytes: await devnet.client.rawBlock(block.blockHash)).transactions[0].outputs

        let subsidy = PKTMoney.subsidy(height: 1)
        let steward = PKTMoney.stewardPayment(subsidy: subsidy)
        let expected = Self.expectedAmounts(coins: subsidy - steward, weights: weights)
        #expect(paid.count == 5)
        for (output, (address, amount)) in zip(paid, expected) {
            #expect(output.pkScript == (try PKTAddress(address, network: .devnet)).script)
            #expect(output.value == amount)
        }
        let order = paid.prefix(3).map { try! PKTAddress(script: $0.pkScript, network: .devnet).text }
        #expect(order == order.sorted())
        #expect(paid[3].pkScript == devnet.config.stewardScript && paid[3].value == steward)
        #expect(paid.reduce(0) { $0 + $1.value } == subsidy)
        await devnet.stop()
    }

    @Test func oneUndecodableAddressFailsTheWholeCall() async throws {
        let devnet = try await LocalDevnet.start()
        defer { devnet.remove() }
        let good = Self.address("good")
        try await devnet.client.configureMiningPayouts([good: 1])
        let before = try await devnet.client.rawBlockTemplate().coinbase.outputs

        let testnet = try PKTAddress(script: PKTAddress(good, network: .devnet).script, network: .pkttest).text
        for bad in ["foo", testnet, "not-an-address-☃"] {
            do {
                try await devnet.client.configureMiningPayouts([Self.address("other"): 1, bad: 1])
                Issue.record("\(bad) was accepted")
            } catch let ChainError.rpc(_, code, message) {
                #expect(code == RPCErrorObject.internalError)
                var reason = ""
                do { _ = try PKTAddress(bad, network: .devnet) } catch { reason = error.description }
                #expect(message == "Address [\(bad)] could not be decoded [\(reason)]")
            }
        }
        #expect(try await devnet.client.rawBlockTemplate().coinbase.outputs == before)
        await devnet.stop()
    }

    @Test func absurdWeightsAreRefusedAndTemplatesKeepComing() async throws {
        let devnet = try await LocalDevnet.start()
        defer { devnet.remove() }
        let (a, b) = (Self.address("a"), Self.address("b"))
        try await devnet.client.configureMiningPayouts([a: 1, b: 3])
        let before = try await devnet.client.rawBlockTemplate().coinbase.outputs

        let refused: [[String: JSONValue]] = [
            [a: .number(1e10), b: .number(-9_999_999_999)],
            [a: .number(-1)],
            [a: .number(1e300)],
            [a: .number(2e15), b: 1],
            [a: .string("NaN")],
            [a: .string("Infinity")],
            [a: .null],
            [a: 0, b: 0],
            [:],
        ]
        for weights in refused {
            await #expect(throws: ChainError.self, "\(weights)") {
                _ = try await devnet.client.call("configureminingpayouts", [.object(weights)])
            }
            let template = try await devnet.client.rawBlockTemplate()
            #expect(template.coinbase.outputs == before)
        }
        await #expect(throws: ChainError.self) { _ = try await devnet.client.call("configureminingpayouts", [1]) }
        await devnet.stop()
    }

    @Test func weightsTheRPCWouldRefuseCannotTrapTheCoinbase() async throws {
        var config = DevnetConfig(dataDirectory: FileManager.default.temporaryDirectory
            .appendingPathComponent("devnet-\(UUID().uuidString)").path)
        defer { try? FileManager.default.removeItem(atPath: config.dataDirectory) }
        config.blockBits = 0x207f_ffff
        config.payouts = [DevnetConfig.Payout(script: [0x51], weight: 1e10),
                          DevnetConfig.Payout(script: [0x52], weight: -9_999_999_999),
                          DevnetConfig.Payout(script: [0x53], weight: .nan)]
        let chain = try DevnetChain(config: config)
        let template = try ChainTemplate(await chain.template())
        let subsidy = PKTMoney.subsidy(height: 1)
        #expect(template.coinbase.outputs.reduce(0) { $0 + $1.value } == subsidy)
        #expect(template.coinbase.outputs.allSatisfy { $0.value >= 0 })
    }
}
