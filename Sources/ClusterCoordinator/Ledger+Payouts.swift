import Foundation
import GRDB

/// One address in `payouts`: its part of the current window and what accepted blocks paid it.
public struct AddressPayout: Codable, Sendable, Hashable {
    public var address: String
    /// Announcement credit (in blocks of work) the current window counts for it.
    public var announcementCredit: Double
    /// Share credit (in blocks of work) the current window counts for it.
    public var shareCredit: Double
    /// Its fraction of the next coinbase's miners' coins.
    public var nextShare: Double
    /// Units (2^-30 PKT) paid to it by accepted blocks.
    public var paidUnits: Int64
    /// The last accepted block that paid it: height and units.
    public var lastPaidHeight: UInt32?
    public var lastPaidUnits: Int64?
    /// Units the dust limit withheld from it in the current window.
    public var withheldUnits: Int64
}

/// The window a block paid by, and what its coinbase paid.
public struct PaidBlock: Codable, Sendable, Hashable {
    public var hash: String
    public var height: UInt32
    public var window: Int64?
    public var outputs: [PaidOutput]
}

/// One coinbase output of an accepted block.
public struct PaidOutput: Codable, Sendable, Hashable {
    public var address: String
    public var units: Int64
}

extension Ledger {
    /// The PPLNS window over the ledger as it is now.
    func window(policy: PayoutPolicy, minerCoins: Int64) throws -> PayoutWindow {
        try database.read { db in
            let shares = CreditRows(db, table: "finds")
            let credits = CreditRows(db, table: "batch_credits")
            let window = PayoutWindow(shares: shares, credits: credits, policy: policy, minerCoins: minerCoins)
            if let error = shares.error ?? credits.error { throw error }
            return window
        }
    }

    /// Keeps a window pushed to the chain for the block at `height`; returns its id.
    func save(_ window: PayoutWindow, height: UInt32, minerCoins: Int64) throws -> Int64 {
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO windows (height, last_credit, last_find, miner_coins, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [Int64(height), window.lastCredit, window.lastFind, minerCoins, Date().timeIntervalSince1970])
            let id = db.lastInsertedRowID
            for (address, weight) in window.weights {
                let part = window.parts[address] ?? PayoutWindow.Parts()
                try db.execute(
                    sql: "INSERT INTO window_entries (window_id, address, announcement_part, block_part, weight) VALUES (?, ?, ?, ?, ?)",
                    arguments: [id, address, part.announcement, part.block, weight])
            }
            for (address, held) in window.withheld {
                try db.execute(sql: "INSERT INTO withheld (window_id, address, weight, amount) VALUES (?, ?, ?, ?)",
                               arguments: [id, address, held.weight, held.amount])
            }
            return id
        }
    }

    /// Records an accepted block, the window it paid by and its coinbase outputs.
    func record(block: PaidBlock, jobID: UInt64) throws {
        try database.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO blocks (block_hash, height, job_id, window_id, accepted_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [block.hash, Int64(block.height), Int64(bitPattern: jobID), block.window, Date().timeIntervalSince1970])
            guard db.changesCount > 0 else { return }
            for (index, output) in block.outputs.enumerated() {
                try db.execute(
                    sql: "INSERT INTO block_outputs (block_hash, output_index, address, amount) VALUES (?, ?, ?, ?)",
                    arguments: [block.hash, index, output.address, output.units])
            }
        }
    }

    /// The newest accepted blocks with what they paid, newest first.
    func paidBlocks(limit: Int) throws -> [PaidBlock] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT block_hash, height, window_id FROM blocks ORDER BY height DESC, accepted_at DESC LIMIT ?",
                             arguments: [limit]).map { row in
                let hash: String = row["block_hash"]
                let outputs = try Row.fetchAll(
                    db, sql: "SELECT address, amount FROM block_outputs WHERE block_hash = ? ORDER BY output_index",
                    arguments: [hash]).map { PaidOutput(address: $0["address"], units: $0["amount"]) }
                return PaidBlock(hash: hash, height: UInt32(row["height"] as Int64), window: row["window_id"], outputs: outputs)
            }
        }
    }

    /// Per address: the credit the newest window counts (its parts times the
    /// PPLNS constants of `policy`), its weight, and what accepted blocks paid.
    func payoutReport(policy: PayoutPolicy) throws -> [AddressPayout] {
        try database.read { db in
            var report: [String: AddressPayout] = [:]
            func entry(_ address: String) -> AddressPayout {
                report[address] ?? AddressPayout(address: address, announcementCredit: 0, shareCredit: 0, nextShare: 0,
                                                 paidUnits: 0, withheldUnits: 0)
            }
            if let window = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM windows") {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM window_entries WHERE window_id = ?", arguments: [window]) {
                    var e = entry(row["address"])
                    e.nextShare = row["weight"]
                    e.announcementCredit = (row["announcement_part"] as Double) * policy.announcementConstant
                    e.shareCredit = (row["block_part"] as Double) * policy.blockConstant
                    report[e.address] = e
                }
                for row in try Row.fetchAll(db, sql: "SELECT address, amount FROM withheld WHERE window_id = ?", arguments: [window]) {
                    var e = entry(row["address"])
                    e.withheldUnits = row["amount"]
                    report[e.address] = e
                }
            }
            let paid = try Row.fetchAll(db, sql: """
                SELECT o.address, SUM(o.amount) AS total, MAX(b.height) AS last FROM block_outputs o
                JOIN blocks b ON b.block_hash = o.block_hash GROUP BY o.address
                """)
            for row in paid {
                var e = entry(row["address"])
                e.paidUnits = row["total"]
                let last: Int64 = row["last"]
                e.lastPaidHeight = UInt32(last)
                e.lastPaidUnits = try Int64.fetchOne(db, sql: """
                    SELECT SUM(o.amount) FROM block_outputs o JOIN blocks b ON b.block_hash = o.block_hash
                    WHERE o.address = ? AND b.height = ?
                    """, arguments: [e.address, last])
                report[e.address] = e
            }
            return report.values.sorted { $0.address < $1.address }
        }
    }
}

/// `(id, payout, work)` rows of a credit table with work, newest first, read
/// a page at a time. A read error ends the sequence and is kept in `error`.
private final class CreditRows: Sequence, IteratorProtocol {
    private let db: Database
    private let table: String
    private var page: [CreditEntry] = []
    private var below = Int64.max
    private(set) var error: Error?

    init(_ db: Database, table: String) {
        self.db = db
        self.table = table
    }

    func next() -> CreditEntry? {
        if page.isEmpty && error == nil {
            do {
                page = try Row.fetchAll(
                    db, sql: "SELECT id, payout, work FROM \(table) WHERE work > 0 AND id < ? ORDER BY id DESC LIMIT 1000",
                    arguments: [below]).map { CreditEntry(row: $0["id"], payout: $0["payout"], work: $0["work"]) }.reversed()
            } catch {
                self.error = error
            }
        }
        guard let entry = page.popLast() else { return nil }
        below = entry.row
        return entry
    }
}
