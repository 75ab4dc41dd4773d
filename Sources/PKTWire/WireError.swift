/// Why bytes could not be read as, or a value could not be built into, a PKT
/// wire structure.
public enum WireError: Error, Equatable, CustomStringConvertible {
    case truncated(what: String)
    case nonCanonicalVarInt(UInt64)
    case tooManyItems(what: String, count: UInt64, limit: UInt64)
    case oversizeItem(what: String, length: UInt64, limit: UInt64)
    case invalidLength(what: String, expected: Int, actual: Int)
    case invalidWitnessFlag(UInt8)
    case trailingBytes(count: Int)
    case missingProof
    case runtProof(length: UInt64)
    case oversizeProof(length: UInt64)
    case signaturesBeforeProof
    case contentProofsBeforeProof
    case notEnoughSignatureBytes
    case danglingSignatureBytes(count: UInt64)
    case danglingVersionBytes
    case versionOutOfRange(String)
    case announcementCount(Int)
    case signatureSlots(String)
    case nonZeroPadding

    public var description: String {
        switch self {
        case .truncated(let what):
            return "input ends in the middle of \(what)"
        case .nonCanonicalVarInt(let value):
            return "variable-length integer \(value) is not in its shortest encoding"
        case .tooManyItems(let what, let count, let limit):
            return "\(count) \(what) cannot fit in the input (at most \(limit))"
        case .oversizeItem(let what, let length, let limit):
            return "\(what) of \(length) bytes is longer than the \(limit) allowed"
        case .invalidLength(let what, let expected, let actual):
            return "\(what) must be \(expected) bytes, got \(actual)"
        case .invalidWitnessFlag(let flag):
            return "witness transaction has flag byte \(flag), expected 1"
        case .trailingBytes(let count):
            return "\(count) bytes left over after the end"
        case .missingProof:
            return "Missing PacketCrypt proof"
        case .runtProof(let length):
            return "PacketCrypt proof of \(length) bytes is too short (must be over 4100)"
        case .oversizeProof(let length):
            return "PacketCrypt proof of \(length) bytes is too long (at most 131072)"
        case .signaturesBeforeProof:
            return "announcement signatures came before the PacketCrypt proof"
        case .contentProofsBeforeProof:
            return "content proofs came before the PacketCrypt proof"
        case .notEnoughSignatureBytes:
            return "signature entity is too short for the signed announcements"
        case .danglingSignatureBytes(let count):
            return "\(count) bytes left over after the announcement signatures"
        case .danglingVersionBytes:
            return "version entity length does not match its value's encoding"
        case .versionOutOfRange(let version):
            return "PacketCrypt proof version \(version) is out of range"
        case .announcementCount(let count):
            return "a PacketCrypt proof holds 4 announcements, got \(count)"
        case .signatureSlots(let reason):
            return "invalid announcement signatures: \(reason)"
        case .nonZeroPadding:
            return "header-and-proof padding after the header is not zero"
        }
    }
}
