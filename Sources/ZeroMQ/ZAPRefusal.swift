/// A ZAP request the authenticator refused.
public struct ZAPRefusal: Sendable, Hashable {
    /// `CURVE`, `PLAIN`, or another mechanism (never accepted).
    public let mechanism: String
    /// The socket's ``ZMQSocketOption/zapDomain`` (often empty).
    public let domain: String
    /// The client's network address, e.g. `127.0.0.1`.
    public let address: String
    /// The CURVE client's public key (Z85); `nil` for other mechanisms.
    public let clientKey: String?
}
