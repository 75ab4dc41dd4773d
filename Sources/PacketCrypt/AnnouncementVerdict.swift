import CPacketCrypt

/// The outcome of checking one announcement, named as pktd names it.
public enum AnnouncementVerdict: Int32, Sendable, CaseIterable {
    case ok = 0
    case invalid = 1
    case invalidItem4 = 2
    case insufficientWork = 3
    case softNonceHigh = 4
    case invalidMerkle = 5
    case badProgram = 6
    case badProgramExec = 7
    case badProgram0 = 8
    case badProgram0Exec = 9
    case versionNotAllowed = 10
    case versionMismatch = 11

    /// The short name, as in pktd's `Validate_checkAnn_<NAME>`.
    public var name: String { String(cString: pc_ann_result_name(rawValue)) }
}

/// Network rules an announcement is judged by.
public struct AnnouncementRules: Sendable, Hashable {
    /// Lowest parent height at which version-1 announcements are allowed.
    public var minV1ParentHeight: UInt32

    public init(minV1ParentHeight: UInt32) { self.minV1ParentHeight = minV1ParentHeight }

    /// PKT as pktd enforces it.
    public static let pkt = AnnouncementRules(minV1ParentHeight: UInt32(PC_ANN_V1_MIN_PARENT_HEIGHT_MAINNET))
    /// A devnet that uses version-1 announcements from height 0.
    public static let devnet = AnnouncementRules(minV1ParentHeight: 0)
}

/// A verdict with the work hash (zero when it was never computed).
public struct AnnouncementCheck: Sendable, Hashable {
    public let verdict: AnnouncementVerdict
    public let workHash: [UInt8]
}
