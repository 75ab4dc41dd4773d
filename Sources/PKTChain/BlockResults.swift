/// `validateaddress`'s result as pktd writes it: `isvalid`, and the
/// address re-encoded when valid (pktd returns no other fields).
public struct ValidateAddressResult: Sendable, Codable, Hashable {
    public var isvalid: Bool
    public var address: String?

    public init(isvalid: Bool, address: String?) {
        self.isvalid = isvalid
        self.address = address
    }
}

/// `getblock HASH 1`'s result: the fields pktd fills for a block without
/// transaction details (btcjson.GetBlockVerboseResult).
public struct BlockVerboseResult: Sendable, Codable, Hashable {
    public var hash: String
    public var confirmations: Int64
    public var strippedsize: Int32
    public var size: Int32
    public var weight: Int32
    public var height: Int64
    public var version: Int32
    public var versionHex: String
    public var merkleroot: String
    /// Transaction ids, coinbase first.
    public var tx: [String]
    public var time: Int64
    public var nonce: UInt32
    public var bits: String
    public var difficulty: Double
    /// All zeros for the genesis block, as pktd writes it.
    public var previousblockhash: String
    public var nextblockhash: String?
    public var packetcryptversion: Int?
    public var packetcryptanncount: UInt64?
    public var packetcryptannbits: String?
    public var packetcryptanndifficulty: Double?
    public var packetcryptblkdifficulty: Double?
    public var packetcryptblkbits: String?
    /// The block's subsidy in atomic units, as a decimal string.
    public var sblockreward: String
    /// The steward output's address, "unknown" when no output pays the steward's amount.
    public var networksteward: String?
    public var blocksuntilretarget: Int32

    public init(hash: String, confirmations: Int64, strippedsize: Int32, size: Int32, weight: Int32, height: Int64,
                version: Int32, merkleroot: String, tx: [String], time: Int64, nonce: UInt32, bits: String,
                difficulty: Double, previousblockhash: String, nextblockhash: String?, packetcryptversion: Int?,
                packetcryptanncount: UInt64?, packetcryptannbits: String?, packetcryptanndifficulty: Double?,
                packetcryptblkdifficulty: Double?, packetcryptblkbits: String?, sblockreward: String,
                networksteward: String?, blocksuntilretarget: Int32) {
        self.hash = hash
        self.confirmations = confirmations
        self.strippedsize = strippedsize
        self.size = size
        self.weight = weight
        self.height = height
        self.version = version
        versionHex = String(UInt32(bitPattern: version), radix: 16).leftPadded(to: 8)
        self.merkleroot = merkleroot
        self.tx = tx
        self.time = time
        self.nonce = nonce
        self.bits = bits
        self.difficulty = difficulty
        self.previousblockhash = previousblockhash
        self.nextblockhash = nextblockhash
        self.packetcryptversion = packetcryptversion
        self.packetcryptanncount = packetcryptanncount
        self.packetcryptannbits = packetcryptannbits
        self.packetcryptanndifficulty = packetcryptanndifficulty
        self.packetcryptblkdifficulty = packetcryptblkdifficulty
        self.packetcryptblkbits = packetcryptblkbits
        self.sblockreward = sblockreward
        self.networksteward = networksteward
        self.blocksuntilretarget = blocksuntilretarget
    }
}
