import Foundation
import GRDB

/// Blocks in an SQLite database through GRDB: Cairn's embedded on-disk store.
///
/// Durability: the database runs in WAL mode with `synchronous = FULL`, and every `putMany`
/// is one transaction. SQLite commits a transaction by appending it to the WAL with a commit
/// record, so a process killed at any instant (even `kill -9` mid-flush) leaves, on reopen,
/// every block of every `putMany` that returned and none of one that did not. With
/// `synchronous = FULL` the same holds across power loss.
public final class SQLiteBlockstore: Blockstore {
    private let db: DatabaseQueue

    /// Opens (creating if needed) the store at `path`.
    public init(path: String) throws(IPLDError) {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            db = try DatabaseQueue(path: path, configuration: config)
            try db.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS blocks (cid BLOB PRIMARY KEY NOT NULL, data BLOB NOT NULL) WITHOUT ROWID
                    """)
            }
        } catch {
            throw .storage("cannot open \(path): \(error)")
        }
    }

    public func get(_ cid: CID) throws(IPLDError) -> [UInt8]? {
        do {
            return try db.read { db in
                try Data.fetchOne(db, sql: "SELECT data FROM blocks WHERE cid = ?", arguments: [Data(cid.bytes)])
            }.map { [UInt8]($0) }
        } catch {
            throw .storage("read of \(cid): \(error)")
        }
    }

    public func has(_ cid: CID) throws(IPLDError) -> Bool {
        do {
            return try db.read { db in
                try Bool.fetchOne(db, sql: "SELECT 1 FROM blocks WHERE cid = ?", arguments: [Data(cid.bytes)]) ?? false
            }
        } catch {
            throw .storage("lookup of \(cid): \(error)")
        }
    }

    /// Writes all `blocks` in one transaction.
    public func putMany(_ blocks: [(CID, [UInt8])]) throws(IPLDError) {
        guard !blocks.isEmpty else { return }
        do {
            try db.write { db in
                let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO blocks (cid, data) VALUES (?, ?)")
                for (cid, block) in blocks {
                    try statement.execute(arguments: [Data(cid.bytes), Data(block)])
                }
            }
        } catch {
            throw .storage("write of \(blocks.count) block(s): \(error)")
        }
    }

    /// The number of blocks held.
    public func count() throws(IPLDError) -> Int {
        do { return try db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blocks") ?? 0 } }
        catch { throw .storage("count: \(error)") }
    }
}
