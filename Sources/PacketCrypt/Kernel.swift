import CPacketCrypt

/// Errors the PacketCrypt API throws.
public enum PacketCryptError: Error, Equatable, CustomStringConvertible {
    case kernelUnavailable
    case outOfMemory
    case invalidLength(what: String, expected: Int, actual: Int)
    case invalidHex(String)
    case invalidArgument(String)
    case noUsableAnnouncements(height: UInt32)

    public var description: String {
        switch self {
        case .kernelUnavailable: return "libsodium failed to initialise"
        case .outOfMemory: return "out of memory allocating a kernel context"
        case .invalidLength(let what, let expected, let actual):
            return "\(what) must be \(expected) bytes, got \(actual)"
        case .invalidHex(let text): return "not a hex string: \(text)"
        case .invalidArgument(let text): return text
        case .noUsableAnnouncements(let height):
            return "no announcement can go into a block at height \(height) (each needs a parent below it, old enough and not too old for its target)"
        }
    }
}

/// One-time initialisation of the C kernel (libsodium).
enum Kernel {
    private static let ready: Bool = pc_init() == 0

    static func ensureReady() throws {
        guard ready else { throw PacketCryptError.kernelUnavailable }
    }
}
