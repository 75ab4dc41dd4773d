import PKTAddresses
import ArgumentParser
import ClusterMetrics
import Hummingbird
import Prometheus
import ClusterNode
import Foundation
import PKTChain

/// Options every role takes: a config file, the link security settings and the network.
struct CommonRoleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("TOML config file (keys as the long flags, with _ for -).", valueName: "file"))
    var config: String?
    @Option(help: ArgumentHelp("This node's CURVE secret key (Z85; see keygen). Give it as --curve-secret-key=KEY: a Z85 key may begin with '-'.",
                               valueName: "key"))
    var curveSecretKey: String?
    @Option(help: ArgumentHelp("The coordinator's CURVE public key (as --coordinator-key=KEY, like every key).", valueName: "key"))
    var coordinatorKey: String?
    @Option(help: ArgumentHelp("Worker public keys admitted (coordinator, aggregator), comma-separated.", valueName: "keys"))
    var workerKeys: String?
    @Option(help: ArgumentHelp("Aggregator public keys admitted (coordinator), comma-separated.", valueName: "keys"))
    var aggregatorKeys: String?
    @Option(help: ArgumentHelp("Operator public keys admitted (coordinator), comma-separated.", valueName: "keys"))
    var operatorKeys: String?
    @Option(help: ArgumentHelp("""
        Without CURVE keys: the password of the aggregator and operator roles (default: the \
        coordinator's DATA/cluster-secret file).
        """, valueName: "secret"))
    var clusterSecret: String?
    @Option(help: ArgumentHelp("Network of payout addresses: pkt (pkt1…), pkttest (tpk1…) or devnet.", valueName: "name"))
    var network: String?
    @Flag(help: "Allow plain (unencrypted) TCP beyond loopback.")
    var insecure = false
    @Option(help: ArgumentHelp("""
        Serve Prometheus metrics (GET /metrics) on host:port, or off. Default: off, except the \
        coordinator's 127.0.0.1:7340 (with its dashboard).
        """, valueName: "host:port"))
    var metricsListen: String?

    static let keys: Set<String> = LinkSecurity.settingKeys.union(["network", "metrics_listen"])

    var flags: [String: String] {
        var out: [String: String] = [:]
        out["curve_secret_key"] = curveSecretKey
        out["coordinator_key"] = coordinatorKey
        out["worker_keys"] = workerKeys
        out["aggregator_keys"] = aggregatorKeys
        out["operator_keys"] = operatorKeys
        out["cluster_secret"] = clusterSecret
        out["network"] = network
        out["metrics_listen"] = metricsListen
        if insecure { out["insecure"] = "true" }
        return out
    }

    /// Settings from the file, PKTCLUSTER_* variables and these flags plus `more`.
    func settings(knownKeys: Set<String>, more: [String: String?]) throws -> Settings {
        var all = flags
        for (key, value) in more { if let value { all[key] = value } }
        return try Settings(file: config, knownKeys: knownKeys.union(Self.keys), flags: all)
    }
}

extension Settings {
    /// The `network` setting, `fallback` when unset.
    func network(default fallback: PKTNetwork) throws -> PKTNetwork {
        guard let text = string("network") else { return fallback }
        guard let network = PKTNetwork(rawValue: text) else {
            throw SettingsError.invalidValue("network", text, "pkt, pkttest or devnet")
        }
        return network
    }

    /// The metrics server `metrics_listen` asks for (`fallback` when unset;
    /// none for `off`), serving `registry` and `routes`.
    func metricsEndpoint(_ registry: PrometheusCollectorRegistry, default fallback: String? = nil,
                         routes: (Router<BasicRequestContext>) -> Void = { _ in }) throws -> MetricsEndpoint? {
        guard let text = string("metrics_listen") ?? fallback, text != "off" else { return nil }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port),
              colon > text.startIndex else {
            throw SettingsError.invalidValue("metrics_listen", text, "host:port, or off")
        }
        let host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        print("metrics on http://\(text)/metrics")
        fflush(nil)
        return MetricsEndpoint(registry: registry, host: host, port: port, routes: routes)
    }

    /// Link security, with the cluster secret from `secretFile` when no
    /// setting gives one and the links are plain.
    func linkSecurity(secretFile: String) throws -> LinkSecurity {
        var security = try LinkSecurity(settings: self)
        if !security.encrypted && security.clusterSecret == nil {
            security.clusterSecret = ClusterSecret.read(secretFile)
        }
        return security
    }
}

/// The cluster secret kept in the coordinator's data directory, for plain
/// (loopback) clusters: the password of the aggregator and operator roles.
enum ClusterSecret {
    static func path(dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("cluster-secret")
    }

    static func read(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The secret in `path`, made (random, readable by its owner only) when missing.
    static func readOrCreate(_ path: String) throws -> String {
        if let secret = read(path), !secret.isEmpty { return secret }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        guard FileManager.default.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600])
        else { throw SettingsError.unreadable(path) }
        return secret
    }
}
