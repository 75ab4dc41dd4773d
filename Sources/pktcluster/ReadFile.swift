import ArgumentParser
import Foundation

/// Reads a whole file, or fails with one clear line.
func readFile(_ path: String, what: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("cannot read \(what) \(path)")
    }
    return Array(data)
}

/// Writes a whole file, or fails with one clear line.
func writeFile(_ path: String, _ bytes: [UInt8], what: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        throw ValidationError("cannot write \(what) \(path)")
    }
}
