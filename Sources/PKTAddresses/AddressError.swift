import PacketCrypt

/// Why an address was refused; `description` is one line naming the
/// address and the reason.
public enum AddressError: Error, Equatable, CustomStringConvertible {
    /// Not any address form pktd reads (or a non-PKT chain's bech32).
    case notAnAddress(String)
    /// The form is right but the checksum is not: a typing mistake.
    case badChecksum(String)
    /// A PKT address of another network.
    case otherNetwork(String, network: PKTNetwork, expected: PKTNetwork)
    /// A segwit address of a witness version pktd refuses (all but 0).
    case unsupportedWitnessVersion(String, version: Int)
    /// A public key in hex or pktd's `script:` form: pktd takes these, payouts do not.
    case unsupportedForm(String)
    /// Longer than any address (`PKTAddress.maxLength` bytes).
    case tooLong(length: Int)
    /// An output script that pays none of P2WPKH, P2WSH, P2PKH, P2SH.
    case unsupportedScript([UInt8])

    public var description: String {
        switch self {
        case .notAnAddress(let text): return "\"\(text)\" is not a PKT address"
        case .badChecksum(let text): return "\(text) has a wrong checksum (mistyped?)"
        case .otherNetwork(let text, let network, let expected):
            return "\(text) is a \(network.rawValue) address, not a \(expected.rawValue) one"
        case .unsupportedWitnessVersion(let text, let version):
            return "\(text) is a witness version \(version) address; pktd pays only version 0"
        case .unsupportedForm(let text):
            return "\"\(text)\" is a public key or raw script, not an address payouts can use"
        case .tooLong(let length): return "an address of \(length) bytes is too long (at most \(PKTAddress.maxLength))"
        case .unsupportedScript(let script):
            let hex = Hex.encode(Array(script.prefix(64)))
            return "output script \(hex)\(script.count > 64 ? "…" : "") pays no P2WPKH, P2WSH, P2PKH or P2SH address"
        }
    }
}
