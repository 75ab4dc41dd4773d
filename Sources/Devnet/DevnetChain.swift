import Foundation
import Logging
import PKTChain
import PKTWire
import PacketCrypt

/// The devnet's chain: one line of blocks from its genesis, kept on disk,
/// extended only by blocks that pass pktd's checks. Templates, long polls
/// and share checks are answered from here.
public actor DevnetChain {
    public private(set) var config: DevnetConfig
    private let store: DevnetStore
    private let rules: DevnetBlockRules
    private let logger: Logger
    private var hashes: [BlockHash] = []
    private var headers: [BlockHeader] = []
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    /// Opens the chain in `config.dataDirectory`, creating it with its genesis block if new.
    public init(config: DevnetConfig, logger: Logger = Logger(label: "pktcluster.devnet")) throws {
        self.config = config
        self.logger = logger
        store = try DevnetStore(directory: config.dataDirectory)
        rules = DevnetBlockRules(config: config, validator: try BlockValidator(rules: config.announcementRules))
        var stored = try store.blocks().map { try Block(bytes: $0) }
        if stored.isEmpty {
            let genesis = try DevnetGenesis.block(config: config)
            try store.append(height: 0, hash: genesis.blockHash.bytes, data: genesis.bytes)
            stored = [genesis]
        }
        guard stored[0].header.bits == config.blockBits else {
            throw DevnetError.otherChain(directory: config.dataDirectory)
        }
        hashes = stored.map(\.blockHash)
        headers = stored.map(\.header)
    }

    /// The hash of the first block of every devnet set up as `config` says.
    public static func genesisHash(config: DevnetConfig) throws -> BlockHash {
        try DevnetGenesis.block(config: config).blockHash
    }

    public var height: UInt32 { UInt32(hashes.count - 1) }
    public var tip: BlockHash { hashes[hashes.count - 1] }

    public func hash(height: UInt32) -> BlockHash? { Int(height) < hashes.count ? hashes[Int(height)] : nil }

    public func header(_ hash: BlockHash) -> (header: BlockHeader, height: UInt32)? {
        hashes.firstIndex(of: hash).map { (headers[$0], UInt32($0)) }
    }

    /// The serialized block `hash` names and its height; nil when it is not in the chain.
    public func block(_ hash: BlockHash) throws -> (bytes: [UInt8], height: UInt32)? {
        guard let index = hashes.firstIndex(of: hash), let bytes = try store.block(height: UInt32(index)) else { return nil }
        return (bytes, UInt32(index))
    }

    /// The template for the next block, in getrawblocktemplate's shape.
    public func template(now: UInt32 = DevnetChain.now()) throws -> RawBlockTemplateResult {
        let next = height + 1
        let coinbase = DevnetCoinbase.make(height: next, config: config)
        let time = max(now, view.medianTimePast + 1)
        let header = try BlockHeader(version: 0x2000_0000, previousBlock: tip, merkleRoot: coinbase.txid.bytes,
                                     time: time, bits: config.blockBits, nonce: 0)
        return RawBlockTemplateResult(height: Int32(next), header: Hex.encode(header.bytes),
                                      coinbaseNoWitness: Hex.encode(coinbase.bytes), merkleBranch: [],
                                      transactions: [Hex.encode(coinbase.bytes)])
    }

    /// Validates `block` fully and makes it the tip; nil when accepted, else
    /// pktd's reason ("ErrBadMerkleRoot: ...").
    public func submit(_ block: Block, now: UInt32 = DevnetChain.now()) -> String? {
        do throws(BlockRejection) {
            try rules.check(block, chain: view, now: now)
        } catch {
            logger.info("refused block \(block.blockHash): \(error.text)")
            return error.text
        }
        do {
            try store.append(height: height + 1, hash: block.blockHash.bytes, data: block.bytes)
        } catch {
            return "ErrInternal: the devnet could not store the block: \(error)"
        }
        hashes.append(block.blockHash)
        headers.append(block.header)
        logger.info("block \(height) \(tip)")
        for waiter in waiters.values { waiter.resume() }
        waiters.removeAll()
        return nil
    }

    /// A share or block checked as `checkpcshare` checks it: "OK" when it
    /// meets the share target, "RESUBMIT_AS_BLOCK" when it meets the block's.
    public func checkShare(_ request: CheckShareRequest) throws -> String {
        let shell: Block
        let coinbase: Transaction
        do {
            shell = try Block(bytes: Hex.decode(request.hexblock))
            coinbase = try Transaction(bytes: Hex.decode(request.coinbase))
        } catch {
            throw RPCErrorObject(code: RPCErrorObject.deserialization, message: "Share decode failed: \(error)")
        }
        let branch = try request.merklebranch.map { try Hex.decode($0) }
        let root = MerkleTree.root(fromCoinbaseTxid: coinbase.txid.bytes, branch: branch)
        guard root == shell.header.merkleRoot else {
            throw RPCErrorObject(code: RPCErrorObject.shareRejected,
                                 message: "Share validation failed: merkle root mismatch, expected [\(Hex.encode(shell.header.merkleRoot))] but got [\(Hex.encode(root))]")
        }
        var parents: [BlockHash] = []
        for (index, ann) in shell.proof.announcements.enumerated() {
            guard let parent = hash(height: ann.parentHeight) else {
                throw RPCErrorObject(code: RPCErrorObject.shareRejected,
                                     message: "Share validation failed: could not get parent hash at height [\(ann.parentHeight)] for announcement [\(index)]")
            }
            parents.append(parent)
        }
        let block = Block(header: shell.header, proof: shell.proof, transactions: [coinbase])
        let check = try rules.validator.check(block, height: UInt32(max(0, request.height)), parentHashes: parents,
                                              shareBits: request.sharetarget)
        switch check.verdict {
        case .ok: return "RESUBMIT_AS_BLOCK"
        case .shareOk: return "OK"
        default: throw RPCErrorObject(code: RPCErrorObject.internalError, message: DevnetBlockRules.pktdReason(check))
        }
    }

    /// getblocktemplate's long poll: answers when the tip is no longer the
    /// one `longPollID` names (at once if it already is not).
    public func longPoll(_ longPollID: String?) async -> LongPollResult {
        if let longPollID, longPollID.hasPrefix(tip.displayHex) {
            let id = UUID()
            await withTaskCancellationHandler {
                await withCheckedContinuation { waiters[id] = $0 }
            } onCancel: {
                Task { await self.cancelWait(id) }
            }
        }
        return LongPollResult(longpollid: "\(tip.displayHex)-\(height)", previousblockhash: tip.displayHex,
                              height: Int64(height) + 1)
    }

    private func cancelWait(_ id: UUID) { waiters.removeValue(forKey: id)?.resume() }

    /// Replaces who templates pay.
    public func configurePayouts(_ payouts: [DevnetConfig.Payout]) {
        config.payouts = payouts
    }

    private var view: ChainView { ChainView(hashes: hashes, times: headers.map(\.time)) }

    public static func now() -> UInt32 { UInt32(Date().timeIntervalSince1970) }
}

/// Errors opening a devnet.
public enum DevnetError: Error, Equatable, CustomStringConvertible {
    case otherChain(directory: String)
    case invalidListenAddress(String)
    /// The RPC address could not be bound (in use, or not this host's).
    case cannotListen(String, String)

    public var description: String {
        switch self {
        case .otherChain(let directory):
            return "\(directory) holds a devnet with another block target; use another --data directory"
        case .invalidListenAddress(let text): return "not a host:port to listen on: \(text)"
        case .cannotListen(let address, let reason): return "cannot serve the devnet's RPC on \(address): \(reason)"
        }
    }
}
