import ClusterProtocol
import Foundation
import GRDB

extension Ledger {
    /// Records batches' credits in one transaction, each to the address its
    /// worker registered: `.unknownWorker` for a credit whose worker is not
    /// a registered worker, `.duplicate` for a batch already credited.
    func record(_ credits: [Credit]) async throws -> [CreditStatus] {
        try await database.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO batch_credits (worker, batch_sequence, batch_digest, aggregator, payout, job_id,
                    accepted, duplicate, invalid, stale, unknown_parent, under_target, work, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let now = Date().timeIntervalSince1970
            return try credits.map { credit in
                guard let worker = try Self.binding(credit.worker, db), worker.role == .worker else { return .unknownWorker }
                let c = credit.counts
                try insert.execute(arguments: [
                    Data(credit.worker.bytes), Int64(bitPattern: credit.batchSequence), Data(credit.batchDigest),
                    Data(credit.aggregator.bytes), worker.payout, Int64(bitPattern: credit.jobID), Int64(c.accepted),
                    Int64(c.duplicate), Int64(c.invalid), Int64(c.stale), Int64(c.unknownParent), Int64(c.underTarget),
                    credit.work, now])
                return db.changesCount > 0 ? .recorded : .duplicate
            }
        }
    }

    /// Records a share or block, its credit (`work`, to `payout`) and what
    /// became of it; false when already recorded.
    func record(_ found: Found, payout: String, work: Double, blockHash: String?, accepted: Bool,
                reason: String) throws -> Bool {
        try database.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO finds (aggregator, found_id, job_id, kind, height, work_hash, block_hash,
                    accepted, reason, payout, work, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                arguments: [Data(found.aggregator.bytes), Int64(bitPattern: found.id), Int64(bitPattern: found.jobID),
                            found.kind.name, Int64(found.height), Data(found.workHash), blockHash, accepted, reason,
                            payout, work, Date().timeIntervalSince1970])
            return db.changesCount > 0
        }
    }

    /// Accepted announcements and their work credit, over the whole ledger.
    func announcementTotals() throws -> (accepted: UInt64, work: Double) {
        try database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COALESCE(SUM(accepted), 0) AS n, COALESCE(SUM(work), 0) AS w FROM batch_credits")
            return (UInt64(row?["n"] as Int64? ?? 0), row?["w"] as Double? ?? 0)
        }
    }

    /// Distinct blocks the chain took, and finds it refused.
    func blockCounts() throws -> (accepted: Int, rejected: Int) {
        try database.read { db in
            let accepted = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blocks") ?? 0
            let rejected = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finds WHERE kind = 'block' AND accepted = 0") ?? 0
            return (accepted, rejected)
        }
    }

    /// Shares and blocks credited as shares.
    func shareCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finds WHERE work > 0") ?? 0 }
    }
}
