/// `getrawblocktemplate`'s result, as pktd writes it.
public struct RawBlockTemplateResult: Sendable, Codable, Hashable {
    public var height: Int32
    /// The 80-byte header, raw hex (merkle root already covers the placeholder commitment).
    public var header: String
    /// The coinbase without witness, with pktd's placeholder commitment as its last output.
    public var coinbaseNoWitness: String
    /// Sibling hashes for the coinbase, leaf level first, raw hex.
    public var merkleBranch: [String]
    /// Every transaction in block order, the coinbase first, with witnesses.
    public var transactions: [String]

    public init(height: Int32, header: String, coinbaseNoWitness: String, merkleBranch: [String], transactions: [String]) {
        self.height = height
        self.header = header
        self.coinbaseNoWitness = coinbaseNoWitness
        self.merkleBranch = merkleBranch
        self.transactions = transactions
    }

    enum CodingKeys: String, CodingKey {
        case height, header, transactions
        case coinbaseNoWitness = "coinbase_no_witness"
        case merkleBranch = "merklebranch"
    }
}

/// `getblockheader`'s verbose result.
public struct BlockHeaderInfo: Sendable, Codable, Hashable {
    public var hash: String
    public var confirmations: Int64
    public var height: Int32
    public var version: Int32
    public var versionHex: String
    public var merkleroot: String
    public var time: Int64
    public var nonce: UInt64
    public var bits: String
    public var difficulty: Double
    public var previousblockhash: String?
    public var nextblockhash: String?

    public init(hash: String, confirmations: Int64, height: Int32, version: Int32, merkleroot: String, time: Int64,
                nonce: UInt64, bits: String, difficulty: Double, previousblockhash: String?, nextblockhash: String?) {
        self.hash = hash
        self.confirmations = confirmations
        self.height = height
        self.version = version
        versionHex = String(UInt32(bitPattern: version), radix: 16).leftPadded(to: 8)
        self.merkleroot = merkleroot
        self.time = time
        self.nonce = nonce
        self.bits = bits
        self.difficulty = difficulty
        self.previousblockhash = previousblockhash
        self.nextblockhash = nextblockhash
    }
}

/// `getnetworksteward`'s result.
public struct NetworkStewardInfo: Sendable, Codable, Hashable {
    /// The steward's output script, hex.
    public var script: String
    public var votesagainst: Int64
    public var totalpossible: Int64

    public init(script: String, votesagainst: Int64, totalpossible: Int64) {
        self.script = script
        self.votesagainst = votesagainst
        self.totalpossible = totalpossible
    }
}

/// `checkpcshare`'s one parameter.
public struct CheckShareRequest: Sendable, Codable, Hashable {
    public var sharetarget: UInt32
    public var height: Int32
    /// Header, PcP and a zero transaction count, hex.
    public var hexblock: String
    /// The coinbase with the commitment, hex.
    public var coinbase: String
    public var merklebranch: [String]

    public init(sharetarget: UInt32, height: Int32, hexblock: String, coinbase: String, merklebranch: [String]) {
        self.sharetarget = sharetarget
        self.height = height
        self.hexblock = hexblock
        self.coinbase = coinbase
        self.merklebranch = merklebranch
    }
}

/// The part of `getblocktemplate`'s result a long poll needs.
public struct LongPollResult: Sendable, Codable, Hashable {
    public var longpollid: String
    public var previousblockhash: String
    public var height: Int64

    public init(longpollid: String, previousblockhash: String, height: Int64) {
        self.longpollid = longpollid
        self.previousblockhash = previousblockhash
        self.height = height
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
