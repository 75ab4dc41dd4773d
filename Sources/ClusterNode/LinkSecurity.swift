import ZeroMQ

/// CURVE settings of one node. With no key pair the node's links are plain
/// TCP, which a node allows only on loopback unless told `insecure`.
public struct LinkSecurity: Sendable, Hashable {
    /// This node's key pair (Z85).
    public var keys: CurveKeyPair?
    /// The coordinator's public key, for nodes that connect to it.
    public var coordinatorKey: String?
    /// Client keys a server (coordinator, aggregator) accepts.
    public var allowedKeys: Set<String>
    /// Allow plain TCP beyond loopback.
    public var insecure: Bool

    public init(keys: CurveKeyPair? = nil, coordinatorKey: String? = nil, allowedKeys: Set<String> = [], insecure: Bool = false) {
        self.keys = keys
        self.coordinatorKey = coordinatorKey
        self.allowedKeys = allowedKeys
        self.insecure = insecure
    }

    /// Reads `curve_secret_key`, `coordinator_key`, `allowed_keys` and `insecure`.
    public init(settings: Settings) throws {
        let secret = settings.string("curve_secret_key")
        keys = try secret.map { try CurveKeyPair(secretKey: $0) }
        coordinatorKey = settings.string("coordinator_key")
        if let key = coordinatorKey { _ = try Z85.decodeKey(key) }
        allowedKeys = Set(settings.list("allowed_keys"))
        for key in allowedKeys { _ = try Z85.decodeKey(key) }
        insecure = try settings.bool("insecure", default: false)
    }

    public static let settingKeys: Set<String> = ["curve_secret_key", "coordinator_key", "allowed_keys", "insecure"]

    public var encrypted: Bool { keys != nil }

    /// Refuses plain TCP on a non-loopback host unless `insecure`.
    public func checkPlainAllowed(host: String, what: String) throws {
        guard !encrypted, !insecure, !Endpoints.isLoopback(host) else { return }
        throw SettingsError.missing(
            "curve_secret_key", "\(what) on \(host) is beyond loopback; give CURVE keys (pktcluster keygen) or --insecure")
    }

    /// Makes `socket` a CURVE server (clients are checked against the allow-list by ZAP).
    public func makeServer(_ socket: ZMQSocket) throws {
        guard let keys else { return }
        try socket.set(.curveServer, true)
        try socket.set(.curveSecretKey, keys.secretKey)
        try socket.set(.zapDomain, "pktcluster")
    }

    /// Makes `socket` a CURVE client of the server with public key `serverKey`.
    public func makeClient(_ socket: ZMQSocket, serverKey: String?) throws {
        guard let keys else { return }
        guard let serverKey else {
            throw SettingsError.missing("coordinator_key", "a node with CURVE keys needs the public key of what it connects to")
        }
        try socket.set(.curveSecretKey, keys.secretKey)
        try socket.set(.curvePublicKey, keys.publicKey)
        try socket.set(.curveServerKey, serverKey)
    }
}

/// An aggregator's batch endpoint as advertised to workers:
/// `tcp://host:port`, followed by `|` and its CURVE public key when it has one.
public struct AdvertisedEndpoint: Sendable, Hashable {
    public let address: String
    public let publicKey: String?

    public init(address: String, publicKey: String?) {
        self.address = address
        self.publicKey = publicKey
    }

    public init(_ text: String) {
        let parts = text.split(separator: "|", maxSplits: 1)
        address = String(parts.first ?? "")
        publicKey = parts.count > 1 ? String(parts[1]) : nil
    }

    public var text: String { publicKey.map { "\(address)|\($0)" } ?? address }
}
