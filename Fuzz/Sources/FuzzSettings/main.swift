import Foundation

/// The keys of the three roles' example files (cluster-config/); file keys
/// outside this set are refused.
let knownKeys: Set<String> = [
    "advertise", "aggregator_keys", "ann_target", "block_fraction", "control_port", "coordinator", "coordinator_key",
    "curve_secret_key", "data", "devnet_bits", "dust_limit", "job_port", "listen", "listen_port", "memory_mb", "name",
    "network", "operator_keys", "payout", "pool_fee", "pplns_announcement_constant", "pplns_block_constant",
    "share_divisor", "threads", "validation_threads", "worker_keys",
]

/// Where each input is written: `Settings` reads a file by path.
let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("pktcluster-fuzz-settings-\(getpid()).toml").path

/// Writes the input as a TOML file and reads it as a role's settings, then
/// reads every known key as each type a role asks for.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSettings(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? Data() : Data(bytes: data!, count: size)
    guard FileManager.default.createFile(atPath: path, contents: bytes) else { fatalError("cannot write \(path)") }
    guard let settings = try? Settings(file: path, knownKeys: knownKeys, flags: [:], environment: [:]) else { return 0 }
    for key in knownKeys {
        _ = settings.string(key)
        _ = try? settings.int(key, default: 0)
        _ = try? settings.double(key, default: 0)
        _ = try? settings.bool(key, default: false)
        _ = settings.list(key)
    }
    return 0
}
