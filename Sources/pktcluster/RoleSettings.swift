import ArgumentParser
import ClusterNode

/// Options every role takes: a config file and the CURVE settings.
struct CommonRoleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("TOML config file (keys as the long flags, with _ for -).", valueName: "file"))
    var config: String?
    @Option(help: ArgumentHelp("This node's CURVE secret key (Z85; see keygen).", valueName: "key"))
    var curveSecretKey: String?
    @Option(help: ArgumentHelp("The coordinator's CURVE public key.", valueName: "key"))
    var coordinatorKey: String?
    @Option(help: ArgumentHelp("Client public keys accepted, comma-separated.", valueName: "keys"))
    var allowedKeys: String?
    @Flag(help: "Allow plain (unencrypted) TCP beyond loopback.")
    var insecure = false

    var flags: [String: String] {
        var out: [String: String] = [:]
        out["curve_secret_key"] = curveSecretKey
        out["coordinator_key"] = coordinatorKey
        out["allowed_keys"] = allowedKeys
        if insecure { out["insecure"] = "true" }
        return out
    }

    /// Settings from the file, PKTCLUSTER_* variables and these flags plus `more`.
    func settings(knownKeys: Set<String>, more: [String: String?]) throws -> Settings {
        var all = flags
        for (key, value) in more { if let value { all[key] = value } }
        return try Settings(file: config, knownKeys: knownKeys.union(LinkSecurity.settingKeys), flags: all)
    }
}
