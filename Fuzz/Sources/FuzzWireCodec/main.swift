import PKTWire
import PacketCrypt

let validator = try! BlockValidator(rules: .pkt)
/// SHA-256("pcref parent 1"): the parent of the known-answer block's
/// announcements, which the block seed carries.
let referenceParent = try! BlockHash(bytes: Hashes.sha256(Array("pcref parent 1".utf8)))

/// Requires that what decodes re-encodes to a value equal to it.
func roundTrips<T: WireCodable & Equatable>(_ value: T) {
    precondition((try? T(bytes: value.bytes)) == value, "\(T.self) changes on a round trip")
}

/// A transaction without inputs has no encoding without the witness marker
/// (its zero input count reads as the marker), as in pktd; decoding one
/// from the marked form is allowed, so it is left out of round trips.
func representable(_ transaction: Transaction) -> Bool { !transaction.inputs.isEmpty }

/// Decodes the input as a transaction, a block header and a whole block
/// (header, PcP, transactions), as blocks arrive from a chain node or a
/// devnet `submitblock`. A block that decodes has its hashes computed and
/// its proof of work checked as pktd would.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWireCodec(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    if let transaction = try? Transaction(bytes: input) {
        if representable(transaction) { roundTrips(transaction) }
        _ = (transaction.txid, transaction.wtxid, transaction.coinbaseHeight, transaction.coinbaseCommitment)
    }
    if let header = try? BlockHeader(bytes: input) {
        roundTrips(header)
        _ = header.blockHash
    }
    guard let block = try? Block(bytes: input) else { return 0 }
    if block.transactions.allSatisfy(representable) { roundTrips(block) }
    _ = (block.blockHash, block.computedMerkleRoot, block.coinbase?.coinbaseHeight)
    let height = block.coinbase?.coinbaseHeight.map { UInt32(truncatingIfNeeded: $0) } ?? 1
    _ = try? validator.check(block, height: height, parentHashes: [referenceParent])
    return 0
}
