import Foundation

/// Prints a bench command's figures as one JSON line, keys in snake case.
func printBenchLine(_ result: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = .sortedKeys
    print(String(decoding: try encoder.encode(result), as: UTF8.self))
}

/// `bench anns`.
struct AnnsResult: Encodable {
    var bench = "anns"
    let target: String
    let announcementsPerSec: Double
    let hashesPerSec: Int
    let threads: Int
    let simd: String
    let seconds: Double
}

/// `bench validate`.
struct ValidateResult: Encodable {
    var bench = "validate"
    let validationsPerSec: Double
    let announcements: Int
    let hardNonces: Int
    let threads: Int
    let simd: String
    let seconds: Double
}

/// `bench blocks`.
struct BlocksResult: Encodable {
    var bench = "blocks"
    let hashesPerSec: Int
    let hashesPerSecPerThread: Int
    let announcements: Int
    let bytesPerAnnouncement: Double
    let setBuildSeconds: Double
    let threads: Int
    let simd: String
    let seconds: Double
}

/// `bench ingest`.
struct IngestResult: Encodable {
    var bench = "ingest"
    let threads: Int
    let kernelValidationsPerSec: Double
    let ingestPerSec: Double
    let ingestWithoutValidationPerSec: Double
    let overhead: Double
}
