import PKTAddresses
import PKTChain
import PKTWire
import PacketCrypt
import Testing

/// Payout addresses read as pktd's DecodeAddress reads them, per network.
struct PKTAddressTests {
    /// pktd's default mining address (config.go) pays PKT's initial network
    /// steward script (chaincfg/params.go).
    static let stewardAddress = "pkt1q6hqsqhqdgqfd8t3xwgceulu7k9d9w5t2amath0qxyfjlvl3s3u4sjza2g2"
    static let stewardScript = Hex.decodeForTest("0020d5c1005c0d4012d3ae2672319e7f9eb15a57516aeefabbbc062265f67e308f2b")
    /// btcutil's testnet vectors; pkttest shares testnet's version bytes.
    static let testP2PKH = ("mrX9vMRYLfVy1BnZbc5gZjuyaqH3ZW2ZHz", Hex.decodeForTest("78b316a08647d5b77283e512d3603f1f1c8de68f"))
    static let testP2SH = ("2NBFNJTktNa7GZusGbDbGKRZTxdK9VVez3n", Hex.decodeForTest("c579342c2c4c9220205e2cdc285617040c924a0a"))

    @Test func pktdsOwnAddressesDecodeToTheirScripts() throws {
        for network in [PKTNetwork.pkt, .devnet] {
            let address = try PKTAddress(Self.stewardAddress, network: network)
            #expect(address.script == Self.stewardScript && address.text == Self.stewardAddress)
            #expect(try PKTAddress(script: Self.stewardScript, network: network).text == Self.stewardAddress)
        }
        let upper = try PKTAddress(Self.stewardAddress.uppercased(), network: .pkt)
        #expect(upper.text == Self.stewardAddress && upper.description == Self.stewardAddress)

        let p2pkh = try PKTAddress(Self.testP2PKH.0, network: .pkttest)
        #expect(p2pkh.script == [0x76, 0xa9, 20] + Self.testP2PKH.1 + [0x88, 0xac])
        let p2sh = try PKTAddress(Self.testP2SH.0, network: .pkttest)
        #expect(p2sh.script == [0xa9, 20] + Self.testP2SH.1 + [0x87])
        #expect(try PKTAddress(script: p2pkh.script, network: .pkttest).text == Self.testP2PKH.0)
        #expect(try PKTAddress(script: p2sh.script, network: .pkttest).text == Self.testP2SH.0)
    }

