/// A payout address valid on one network, with the output script it pays.
/// Reads what pktd's DecodeAddress reads for that network: bech32 segwit
/// version 0 (20- or 32-byte programs) and base58 P2PKH and P2SH.
public struct PKTAddress: Sendable, Hashable, CustomStringConvertible {
    /// Canonical text (bech32 lower-cased).
    public let text: String
    /// The output script it pays.
    public let script: [UInt8]
    public let network: PKTNetwork

    /// The longest address text (bech32's limit).
    public static let maxLength = 90

    /// Throws for anything pktd's DecodeAddress would refuse on `network`,
    /// and for its public-key and `script:` forms, which pay no address.
    public init(_ text: String, network: PKTNetwork) throws(AddressError) {
        let length = text.utf8.count
        guard length <= Self.maxLength else { throw .tooLong(length: length) }
        self.network = network
        if text.hasPrefix("script:") || ((length == 66 || length == 130) && text.utf8.allSatisfy(Self.isHexDigit)) {
            throw .unsupportedForm(text)
        }
        let lower = text.lowercased()
        if let separator = lower.lastIndex(of: "1"), lower.distance(from: lower.startIndex, to: separator) > 1,
           Self.bech32Prefixes.contains(String(lower[..<separator])) {
            script = try Self.segwitScript(text, network: network)
            self.text = lower
        } else {
            script = try Self.base58Script(text, network: network)
            self.text = text
        }
    }

    /// The address an output script pays (P2WPKH, P2WSH, P2PKH, P2SH).
    public init(script: [UInt8], network: PKTNetwork) throws(AddressError) {
        self.script = script
        self.network = network
        switch script.count {
        case 22 where script[0] == 0x00 && script[1] == 20, 34 where script[0] == 0x00 && script[1] == 32:
            let data = [0] + Bech32.convertBits(Array(script.dropFirst(2)), from: 8, to: 5, pad: true)!
            text = Bech32.encode(hrp: network.bech32Prefix, data: data)
        case 25 where script.prefix(3) == [0x76, 0xa9, 20] && script.suffix(2) == [0x88, 0xac]:
            text = Base58.checkEncode(version: network.pubKeyHashVersion, payload: Array(script[3..<23]))
        case 23 where script.prefix(2) == [0xa9, 20] && script[22] == 0x87:
            text = Base58.checkEncode(version: network.scriptHashVersion, payload: Array(script[2..<22]))
        default:
            throw .unsupportedScript(script)
        }
    }

    public var description: String { text }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }

    /// Every bech32 prefix pktd registers: its networks' and Bitcoin's.
    /// pktd reads them all as segwit; only PKT's pass here.
    private static let bech32Prefixes: Set<String> = ["pkt", "tpk", "bc", "tb", "bcrt", "sb"]

    private static func segwitScript(_ text: String, network: PKTNetwork) throws(AddressError) -> [UInt8] {
        let hrp: String, data: [UInt8]
        do throws(Bech32.Failure) {
            (hrp, data) = try Bech32.decode(text)
        } catch .badChecksum {
            throw .badChecksum(text)
        } catch {
            throw .notAnAddress(text)
        }
        guard let version = data.first, version <= 16,
              let program = Bech32.convertBits(Array(data.dropFirst()), from: 5, to: 8, pad: false),
              (2...40).contains(program.count), version != 0 || program.count == 20 || program.count == 32
        else { throw .notAnAddress(text) }
        guard version == 0 else { throw .unsupportedWitnessVersion(text, version: Int(version)) }
        guard let owner = PKTNetwork.network(bech32Prefix: hrp) else { throw .notAnAddress(text) }
        guard owner.sharesAddresses(with: network) else { throw .otherNetwork(text, network: owner, expected: network) }
        return [0x00, UInt8(program.count)] + program
    }

    private static func base58Script(_ text: String, network: PKTNetwork) throws(AddressError) -> [UInt8] {
        let version: UInt8, payload: [UInt8]
        do throws(Base58.Failure) {
            (version, payload) = try Base58.checkDecode(text)
        } catch .badChecksum {
            throw .badChecksum(text)
        } catch {
            throw .notAnAddress(text)
        }
        guard payload.count == 20 else { throw .notAnAddress(text) }
        if version == network.pubKeyHashVersion { return [0x76, 0xa9, 20] + payload + [0x88, 0xac] }
        if version == network.scriptHashVersion { return [0xa9, 20] + payload + [0x87] }
        guard let owner = PKTNetwork.network(base58Version: version) else { throw .notAnAddress(text) }
        throw .otherNetwork(text, network: owner, expected: network)
    }
}
