import CPacketCrypt
import Synchronization

/// The parts of a PacketCrypt proof (PcP version 2) the kernel checks.
public struct ProofToCheck: Sendable {
    /// The 80-byte block header.
    public var header: [UInt8]
    public var lowNonce: UInt32
    /// The 4 announcements in the order they were mined.
    public var announcements: [Announcement]
    public var announcementProof: [UInt8]
    /// A 64-byte signature for each signed announcement, else nil.
    public var signatures: [[UInt8]?]

    public init(header: [UInt8], lowNonce: UInt32, announcements: [Announcement], announcementProof: [UInt8],
                signatures: [[UInt8]?] = [nil, nil, nil, nil]) {
        self.header = header
        self.lowNonce = lowNonce
        self.announcements = announcements
        self.announcementProof = announcementProof
        self.signatures = signatures
    }
}

/// Checks block proofs with the kernel, in pktd's order. Safe to share
/// between threads: each call borrows one of a pool of kernel contexts.
public final class BlockValidator: Sendable {
    public let rules: AnnouncementRules
    private let idle = Mutex<[KernelHandle]>([])

    public init(rules: AnnouncementRules = .pkt) throws {
        try Kernel.ensureReady()
        self.rules = rules
    }

    /// Checks `proof` against the block's coinbase commitment at `height`.
    /// `parentHashes` holds one hash for all 4 announcements or one each.
    /// With `shareBits`, work that meets only the share target is `shareOk`.
    public func check(_ proof: ProofToCheck, commitment: CoinbaseCommitment, height: UInt32,
                      parentHashes: [BlockHash], shareBits: UInt32 = 0) throws -> BlockCheck {
        guard proof.header.count == Int(PC_BLOCK_HEADER_SIZE) else {
            throw PacketCryptError.invalidLength(what: "a block header", expected: Int(PC_BLOCK_HEADER_SIZE), actual: proof.header.count)
        }
        guard proof.announcements.count == 4, proof.signatures.count == 4 else {
            throw PacketCryptError.invalidArgument("a proof carries exactly 4 announcements and 4 signature slots")
        }
        guard parentHashes.count == 1 || parentHashes.count == 4 else {
            throw PacketCryptError.invalidArgument("give one parent hash for all 4 announcements, or one each")
        }
        for case let signature? in proof.signatures where signature.count != 64 {
            throw PacketCryptError.invalidLength(what: "an announcement signature", expected: 64, actual: signature.count)
        }
        let parents = (0..<4).flatMap { parentHashes[parentHashes.count == 1 ? 0 : $0].bytes }
        let anns = proof.announcements.flatMap(\.bytes)
        let signatures = proof.signatures.flatMap { $0 ?? [] }
        let context = try idle.withLock { $0.popLast() }
            ?? KernelHandle(pc_ann_validator_new, free: pc_ann_validator_free)
        defer { idle.withLock { $0.append(context) } }

        var out = pc_block_verdict()
        anns.withUnsafeBufferPointer { anns in
            signatures.withUnsafeBufferPointer { signatureBytes in
                proof.header.withUnsafeBufferPointer { header in
                    proof.announcementProof.withUnsafeBufferPointer { body in
                        var pcp = pc_pcp()
                        pcp.header = header.baseAddress
                        pcp.low_nonce = proof.lowNonce
                        let annAt = { (j: Int) in anns.baseAddress! + j * Announcement.size }
                        pcp.anns = (annAt(0), annAt(1), annAt(2), annAt(3))
                        var next = 0
                        let signatureAt = { (j: Int) -> UnsafePointer<UInt8>? in
                            guard proof.signatures[j] != nil else { return nil }
                            defer { next += 64 }
                            return signatureBytes.baseAddress! + next
                        }
                        pcp.signatures = (signatureAt(0), signatureAt(1), signatureAt(2), signatureAt(3))
                        pcp.proof = body.baseAddress
                        pcp.proof_len = body.count
                        _ = pc_block_check(context.pointer, &pcp, commitment.bytes, height, shareBits, parents,
                                           rules.minV1ParentHeight, &out)
                    }
                }
            }
        }
        return Self.check(from: out)
    }

    private static func check(from out: pc_block_verdict) -> BlockCheck {
        let verdict = BlockVerdict(rawValue: Int32(out.result.rawValue)) ?? .proofInvalid
        let index = out.ann_index >= 0 ? Int(out.ann_index) : nil
        let annVerdict = verdict == .announcementInvalid ? AnnouncementVerdict(rawValue: Int32(out.ann_result.rawValue)) : nil
        var detail: String?
        switch verdict {
        case .proofInvalid: detail = String(cString: pc_proof_result_name(out.reason))
        case .announcementSignatureInvalid: detail = "missing or invalid announcement signature"
        default: detail = nil
        }
        let work = withUnsafeBytes(of: out.work_hash) { Array($0) }
        return BlockCheck(verdict: verdict, announcementIndex: index, announcementVerdict: annVerdict,
                          detail: detail, effectiveTarget: out.effective_target, workHash: work)
    }
}