    @Test func everyScriptFormRoundTripsOnEveryNetwork() throws {
        let hash20 = Array(Hashes.sha256(Array("key".utf8)).prefix(20))
        let hash32 = Hashes.sha256(Array("script".utf8))
        let scripts: [[UInt8]] = [[0x00, 20] + hash20, [0x00, 32] + hash32,
                                  [0x76, 0xa9, 20] + hash20 + [0x88, 0xac], [0xa9, 20] + hash20 + [0x87]]
        for network in PKTNetwork.allCases {
            for script in scripts {
                let address = try PKTAddress(script: script, network: network)
                #expect(try PKTAddress(address.text, network: network) == address)
            }
        }
        #expect(try PKTAddress(script: scripts[0], network: .pkttest).text.hasPrefix("tpk1q"))
        #expect(try PKTAddress(script: scripts[1], network: .pkt).text.hasPrefix("pkt1q"))
        #expect(try PKTAddress(script: scripts[2], network: .pkt).text.hasPrefix("p"))
        #expect(try PKTAddress(script: scripts[3], network: .pkt).text.hasPrefix("P"))
        #expect(throws: AddressError.unsupportedScript([0x51])) { try PKTAddress(script: [0x51], network: .pkt) }
        #expect(throws: AddressError.self) { try PKTAddress(script: [0x6a, 4, 1, 2, 3, 4], network: .pkt) }
        #expect(PKTNetwork.pkt.bech32Prefix == "pkt" && PKTNetwork.devnet.bech32Prefix == "pkt"
            && PKTNetwork.pkttest.bech32Prefix == "tpk")
    }

    @Test func anotherNetworksAddressIsRefusedBothWays() throws {
        let mainnet = try PKTAddress(script: Self.stewardScript, network: .pkt).text
        let testnet = try PKTAddress(script: Self.stewardScript, network: .pkttest).text
        #expect(throws: AddressError.otherNetwork(testnet, network: .pkttest, expected: .pkt)) {
            try PKTAddress(testnet, network: .pkt)
        }
        #expect(throws: AddressError.otherNetwork(mainnet, network: .pkt, expected: .pkttest)) {
            try PKTAddress(mainnet, network: .pkttest)
        }
        #expect(throws: AddressError.otherNetwork(testnet, network: .pkttest, expected: .devnet)) {
            try PKTAddress(testnet, network: .devnet)
        }
        #expect(throws: AddressError.otherNetwork(Self.testP2PKH.0, network: .pkttest, expected: .pkt)) {
            try PKTAddress(Self.testP2PKH.0, network: .pkt)
        }
        let mainP2SH = try PKTAddress(script: [0xa9, 20] + Self.testP2SH.1 + [0x87], network: .pkt).text
        #expect(throws: AddressError.otherNetwork(mainP2SH, network: .pkt, expected: .pkttest)) {
            try PKTAddress(mainP2SH, network: .pkttest)
        }
        #expect(AddressError.otherNetwork(testnet, network: .pkttest, expected: .pkt).description
            == "\(testnet) is a pkttest address, not a pkt one")
        // Bitcoin's segwit prefixes, which pktd also reads, are not PKT addresses.
        let bitcoin = SegwitAddress.address(hrp: "bc", program: Array(Self.stewardScript.dropFirst(2)))
        #expect(throws: AddressError.notAnAddress(bitcoin)) { try PKTAddress(bitcoin, network: .pkt) }
    }

    @Test func garbageAndTyposAreRefusedWithOneLine() throws {
        #expect(throws: AddressError.notAnAddress("foo")) { try PKTAddress("foo", network: .pkt) }
        #expect(AddressError.notAnAddress("foo").description == "\"foo\" is not a PKT address")
        #expect(throws: AddressError.notAnAddress("not-an-address-☃")) { try PKTAddress("not-an-address-☃", network: .pkt) }
        #expect(throws: AddressError.notAnAddress("")) { try PKTAddress("", network: .pkt) }
        let long = "pkt1q" + String(repeating: "q", count: 200)
        #expect(throws: AddressError.tooLong(length: 205)) { try PKTAddress(long, network: .pkt) }
        #expect(throws: AddressError.tooLong(length: 1 << 20)) {
            try PKTAddress(String(repeating: "1", count: 1 << 20), network: .pkt)
        }

        var typo = Array(Self.stewardAddress)
        typo[12] = typo[12] == "q" ? "p" : "q"
        #expect(throws: AddressError.badChecksum(String(typo))) { try PKTAddress(String(typo), network: .pkt) }
        var base58Typo = Array(Self.testP2PKH.0)
        base58Typo[5] = base58Typo[5] == "Y" ? "Z" : "Y"
        #expect(throws: AddressError.badChecksum(String(base58Typo))) { try PKTAddress(String(base58Typo), network: .pkttest) }
        let mixed = Self.stewardAddress.prefix(10).uppercased() + Self.stewardAddress.dropFirst(10)
        #expect(throws: AddressError.notAnAddress(mixed)) { try PKTAddress(mixed, network: .pkt) }

        let program = Array(Self.stewardScript.dropFirst(2))
        let v1 = Bech32ForTest.address(hrp: "pkt", version: 1, program: program)
        #expect(throws: AddressError.unsupportedWitnessVersion(v1, version: 1)) { try PKTAddress(v1, network: .pkt) }
        let short = Bech32ForTest.address(hrp: "pkt", version: 0, program: Array(program.prefix(16)))
        #expect(throws: AddressError.notAnAddress(short)) { try PKTAddress(short, network: .pkt) }

        let pubkey = "02" + String(repeating: "ab", count: 32)
        #expect(throws: AddressError.unsupportedForm(pubkey)) { try PKTAddress(pubkey, network: .pkt) }
        #expect(throws: AddressError.unsupportedForm("script:UQ==")) { try PKTAddress("script:UQ==", network: .pkt) }
    }
}

/// Bech32 text of any witness version, to make addresses pktd refuses.
enum Bech32ForTest {
    static func address(hrp: String, version: UInt8, program: [UInt8]) -> String {
        let v0 = SegwitAddress.address(hrp: hrp, program: program)
        // Re-checksum with the version character changed.
        let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l")
        var data = v0.dropFirst(hrp.count + 1).dropLast(6).map { UInt8(charset.firstIndex(of: $0)!) }
        data[0] = version
        var chk: UInt32 = 1
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        let hrpBytes = Array(hrp.utf8)
        for v in hrpBytes.map({ $0 >> 5 }) + [0] + hrpBytes.map({ $0 & 31 }) + data + [0, 0, 0, 0, 0, 0] {
            let top = chk >> 25
            chk = (chk & 0x1ff_ffff) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> i) & 1 == 1 { chk ^= generator[i] }
        }
        chk ^= 1
        let checksum = (0..<6).map { Int((chk >> (5 * (5 - UInt32($0)))) & 31) }
        return hrp + "1" + String((data.map { Int($0) } + checksum).map { charset[$0] })
    }
}
