/// What the devnet's RPC reads of a request before it answers: bodies up
/// to `maxBodyBytes`, JSON nested up to `maxDepth`.
enum DevnetRequestLimits {
    /// pktwallet's RPC limit, 4 MiB (pktd's own RPC reads bodies of any
    /// size). A devnet block, coinbase and proof, is far smaller.
    static let maxBodyBytes = 4 << 20
    /// pktd's calls nest at most four levels (request, params, object, list).
    static let maxDepth = 32

    /// Whether `json` opens arrays and objects more than `maxDepth` deep,
    /// brackets inside strings aside. Linear in the bytes, without parsing.
    static func nestsTooDeep(_ json: some Sequence<UInt8>) -> Bool {
        var depth = 0
        var inString = false, escaped = false
        for byte in json {
            if inString {
                if escaped { escaped = false }
                else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maxDepth { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
    }
}
