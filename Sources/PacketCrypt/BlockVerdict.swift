import CPacketCrypt

/// The outcome of checking a block's PacketCrypt proof, named as pktd
/// names it (`Validate_checkBlock_<NAME>`).
public enum BlockVerdict: Int32, Sendable, CaseIterable {
    case ok = 0
    case shareOk = 1
    case announcementInvalid = 2
    case announcementInsufficientWork = 3
    case announcementSignatureInvalid = 4
    case announcementContentInvalid = 5
    case proofInvalid = 6
    case proofMismatch = 7
    case insufficientWork = 8
    case badCoinbase = 9

    public var name: String { String(cString: pc_block_result_name(rawValue)) }

    /// True for the verdicts that accept the proof (as a block or as a share).
    public var isAccepted: Bool { self == .ok || self == .shareOk }
}

/// A verdict with what led to it.
public struct BlockCheck: Sendable, Hashable {
    public let verdict: BlockVerdict
    /// The announcement (0...3) an `announcement*` verdict is about.
    public let announcementIndex: Int?
    /// Why that announcement is invalid, for `announcementInvalid`.
    public let announcementVerdict: AnnouncementVerdict?
    /// More detail, e.g. the proof tree's reason for `proofInvalid`.
    public let detail: String?
    /// The block's effective target (0 when the commitment was unusable).
    public let effectiveTarget: UInt32
    /// The work hash (zero when it was never computed).
    public let workHash: [UInt8]

    public init(verdict: BlockVerdict, announcementIndex: Int? = nil, announcementVerdict: AnnouncementVerdict? = nil,
                detail: String? = nil, effectiveTarget: UInt32 = 0, workHash: [UInt8] = [UInt8](repeating: 0, count: 32)) {
        self.verdict = verdict
        self.announcementIndex = announcementIndex
        self.announcementVerdict = announcementVerdict
        self.detail = detail
        self.effectiveTarget = effectiveTarget
        self.workHash = workHash
    }

    /// One line: the verdict name, with the announcement and the reason when there is one.
    public var summary: String {
        var text = verdict.name
        if let index = announcementIndex { text += " (announcement \(index)" + (announcementVerdict.map { ": \($0.name)" } ?? "") + ")" }
        if let detail { text += ": \(detail)" }
        return text
    }
}
