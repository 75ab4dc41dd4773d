/// Errors talking to a chain node.
public enum ChainError: Error, Equatable, CustomStringConvertible {
    /// No connection could be made (after retries).
    case unreachable(endpoint: String, reason: String)
    /// The node answered with an HTTP status other than 200.
    case http(status: Int, endpoint: String)
    /// The node answered with a JSON-RPC error.
    case rpc(method: String, code: Int, message: String)
    /// The answer could not be read as what the method returns.
    case malformed(method: String, reason: String)
    case invalidEndpoint(String)

    /// The node refused the RPC user or password.
    public var refusesCredentials: Bool {
        if case .http(401, _) = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .unreachable(let endpoint, let reason): return "cannot reach the node at \(endpoint): \(reason)"
        case .http(let status, let endpoint):
            return status == 401 ? "the node at \(endpoint) refused the RPC user or password (HTTP 401)"
                : "the node at \(endpoint) answered HTTP \(status)"
        case .rpc(let method, let code, let message): return "\(method) failed: \(message) (code \(code))"
        case .malformed(let method, let reason): return "\(method) returned something unreadable: \(reason)"
        case .invalidEndpoint(let text): return "not a node address (want http[s]://user:pass@host:port): \(text)"
        }
    }
}
