import PKTWire
import PacketCrypt

/// The known-answer block the seeds come from: its commitment (the
/// coinbase bytes in the vectors), height and announcement parent.
enum ReferenceBlock {
    static let commitment = try! CoinbaseCommitment(bytes: try! Hex.decode(
        "09f91102ffff001f" + "2cdbfb6961990bb5113931317f235f406fd64d8bfbb6e559a2481b14c93d5df8" + "4000000000000000"))
    static let height: UInt32 = 1_400_003
    static let parent = try! BlockHash(bytes: Hashes.sha256(Array("pcref parent 1".utf8)))
    static let shareBits: UInt32 = 0x2000_ffff
    static let validator = try! BlockValidator(rules: .pkt)
}

/// Decodes the input both as a header-and-proof (what shares and found
/// blocks travel as) and as a bare PcP. What decodes must re-encode to the
/// same value; a header-and-proof that decodes is then checked against the
/// reference commitment, as a share when the header's nonce is odd.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBlockProof(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    if let proof = try? PacketCryptProof(bytes: input) {
        precondition((try? PacketCryptProof(bytes: proof.bytes)) == proof, "a PcP changes on a round trip")
    }
    guard let hap = try? HeaderAndProof(bytes: input) else { return 0 }
    precondition((try? HeaderAndProof(bytes: hap.bytes)) == hap, "a header-and-proof changes on a round trip")
    let shareBits = hap.header.nonce & 1 == 0 ? 0 : ReferenceBlock.shareBits
    _ = try? ReferenceBlock.validator.check(
        hap, commitment: ReferenceBlock.commitment, height: ReferenceBlock.height,
        parentHashes: [ReferenceBlock.parent], shareBits: shareBits)
    return 0
}
