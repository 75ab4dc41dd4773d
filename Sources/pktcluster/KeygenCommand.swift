import ArgumentParser
import ZeroMQ

/// `pktcluster keygen`.
struct KeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make a CURVE key pair for encrypting and authenticating cluster links.",
        discussion: """
            Prints TOML lines: give the node its curve_secret_key; give its public key to the \
            worker_keys, aggregator_keys or operator_keys of the servers it connects to (and, for the coordinator's own pair, to every \
            node as coordinator_key).
            """)

    func run() async throws {
        let keys = try CurveKeyPair.generate()
        print("curve_secret_key = \"\(keys.secretKey)\"")
        print("# public key: \(keys.publicKey)")
    }
}
