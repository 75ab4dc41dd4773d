import Foundation
import GRDB
import PKTChain

/// Reads a coordinator's ledger file directly (read-only), to check what the
/// coordinator reports against the rows themselves.
struct LedgerReader {
    let database: DatabaseQueue

    init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        database = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Accepted announcements and their work, per payout address.
    func credits() throws -> [String: (accepted: Int64, work: Double)] {
        try database.read { db in
            var out: [String: (Int64, Double)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT payout, SUM(accepted) AS n, SUM(work) AS w FROM batch_credits GROUP BY payout") {
                out[row["payout"]] = (row["n"], row["w"])
            }
            return out
        }
    }

    /// SQLite's own check of the file: "ok" when sound.
    func integrityCheck() throws -> String {
        try database.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// Rows of any table, counted.
    func count(_ table: String, where condition: String = "1") throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)") ?? 0 }
    }

    /// Accepted blocks with the window each paid by: (hash, height, window id), oldest first.
    func blocks() throws -> [(hash: String, height: UInt32, window: Int64)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT block_hash, height, window_id FROM blocks WHERE window_id IS NOT NULL ORDER BY height")
                .map { ($0["block_hash"], UInt32($0["height"] as Int64), $0["window_id"]) }
        }
    }

    /// A window's cut-offs and the miners' coins of its block.
    func window(_ id: Int64) throws -> (lastCredit: Int64, lastFind: Int64, minerCoins: Int64)? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT last_credit, last_find, miner_coins FROM windows WHERE id = ?", arguments: [id])
                .map { ($0["last_credit"], $0["last_find"], $0["miner_coins"]) }
        }
    }

    /// The newest window's id.
    func newestWindow() throws -> Int64? {
        try database.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM windows") }
    }

    /// `(payout, work)` of credit rows at or below `last`, newest first.
    func entries(_ table: String, upTo last: Int64) throws -> [(payout: String, work: Double)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT payout, work FROM \(table) WHERE work > 0 AND id <= ? ORDER BY id DESC",
                             arguments: [last]).map { ($0["payout"], $0["work"]) }
        }
    }
}

/// The payout rule of docs/payouts.md, written again from the document:
/// PPLNS weights from ledger rows, then coinbase amounts as pktd computes
/// them (addresses in the devnet's order, sorted).
enum IndependentPayouts {
    static func weights(shares: [(payout: String, work: Double)], credits: [(payout: String, work: Double)],
                        defaultAddress: String, announcementConstant: Double = 0.125) -> [String: Double] {
        var block: [String: Double] = [:], announcement: [String: Double] = [:]
        var left = 0.5
        for share in shares where left > 0 {
            let take = min(share.work / 2, left)
            block[share.payout, default: 0] += take
            left -= take
        }
        if left > 0 { block[defaultAddress, default: 0] += left }
        left = 0.5
        for credit in credits where left > 0 {
            let take = min(credit.work / announcementConstant, left)
            announcement[credit.payout, default: 0] += take
            left -= take
        }
        if left > 0 { announcement[defaultAddress, default: 0] += left }
        var weights: [String: Double] = [:]
        for address in Set(block.keys).union(announcement.keys) {
            weights[address] = (announcement[address, default: 0] + block[address, default: 0]) * (1 - 0.0)
        }
        return weights
    }

    /// pktd's createCoinbaseTx split of `coins`, over addresses in sorted order.
    static func amounts(_ weights: [String: Double], coins: Int64) -> [String: Int64] {
        let sorted = weights.sorted { $0.key < $1.key }
        let sum = sorted.reduce(0.0) { $0 + $1.value }
        var out: [String: Int64] = [:]
        var paid: Int64 = 0
        for (index, (address, weight)) in sorted.enumerated() {
            var amount = Int64(Double(coins) * (weight / sum))
            if paid + amount > coins { amount = coins - paid }
            if index == sorted.count - 1 && paid + amount < coins { amount = coins - paid }
            paid += amount
            out[address] = amount
        }
        return out
    }
}
