import PKTAddresses
import PacketCrypt
import PKTChain
import Testing

struct MoneyAndAddressTests {
    @Test func subsidyFollowsPKTsSchedule() {
        #expect(PKTMoney.subsidy(height: 1) == 4_473_208_438_784)
        #expect(PKTMoney.subsidy(height: 143_999) == 4_473_208_438_784)
        #expect(PKTMoney.subsidy(height: 144_000) == 4_025_887_594_905)  // floor(x * 9 / 10)
        #expect(PKTMoney.subsidy(height: 288_000) == 3_623_298_835_415)  // floor(x * 81 / 100)
        #expect(PKTMoney.subsidy(height: 144_000 * 400) == 0)
        #expect(PKTMoney.stewardPayment(subsidy: 4_473_208_438_784) == 891_146_993_664)
    }

    @Test func segwitAddressesDecodeToTheirScripts() throws {
        // BIP173's test vector (witness version 0, 20-byte program).
        #expect(try SegwitAddress.script(for: "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")
            == [0x00, 0x14] + Hex.decodeForTest("751e76e8199196d454941c45d1b3a323f1433bd6"))
        let program = [UInt8](repeating: 0x3c, count: 32)
        let address = SegwitAddress.address(hrp: "pkt", program: program)
        #expect(address.hasPrefix("pkt1q"))
        #expect(try SegwitAddress.script(for: address) == [0x00, 0x20] + program)
        var broken = Array(address)
        broken[10] = broken[10] == "q" ? "p" : "q"
        #expect(throws: AddressError.notAnAddress(String(broken))) { try SegwitAddress.script(for: String(broken)) }
    }
}

extension Hex {
    static func decodeForTest(_ text: String) -> [UInt8] { try! decode(text) }
}
