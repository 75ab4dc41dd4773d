import Foundation

/// Where a node's RPC listens, with its credentials:
/// `http[s]://user:password@host:port`.
public struct ChainEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let url: String
    public let user: String
    public let password: String

    public init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            throw ChainError.invalidEndpoint(text)
        }
        var bare = URLComponents()
        bare.scheme = scheme
        bare.host = host
        bare.port = components.port
        bare.path = components.path.isEmpty ? "/" : components.path
        guard let url = bare.string else { throw ChainError.invalidEndpoint(text) }
        self.url = url
        user = components.user?.removingPercentEncoding ?? ""
        password = components.password?.removingPercentEncoding ?? ""
    }

    public init(host: String, port: Int, user: String, password: String, tls: Bool = false) {
        url = "\(tls ? "https" : "http")://\(host):\(port)/"
        self.user = user
        self.password = password
    }

    /// The value of the `Authorization` header pktd expects.
    var authorization: String { "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }

    /// The address without credentials, for messages.
    public var description: String { url }
}
