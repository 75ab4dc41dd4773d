/// A PKT network whose addresses the cluster accepts, with the address
/// forms pktd's parameters give it (chaincfg/params.go).
public enum PKTNetwork: String, Sendable, Hashable, CaseIterable {
    /// PKT mainnet: bech32 `pkt1…`, base58 P2PKH version 0x75, P2SH 0x38.
    case pkt
    /// pktd `--pkttest`: bech32 `tpk1…`, base58 P2PKH 0x6f, P2SH 0xc4.
    case pkttest
    /// The embedded devnet: the same address forms as `pkt`.
    case devnet

    public var bech32Prefix: String { self == .pkttest ? "tpk" : "pkt" }

    var pubKeyHashVersion: UInt8 { self == .pkttest ? 0x6f : 0x75 }
    var scriptHashVersion: UInt8 { self == .pkttest ? 0xc4 : 0x38 }

    /// Whether an address of `other` reads the same on this network.
    func sharesAddresses(with other: PKTNetwork) -> Bool { bech32Prefix == other.bech32Prefix }

    /// The network whose address forms include a bech32 prefix (nil: not a PKT one).
    static func network(bech32Prefix: String) -> PKTNetwork? {
        [.pkt, .pkttest].first { $0.bech32Prefix == bech32Prefix }
    }

    /// The network whose base58 version bytes include `version` (nil: not a PKT one).
    static func network(base58Version version: UInt8) -> PKTNetwork? {
        [.pkt, .pkttest].first { $0.pubKeyHashVersion == version || $0.scriptHashVersion == version }
    }
}
