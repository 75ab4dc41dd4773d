/// Why a frame could not be decoded, or why a message value could not be
/// built. Receivers count these (by `kind`) and drop the frame.
public enum ProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The frame does not start with `PKCL`.
    case badMagic
    /// The header's protocol version is not the one this build speaks.
    case unsupportedVersion(UInt8)
    /// The header's message type is not one this build knows.
    case unknownType(UInt8)
    /// The header's flags field is not zero.
    case nonZeroFlags
    /// The frame ends inside `field`.
    case truncated(field: String)
    /// `field` (a length in bytes or a count of entries) exceeds its limit.
    case tooLarge(field: String, size: Int, limit: Int)
    /// The string `field` is not valid UTF-8.
    case invalidUTF8(field: String)
    /// `field` is well formed but its value is not allowed.
    case invalidValue(field: String, reason: String)
    /// This many bytes follow a complete message body.
    case trailingBytes(Int)
    /// The frame, header included, is this many bytes: more than `ProtocolLimits.maxFrameSize`.
    case frameTooLarge(Int)

    /// The case's name, a stable label for counters.
    public var kind: String {
        switch self {
        case .badMagic: "badMagic"
        case .unsupportedVersion: "unsupportedVersion"
        case .unknownType: "unknownType"
        case .nonZeroFlags: "nonZeroFlags"
        case .truncated: "truncated"
        case .tooLarge: "tooLarge"
        case .invalidUTF8: "invalidUTF8"
        case .invalidValue: "invalidValue"
        case .trailingBytes: "trailingBytes"
        case .frameTooLarge: "frameTooLarge"
        }
    }

    public var description: String {
        switch self {
        case .badMagic:
            "bad magic: not a cluster protocol frame"
        case .unsupportedVersion(let version):
            "unsupported protocol version \(version) (this build speaks \(ClusterMessage.protocolVersion))"
        case .unknownType(let type):
            "unknown message type \(type)"
        case .nonZeroFlags:
            "non-zero header flags"
        case .truncated(let field):
            "truncated frame: it ends inside \(field)"
        case .tooLarge(let field, let size, let limit):
            "\(field) too large: \(size) (limit \(limit))"
        case .invalidUTF8(let field):
            "\(field) is not valid UTF-8"
        case .invalidValue(let field, let reason):
            "invalid \(field): \(reason)"
        case .trailingBytes(let count):
            "\(count) trailing byte\(count == 1 ? "" : "s") after the message body"
        case .frameTooLarge(let size):
            "frame of \(size) bytes exceeds the \(ProtocolLimits.maxFrameSize)-byte limit"
        }
    }
}
