import Foundation
import PacketCrypt
import Testing

/// Announcements mined and judged by the reference kernel.
@Suite(.enabled(if: Vectors.available, "needs ../shared/vectors beside the repository"))
struct AnnouncementVectorTests {
    let validator: AnnouncementValidator
    init() throws { validator = try AnnouncementValidator() }

    @Test func validAnnouncementsHaveTheListedWorkHashes() throws {
        let expected = try #require(Vectors.json("expected.json")["anns"] as? [String: Any])
        let parent = try BlockHash(rawHex: try #require(expected["parent_hash"] as? String))
        let listed = try #require(expected["anns"] as? [[String: Any]])
        let anns = try Vectors.announcements("anns_v1_b.bin")
        #expect(anns.count == 32 && listed.count == 32)
        for (ann, entry) in zip(anns, listed) {
            let check = try validator.check(ann, parentHash: parent)
            #expect(check.verdict == .ok)
            #expect(Hex.encode(check.workHash) == entry["hashout"] as? String)
            #expect(ann.softNonce == entry["soft_nonce"] as? UInt32)
            #expect(ann.hardNonce == entry["hard_nonce"] as? UInt32)
            #expect(ann.parentHeight == 1_234_567)
        }
    }

    @Test func fiftyJobsOfPrograms() throws {
        let entries = try #require(Vectors.json("anns_jobs.json")["anns"] as? [[String: Any]])
        let anns = try Vectors.announcements("anns_jobs.bin")
        #expect(anns.count == 100 && entries.count == 100)
        for (ann, entry) in zip(anns, entries) {
            let parent = try BlockHash(displayHex: try #require(entry["parent_hash_display"] as? String))
            #expect(parent.rawHex == entry["parent_hash"] as? String)
            let check = try validator.check(ann, parentHash: parent)
            #expect(check.verdict == .ok, "announcement \(entry["index"] ?? "?")")
            #expect(Hex.encode(check.workHash) == entry["hashout"] as? String)
        }
    }

    /// The reference C validator's verdicts, except where pktd names the
    /// failure differently: a version byte of 0 is ANN_VERSION_MISMATCH in a
    /// PcP v2 block, and a bad Merkle branch is INVAL_MERKLE.
    @Test func corruptedAnnouncementsAreRejectedWithPktdReasons() throws {
        let expected = try #require(Vectors.json("expected.json")["corrupted_anns"] as? [String: Any])
        let parent = try BlockHash(rawHex: try #require(expected["parent_hash"] as? String))
        let listed = try #require(expected["anns"] as? [[String: Any]])
        let anns = try Vectors.announcements("anns_bad_b.bin")
        #expect(anns.count == listed.count)
        for (ann, entry) in zip(anns, listed) {
            let reference = try #require(entry["verdict"] as? String)
            let pktd: AnnouncementVerdict
            switch reference {
            case _ where ann.version == 0: pktd = .versionMismatch
            case "Validate_checkAnn_INVAL": pktd = .invalidMerkle
            case "Validate_checkAnn_INVAL_ITEM4": pktd = .invalidItem4
            case "Validate_checkAnn_SOFT_NONCE_HIGH": pktd = .softNonceHigh
            default: Issue.record("unexpected reference verdict \(reference)"); continue
            }
            #expect(try validator.check(ann, parentHash: parent).verdict == pktd, "\(entry["what"] ?? "")")
        }
    }

    @Test func wrongParentHashIsRejected() throws {
        let ann = try #require(Vectors.announcements("anns_v1_b.bin").first)
        let wrong = try BlockHash(bytes: [UInt8](repeating: 7, count: 32))
        #expect(try validator.check(ann, parentHash: wrong).verdict == .invalidItem4)
    }
}

/// The real announcement from packetcrypt_rs's tests (digest section 4.8).
struct RealAnnouncementTests {
    static let hex = """
        01cd06000baf7821000002204398070000000000000000000000000000000000\
        0000000000000000000000000000000000000000000000008a48028ff7d392a5\
        dad2ecf812793d3d1f052053fe6947da093ab56ab2c7731fc7a0d07887b5e81c\
        099d7a8976e3927bb0161a6fdad11b3906d0022eb173e8f1fd979ddc2e7a8415\
        a5576a5427e9cae65a6a7f06450b4cf0b6cf7dc4a6096b4d64b1e9246aa4d5ac\
        662502abbdb245e9600584c12469178ca8dea73edb0fcfa18f0eb776a40fe761\
        041711b1c22454d225e51e27c267ead7b89a35e77c8c1806eb3cf5c846a86c3f\
        c79908119cd2cd23a23812c38cf30cc4aec2fa24565db6c99302534cc0475b09\
        c4544ba0cb1e68fc61cc7ff76da5b381becf4da233dbfe93f3b8736ca83d1474\
        1692a466a5d0a4d085f4324c9d7ba40d5052319086338d85eb98d2065297be9e\
        c4e9dedc4b92417deb1fdcb7103b2d4c65b779d30f02a6657887c623e2641ead\
        0a8a8cb60cadb56e23984a32ce5d5581c6f0bceee3b6d70d8678a99d96a68fb4\
        48e04c542823469c431c1fb8ca17f50d52560f0eb2f83964f7c5e64313e63c17\
        9cac2d3381e39f272aecbc5e9859d75fe9734544c9df32203ade078a17f9bf2e\
        2cb8f1c8b1ca631f502fac1985bcd92e3e58dfec535992182fce953df7c6fd6b\
        8f31d78c4b7ec53e55135bf7a264d2217d1984a444bb421d42680a6ea9721b23\
        d6dd937f6a0e1e102bfb50e6175425a80729643e49e1fa28882e5b790e14e1a9\
        368a28e052ea0d46e29adb311b8291499ee0da03acd654677454b0f3410d1900\
        da31fe77b9b382ec6a3d25ad959b502d89855c908e59d7000c7104f175bb1005\
        5d3ad4a9557473d63878f9d8494bda01a3688f1f1bfdf26d73acbe93cd8bc890\
        bbd9b81cf915ad8fd52e7b5ee3f35cabe6da2b74345d541da0b38a940321ac67\
        d95e0cd0749644227da765a6d6319195f831cdda571e188fe01ac60e6218359d\
        18cfed8aae4449011ee2d7bd0c637328fdfb589434d564a53b26009c8c0b4d8a\
        9bc99c3992378f7dd251d248217bbd0b1e5b9905cfdfabb0bec0bee677a5a65e\
        bb5cda542ae4076f6e0e4dba248639ce5861a7bca1748c4386941003d6375f0a\
        fa79b921982d4ce6857df031b66865db723bf6068424e414da2714c9c31a0a5f\
        8e2f16d673a5b11621158123414cf698ba85603c4be66b98c52df8ed0c58d7a0\
        3db7362c9589a258cb3217d7df2cd3ef8c12dd879af19cd55b2e392900969948\
        217c404b1dec0abad3dab0e5195825d0d3a5842ce5d181ce850a21b31041bd30\
        bc4cac295da680057d83bdd67bf7c0ecc405c406c5a903cf67e0fd7ae128cca6\
        1a7dc56366de128f1a662779699490f926acbf5e79aad7e3f6f1a1c8a4f1ff46\
        83c622154dac17ad9141c4b4b2a733934af0b24ff24f81ec9a16058f2fee88d4
        """

    @Test func validatesWithTheKnownWorkHash() throws {
        let ann = try Announcement(bytes: Hex.decode(Self.hex))
        let parent = try BlockHash(displayHex: "255094b788fe98be51bafb4d941d507d4d5a949c751d1f68dfad0715215e1e48")
        #expect(Hex.encode(ann.hash) == "2684bd8f044073677ffd921023dd1cdd28c0605e6ba889d05b0f63663f7d50d4")
        #expect(ann.softNonce == 0x6cd && ann.hardNonce == 0x2178af0b && ann.workBits == 0x2002_0000)
        #expect(ann.parentHeight == 497_731 && ann.isSigned)
        let check = try AnnouncementValidator().check(ann, parentHash: parent)
        #expect(check.verdict == .ok)
        #expect(Hex.encode(check.workHash) == "2fe289e6f8ae8dfc51f85bce0ce4dd490fad5ec6a95cd67d653375f6e750f701")
    }

    @Test func versionOneBelowActivationHeightIsNotAllowedOnPkt() throws {
        var bytes = try Hex.decode(Self.hex)
        bytes[12...15] = [0x10, 0, 0, 0]  // parent height 16
        let parent = try BlockHash(bytes: [UInt8](repeating: 0, count: 32))
        let check = try AnnouncementValidator(rules: .pkt).check(Announcement(bytes: bytes), parentHash: parent)
        #expect(check.verdict == .versionNotAllowed)
        let devnet = try AnnouncementValidator(rules: .devnet).check(Announcement(bytes: bytes), parentHash: parent)
        #expect(devnet.verdict == .invalidItem4)
    }
}
