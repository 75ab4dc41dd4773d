import Foundation

/// A role's settings from, in rising precedence: built-in defaults, a TOML
/// file, `PKTCLUSTER_<KEY>` environment variables, then command-line flags.
/// Keys are snake_case in the file (`curve_secret_key`) and upper case in the
/// environment (`PKTCLUSTER_CURVE_SECRET_KEY`). A file key the role does not
/// know is an error, so a typo is not silently ignored.
public struct Settings: Sendable {
    private let file: [String: String]
    private let environment: [String: String]
    private let flags: [String: String]

    /// - Parameters:
    ///   - file: TOML file path, or nil for none.
    ///   - knownKeys: every key the role reads.
    ///   - flags: key to value for each flag given on the command line.
    public init(file path: String?, knownKeys: Set<String>, flags: [String: String],
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var values: [String: String] = [:]
        if let path {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw SettingsError.unreadable(path)
            }
            let entries: [(key: String, value: String)]
            do {
                entries = try SettingsFile.parse(text)
            } catch {
                throw SettingsError.invalidFile(path, "line \(error.line): \(error.reason)")
            }
            for (key, value) in entries {
                guard knownKeys.contains(key) else { throw SettingsError.unknownKey(path, key) }
                values[key] = value
            }
        }
        file = values
        var env: [String: String] = [:]
        for key in knownKeys {
            if let value = environment["PKTCLUSTER_" + key.uppercased()] { env[key] = value }
        }
        self.environment = env
        self.flags = flags
    }

    /// The value of `key`, or nil when nothing sets it.
    public func string(_ key: String) -> String? { flags[key] ?? environment[key] ?? file[key] }

    public func string(_ key: String, default value: String) -> String { string(key) ?? value }

    public func int(_ key: String, default value: Int) throws -> Int {
        guard let text = string(key) else { return value }
        guard let number = Int(text) else { throw SettingsError.invalidValue(key, text, "a whole number") }
        return number
    }

    public func double(_ key: String, default value: Double) throws -> Double {
        guard let text = string(key) else { return value }
        guard let number = Double(text), number.isFinite else { throw SettingsError.invalidValue(key, text, "a number") }
        return number
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let text = string(key)?.lowercased() else { return value }
        switch text {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw SettingsError.invalidValue(key, text, "true or false")
        }
    }

    /// A list: a TOML array, or comma-separated text in the environment or a flag.
    public func list(_ key: String) -> [String] {
        guard let text = string(key), !text.isEmpty else { return [] }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

}

/// Errors reading settings.
public enum SettingsError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case invalidFile(String, String)
    case unknownKey(String, String)
    case invalidValue(String, String, String)
    case missing(String, String)

    public var description: String {
        switch self {
        case .unreadable(let path): return "cannot read config file \(path)"
        case .invalidFile(let path, let reason): return "config file \(path): \(reason)"
        case .unknownKey(let path, let key): return "config file \(path): unknown key \(key)"
        case .invalidValue(let key, let value, let want): return "\(key) = \(value): want \(want)"
        case .missing(let key, let hint): return "\(key) is required: \(hint)"
        }
    }
}
