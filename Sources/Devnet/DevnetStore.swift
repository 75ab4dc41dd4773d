import Foundation
import GRDB

/// The devnet's blocks on disk: one SQLite file (WAL), one row per block
/// of the chain, appended as blocks are accepted.
final class DevnetStore: Sendable {
    private let database: DatabaseQueue

    init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.journalMode = .wal
        database = try DatabaseQueue(path: (directory as NSString).appendingPathComponent("chain.sqlite"),
                                     configuration: configuration)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS blocks (
                    height INTEGER PRIMARY KEY,
                    hash BLOB NOT NULL UNIQUE,
                    data BLOB NOT NULL)
                """)
        }
    }

    /// Every block, lowest height first.
    func blocks() throws -> [[UInt8]] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT data FROM blocks ORDER BY height").map { Array($0["data"] as Data) }
        }
    }

    /// The block at `height`, serialized.
    func block(height: UInt32) throws -> [UInt8]? {
        try database.read { db in
            try Data.fetchOne(db, sql: "SELECT data FROM blocks WHERE height = ?", arguments: [Int64(height)]).map { Array($0) }
        }
    }

    /// Appends the block at `height`; committed before this returns.
    func append(height: UInt32, hash: [UInt8], data: [UInt8]) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO blocks (height, hash, data) VALUES (?, ?, ?)",
                           arguments: [Int64(height), Data(hash), Data(data)])
        }
    }
}
