import ClusterProtocol
import Foundation
import GRDB

/// The coordinator's crash-safe books: SQLite in WAL mode. Each write is
/// committed before the call returns, so whatever the coordinator
/// acknowledges is on disk.
///
/// - `nodes`: each node id with the role and payout address it registered
///   (fixed once written: a node id cannot later be claimed for another
///   address or role).
/// - `batch_credits`: one row per credited batch, named by (worker, batch
///   sequence, batch digest): a batch delivered again is not counted twice,
///   and a batch claimed under another's sequence cannot displace it.
/// - `finds`: shares and blocks, with the share credit of each.
/// - `windows`, `window_entries`, `withheld`: each payout window computed
///   and pushed to the chain, and what the dust limit held back.
/// - `blocks`, `block_outputs`: each accepted block, the window it paid by,
///   and its coinbase outputs as the chain has them.
public final class Ledger: Sendable {
    let database: DatabaseQueue

    public init(path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.journalMode = .wal
        database = try DatabaseQueue(path: path, configuration: configuration)
        try database.write { db in try db.execute(sql: Self.schema) }
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS nodes (
            node BLOB PRIMARY KEY,
            role TEXT NOT NULL,
            payout TEXT NOT NULL,
            name TEXT NOT NULL,
            registered_at REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS batch_credits (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            worker BLOB NOT NULL,
            batch_sequence INTEGER NOT NULL,
            batch_digest BLOB NOT NULL,
            aggregator BLOB NOT NULL,
            payout TEXT NOT NULL,
            job_id INTEGER NOT NULL,
            accepted INTEGER NOT NULL,
            duplicate INTEGER NOT NULL,
            invalid INTEGER NOT NULL,
            stale INTEGER NOT NULL,
            unknown_parent INTEGER NOT NULL,
            under_target INTEGER NOT NULL,
            work REAL NOT NULL,
            recorded_at REAL NOT NULL,
            UNIQUE (worker, batch_sequence, batch_digest));
        CREATE INDEX IF NOT EXISTS batch_credits_by_payout ON batch_credits (payout);
        CREATE TABLE IF NOT EXISTS finds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            aggregator BLOB NOT NULL,
            found_id INTEGER NOT NULL,
            job_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            height INTEGER NOT NULL,
            work_hash BLOB NOT NULL,
            block_hash TEXT,
            accepted INTEGER NOT NULL,
            reason TEXT NOT NULL,
            payout TEXT NOT NULL,
            work REAL NOT NULL,
            recorded_at REAL NOT NULL,
            UNIQUE (aggregator, found_id));
        CREATE TABLE IF NOT EXISTS windows (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            height INTEGER NOT NULL,
            last_credit INTEGER NOT NULL,
            last_find INTEGER NOT NULL,
            miner_coins INTEGER NOT NULL,
            created_at REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS window_entries (
            window_id INTEGER NOT NULL,
            address TEXT NOT NULL,
            announcement_part REAL NOT NULL,
            block_part REAL NOT NULL,
            weight REAL NOT NULL,
            PRIMARY KEY (window_id, address));
        CREATE TABLE IF NOT EXISTS withheld (
            window_id INTEGER NOT NULL,
            address TEXT NOT NULL,
            weight REAL NOT NULL,
            amount INTEGER NOT NULL,
            PRIMARY KEY (window_id, address));
        CREATE TABLE IF NOT EXISTS blocks (
            block_hash TEXT PRIMARY KEY,
            height INTEGER NOT NULL,
            job_id INTEGER NOT NULL,
            window_id INTEGER,
            accepted_at REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS block_outputs (
            block_hash TEXT NOT NULL,
            output_index INTEGER NOT NULL,
            address TEXT NOT NULL,
            amount INTEGER NOT NULL,
            PRIMARY KEY (block_hash, output_index));
        """
}
