import ClusterProtocol
import ZeroMQ

/// How one node's links are secured and whom its servers admit.
///
/// - With a CURVE key pair, links are encrypted and each client is known by
///   its public key; a server admits the keys listed for each role.
/// - Without one, links are plain TCP, allowed only on loopback unless told
///   `insecure`; clients present their role as a PLAIN user name, and the
///   aggregator and operator roles need the cluster secret as password
///   (a worker needs none).
///
/// Either way every connection a server admits carries its role, and
/// servers take from it only what that role may send.
public struct LinkSecurity: Sendable, Hashable {
    /// This node's key pair (Z85).
    public var keys: CurveKeyPair?
    /// The coordinator's public key, for nodes that connect to it.
    public var coordinatorKey: String?
    /// Client keys a server admits, by role.
    public var roleKeys: [NodeRole: Set<String>]
    /// The PLAIN password of the aggregator and operator roles.
    public var clusterSecret: String?
    /// Allow plain TCP beyond loopback.
    public var insecure: Bool

    public init(keys: CurveKeyPair? = nil, coordinatorKey: String? = nil, roleKeys: [NodeRole: Set<String>] = [:],
                clusterSecret: String? = nil, insecure: Bool = false) {
        self.keys = keys
        self.coordinatorKey = coordinatorKey
        self.roleKeys = roleKeys
        self.clusterSecret = clusterSecret
        self.insecure = insecure
    }

    /// Reads `curve_secret_key`, `coordinator_key`, `worker_keys`,
    /// `aggregator_keys`, `operator_keys`, `cluster_secret` and `insecure`.
    public init(settings: Settings) throws {
        keys = try settings.string("curve_secret_key").map { try CurveKeyPair(secretKey: $0) }
        coordinatorKey = settings.string("coordinator_key")
        if let key = coordinatorKey { _ = try Z85.decodeKey(key) }
        roleKeys = [:]
        var seen: [String: NodeRole] = [:]
        for role in NodeRole.allCases {
            let listed = Set(settings.list(Self.keysSetting(role)))
            for key in listed {
                _ = try Z85.decodeKey(key)
                if let other = seen[key] {
                    throw SettingsError.invalidValue(Self.keysSetting(role), key, "a key of one role only (also in \(Self.keysSetting(other)))")
                }
                seen[key] = role
            }
            if !listed.isEmpty { roleKeys[role] = listed }
        }
        clusterSecret = settings.string("cluster_secret")
        insecure = try settings.bool("insecure", default: false)
    }

    /// The setting that lists a role's keys, e.g. `worker_keys`.
    public static func keysSetting(_ role: NodeRole) -> String { "\(role.name)_keys" }

    public static let settingKeys: Set<String> = Set(NodeRole.allCases.map(keysSetting))
        .union(["curve_secret_key", "coordinator_key", "cluster_secret", "insecure"])

    public var encrypted: Bool { keys != nil }

    /// Refuses plain TCP on a non-loopback host unless `insecure`.
    public func checkPlainAllowed(host: String, what: String) throws {
        guard !encrypted, !insecure, !Endpoints.isLoopback(host) else { return }
        throw SettingsError.missing(
            "curve_secret_key", "\(what) on \(host) is beyond loopback; give CURVE keys (pktcluster keygen) or --insecure")
    }

    /// Refuses a client of `role` that could not prove it: on plain links the
    /// aggregator and operator roles need the cluster secret.
    public func checkCanPresent(_ role: NodeRole) throws {
        guard !encrypted, role != .worker, clusterSecret?.isEmpty ?? true else { return }
        throw SettingsError.missing(
            "cluster_secret", "the \(role) role on plain links proves itself with the coordinator's cluster secret "
                + "(--cluster-secret, PKTCLUSTER_CLUSTER_SECRET, or the coordinator's DATA/cluster-secret file)")
    }

    /// What a server's ZAP handler admits when it serves `roles`: their
    /// listed keys (CURVE), or their PLAIN user names (without keys).
    public func admissionRules(for roles: Set<NodeRole>) -> ZAPRules {
        if encrypted {
            var users: [String: String] = [:]
            for role in roles { for key in roleKeys[role] ?? [] { users[key] = role.name } }
            return ZAPRules(curveUsers: users)
        }
        var users: [String: ZAPRules.PlainUser] = [:]
        for role in roles {
            // Without a secret, only workers (who need none) are admitted.
            guard role == .worker || clusterSecret != nil else { continue }
            users[role.name] = ZAPRules.PlainUser(password: role == .worker ? nil : clusterSecret, userID: role.name)
        }
        return ZAPRules(plainUsers: users)
    }

    /// Makes `socket` a server whose clients the ZAP handler checks.
    public func makeServer(_ socket: ZMQSocket) throws {
        if let keys {
            try socket.set(.curveServer, true)
            try socket.set(.curveSecretKey, keys.secretKey)
        } else {
            try socket.set(.plainServer, true)
        }
        try socket.set(.zapDomain, "pktcluster")
    }

    /// Makes `socket` a client presenting `role` to the server with public key `serverKey`.
    public func makeClient(_ socket: ZMQSocket, serverKey: String?, as role: NodeRole) throws {
        guard let keys else {
            try socket.set(.plainUsername, role.name)
            // libzmq refuses an empty password; a worker's is not checked.
            try socket.set(.plainPassword, role == .worker ? role.name : clusterSecret ?? "")
            return
        }
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
