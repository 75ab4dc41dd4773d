import PKTChain
import PacketCrypt

/// How a devnet is set up. Everything but `dataDirectory` has a default
/// that lets a 2-core machine mine blocks within seconds to a minute.
public struct DevnetConfig: Sendable, Hashable {
    /// Where the chain is kept (created if missing).
    public var dataDirectory: String
    /// The fixed compact target every block's header carries.
    public var blockBits: UInt32 = 0x1e0f_ffff
    /// The announcement work target a cluster mining this devnet should use.
    public var announcementBits: UInt32 = 0x200f_ffff
    /// The network steward's output script; it receives subsidy * 51 / 256.
    public var stewardScript: [UInt8] = DevnetConfig.defaultStewardScript
    /// Who templates pay: output script and relative weight.
    public var payouts: [Payout] = [Payout(script: [0x51], weight: 1)]
    public var rpcUser = "devnet"
    public var rpcPassword = "devnet"
    /// The genesis block's timestamp.
    public var genesisTime: UInt32 = 1_735_689_600

    public init(dataDirectory: String) { self.dataDirectory = dataDirectory }

    /// Announcement rules: version 1 from height 0.
    public var announcementRules: AnnouncementRules { .devnet }

    /// A script nobody can spend from, used as the default steward.
    public static let defaultStewardScript: [UInt8] = [0x00, 0x20] + Hashes.sha256(Array("pktcluster devnet steward".utf8))

    /// An output script and its share of a block's payout.
    public struct Payout: Sendable, Hashable {
        public var script: [UInt8]
        public var weight: Double
        public init(script: [UInt8], weight: Double) {
            self.script = script
            self.weight = weight
        }
    }
}

/// Chain rules the devnet shares with pktd.
enum DevnetRules {
    /// Blocks in the median-time window.
    static let medianTimeBlocks = 111
    /// How far past the devnet's clock a block's time may be, in seconds.
    static let maxFutureSeconds: UInt32 = 720
    /// The coinbase script's allowed length.
    static let coinbaseScriptLength = 2...100
}
