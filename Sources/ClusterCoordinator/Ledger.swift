import ClusterProtocol
import Foundation
import GRDB

/// The coordinator's crash-safe record of announcement credits, shares and
/// blocks: SQLite in WAL mode. Each write is committed before the call
/// returns, so whatever the coordinator acknowledges is on disk. A credit
/// is recorded once per (worker, batch sequence): a batch delivered again
/// is not counted twice.
public final class Ledger: Sendable {
    private let database: DatabaseQueue

    public init(path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.journalMode = .wal
        database = try DatabaseQueue(path: path, configuration: configuration)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS credits (
                    worker BLOB NOT NULL,
                    batch_sequence INTEGER NOT NULL,
                    aggregator BLOB NOT NULL,
                    payout TEXT NOT NULL,
                    job_id INTEGER NOT NULL,
                    accepted INTEGER NOT NULL,
                    duplicate INTEGER NOT NULL,
                    invalid INTEGER NOT NULL,
                    stale INTEGER NOT NULL,
                    unknown_parent INTEGER NOT NULL,
                    recorded_at REAL NOT NULL,
                    PRIMARY KEY (worker, batch_sequence));
                CREATE INDEX IF NOT EXISTS credits_by_payout ON credits (payout);
                CREATE TABLE IF NOT EXISTS found (
                    aggregator BLOB NOT NULL,
                    found_id INTEGER NOT NULL,
                    job_id INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    height INTEGER NOT NULL,
                    work_hash BLOB NOT NULL,
                    block_hash TEXT,
                    accepted INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    recorded_at REAL NOT NULL,
                    PRIMARY KEY (aggregator, found_id));
                """)
        }
    }

    /// Records a credit; false when that (worker, batch sequence) was already recorded.
    public func record(_ credit: Credit) throws -> Bool {
        try database.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO credits (worker, batch_sequence, aggregator, payout, job_id, accepted,
                    duplicate, invalid, stale, unknown_parent, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                arguments: [Data(credit.worker.bytes), Int64(bitPattern: credit.batchSequence), Data(credit.aggregator.bytes),
                            credit.payoutAddress, Int64(bitPattern: credit.jobID), Int64(credit.counts.accepted),
                            Int64(credit.counts.duplicate), Int64(credit.counts.invalid), Int64(credit.counts.stale),
                            Int64(credit.counts.unknownParent), Date().timeIntervalSince1970])
            return db.changesCount > 0
        }
    }

    /// Records a share or block and what became of it; false when already recorded.
    public func record(_ found: Found, blockHash: String?, accepted: Bool, reason: String) throws -> Bool {
        try database.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO found (aggregator, found_id, job_id, kind, height, work_hash, block_hash,
                    accepted, reason, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                arguments: [Data(found.aggregator.bytes), Int64(bitPattern: found.id), Int64(bitPattern: found.jobID),
                            found.kind == .block ? "block" : "share", Int64(found.height), Data(found.workHash),
                            blockHash, accepted, reason, Date().timeIntervalSince1970])
            return db.changesCount > 0
        }
    }

    /// Accepted announcements credited to each payout address.
    public func creditsByPayout() throws -> [String: UInt64] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT payout, SUM(accepted) AS total FROM credits GROUP BY payout")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["payout"] as String, UInt64($0["total"] as Int64)) })
        }
    }

    /// Distinct blocks the chain took, and finds it refused.
    public func blockCounts() throws -> (accepted: Int, rejected: Int) {
        try database.read { db in
            let accepted = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT block_hash) FROM found WHERE kind = 'block' AND accepted = 1") ?? 0
            let rejected = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM found WHERE kind = 'block' AND accepted = 0") ?? 0
            return (accepted, rejected)
        }
    }

    public func shareCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM found WHERE kind = 'share'") ?? 0 }
    }
}
