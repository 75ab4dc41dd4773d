import Foundation
import PacketCrypt

/// The reference vectors in `../shared/vectors/` beside the repository.
enum Vectors {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/vectors")

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("expected.json").path)
    }

    static func data(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func json(_ name: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name)))
        return object as? [String: Any] ?? [:]
    }

    static func announcements(_ name: String) throws -> [Announcement] {
        try Announcement.split(data(name))
    }
}
