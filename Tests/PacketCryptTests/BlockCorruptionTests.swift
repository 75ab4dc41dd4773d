import PacketCrypt
import Testing

/// Every single-byte change to a mined block's header-and-proof is refused,
/// each with the reason pktd gives in its order of checks.
struct BlockCorruptionTests {
    static let height = AnnouncementPool.parentHeight + 3

    @Test func everyByteMatters() async throws {
        let set = try AnnouncementSet(announcements: try await AnnouncementPool.announcements(1_000), height: Self.height)
        let mined = try await AnnouncementPool.mine(set)
        let validator = try BlockValidator(rules: .devnet)
        let hap = mined.headerAndProof
        func check(_ bytes: [UInt8]) throws -> BlockCheck {
            try validator.check(BlockVectorTests.proof(bytes), commitment: set.commitment, height: Self.height,
                                parentHashes: [AnnouncementPool.parent])
        }
        #expect(try check(hap).verdict == .ok)

        var outcomes: [BlockVerdict: Int] = [:]
        for offset in Array(0..<80) + Array(84..<hap.count) {
            var changed = hap
            changed[offset] ^= 0x5a
            let result = try check(changed)
            outcomes[result.verdict, default: 0] += 1
            let workMet = Difficulty.isOk(hash: result.workHash, bits: result.effectiveTarget)
            if offset >= 88 && offset < 4184 && (56..<88).contains((offset - 88) % 1024) {
                // A signing key appears, and pktd checks signatures first.
                #expect(result.verdict == .announcementSignatureInvalid, "key byte \(offset): \(result.summary)")
            } else if offset >= 4184 {
                // The proof: the work is untouched, the tree no longer fits.
                #expect([.proofInvalid, .proofMismatch].contains(result.verdict), "proof byte \(offset): \(result.summary)")
            } else if !workMet {
                #expect(result.verdict == .insufficientWork, "byte \(offset): \(result.summary)")
            } else if offset >= 88 {
                // A changed announcement that still meets the target fails its own check.
                #expect([.announcementInvalid, .announcementInsufficientWork].contains(result.verdict),
                        "announcement byte \(offset): \(result.summary)")
            } else {
                // A changed header or nonce that still meets the target picks other leaves.
                #expect([.proofInvalid, .proofMismatch].contains(result.verdict), "byte \(offset): \(result.summary)")
            }
        }
        #expect(outcomes[.ok] == nil && outcomes[.shareOk] == nil)
        #expect((outcomes[.insufficientWork] ?? 0) > 1000)  // most changes miss the target; how many depends on the nonce
    }

    @Test func signedAnnouncementsNeedTheirSignature() async throws {
        let signer = try AnnouncementSigner(seed: [UInt8](repeating: 9, count: 32))
        let job = try AnnouncementJob(parentHash: AnnouncementPool.parent, parentHeight: AnnouncementPool.parentHeight,
                                      workBits: AnnouncementPool.workBits, signingKey: signer.publicKey)
        let signed = try #require(try await AnnouncementMiner.announcements(for: job, count: 1, threads: 1).first)
        #expect(signed.isSigned && Array(signed.signingKey) == signer.publicKey)
        // Sets leave signed announcements out: no signature travels with them.
        #expect(throws: PacketCryptError.noUsableAnnouncements(height: Self.height)) {
            try AnnouncementSet(announcements: [signed], height: Self.height)
        }

        let set = try AnnouncementSet(announcements: try await AnnouncementPool.announcements(4), height: Self.height)
        let mined = try await AnnouncementPool.mine(set)
        var proof = try BlockVectorTests.proof(mined.headerAndProof)
        proof.announcements[2] = signed
        let validator = try BlockValidator(rules: .devnet)
        func check() throws -> BlockCheck {
            try validator.check(proof, commitment: set.commitment, height: Self.height, parentHashes: [AnnouncementPool.parent])
        }
        let missing = try check()
        #expect(missing.verdict == .announcementSignatureInvalid && missing.announcementIndex == 2)
        var wrong = signer.sign(signed)
        wrong[0] ^= 1
        proof.signatures[2] = wrong
        #expect(try check().verdict == .announcementSignatureInvalid)
        proof.signatures[2] = signer.sign(signed)
        // With its signature the announcement passes that check; the swap then fails the work or the proof.
        #expect([.insufficientWork, .proofInvalid, .proofMismatch].contains(try check().verdict))
    }
}
