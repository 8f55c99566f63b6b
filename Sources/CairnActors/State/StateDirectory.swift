import CairnIPLD
import Foundation
import GRDB

/// A state on disk: a directory holding `state.sqlite`, CairnIPLD's block table plus a one-row
/// head record (the committed state root and a height), written together.
///
/// All writes go to `blockstore`, which holds them in memory. `commit(root:height:)` writes,
/// in ONE SQLite transaction, the buffered blocks reachable from `root` and the new head; so a
/// process killed at any instant (`kill -9` included; with `synchronous = FULL`, power loss
/// too) leaves, on reopen, exactly the state of the last commit that returned, or of the one
/// being made if its transaction reached the disk, never a head without its blocks.
/// ``Durability/processCrash`` keeps that promise against the death of the process only
/// (SQLite's `synchronous = NORMAL` in WAL mode: no fsync per commit; after a power loss the
/// state may go back to an earlier commit, still whole).
/// `discard()` drops everything written since the last commit.
///
/// The block table has `SQLiteBlockstore`'s schema, so the file can also be opened by it
/// (and by `cairn ipld car export --store`). Not thread-safe.
public final class StateDirectory {
    /// The committed head: a state root and the height (or sequence number) it was committed at.
    public struct Head: Hashable, Sendable {
        /// The committed state root.
        public var root: CID
        /// The height (or sequence number) given at commit.
        public var height: UInt64
        /// A head.
        public init(root: CID, height: UInt64) {
            self.root = root
            self.height = height
        }
    }

    /// What a commit that returned survives.
    public enum Durability: Sendable {
        /// Power loss and the operating system's crash (`synchronous = FULL`: an fsync per commit).
        case powerLoss
        /// The process's death, `kill -9` included (`synchronous = NORMAL` in WAL mode); a power
        /// loss may lose the last commits, never leave a head without its blocks.
        case processCrash
    }

    /// The SQLite file inside the directory.
    public static let databaseName = "state.sqlite"
    /// WAL pages between automatic checkpoints.
    static let checkpointPages = 8192

    /// The store to build states in: reads see the committed blocks and the uncommitted
    /// writes; writes stay in memory until `commit`.
    public let blockstore: BufferedBlockstore
    private let db: DatabaseQueue
    private let staging: StagingStore

    /// Opens (creating if needed) the state directory at `path`, its commits as durable as
    /// `durability` says.
    public init(path: String, durability: Durability = .powerLoss) throws(ActorDataError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            var config = Configuration()
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: durability == .powerLoss ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
                // Checkpoints (copying the WAL into the database, with an fsync of each under
                // NORMAL) every 8,192 pages (32 MiB) instead of SQLite's 1,000: a commit of a
                // message writes some 30 pages, so the default checkpointed every ~30 messages.
                // What a commit survives is unchanged: the WAL is the commit.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.checkpointPages)")
                // A 64 MiB page cache (SQLite's default is 2 MB): the table's interior pages and
                // the leaves recent commits touched stay in memory.
                try db.execute(sql: "PRAGMA cache_size = -65536")
                // Reads through a memory map rather than a `pread` (and a copy) per page.
                try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            }
            db = try DatabaseQueue(path: (path as NSString).appendingPathComponent(Self.databaseName), configuration: config)
            try db.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS blocks (cid BLOB PRIMARY KEY NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS head (id INTEGER PRIMARY KEY CHECK (id = 0), root BLOB NOT NULL, height INTEGER NOT NULL);
                    """)
            }
        } catch {
            throw .ipld(.storage("cannot open state directory \(path): \(error)"))
        }
        staging = StagingStore(db: db)
        blockstore = BufferedBlockstore(base: staging)
    }

    /// The last committed head, or nil before the first commit.
    public func head() throws(ActorDataError) -> Head? {
        let row: Row?
        do { row = try db.read { db in try Row.fetchOne(db, sql: "SELECT root, height FROM head WHERE id = 0") } }
        catch { throw .ipld(.storage("read of the head: \(error)")) }
        guard let row else { return nil }
        let rootBytes: Data = row["root"]
        let height: Int64 = row["height"]
        do { return Head(root: try CID(bytes: [UInt8](rootBytes)), height: UInt64(bitPattern: height)) }
        catch { throw .ipld(error) }
    }

    /// The state tree at the head, or a new empty one (over `blockstore`) before the first commit.
    public func stateTree() throws(ActorDataError) -> StateTree {
        if let head = try head() { return try StateTree(loading: head.root, store: blockstore) }
        return try StateTree(store: blockstore)
    }

    /// Makes `root` (which must be in the store) the head at `height`: its new blocks and the
    /// head in one transaction. Buffered blocks `root` does not reach are dropped.
    public func commit(root: CID, height: UInt64) throws(ActorDataError) {
        do {
            guard try blockstore.has(root) else { throw IPLDError.blockNotFound(root.description) }
            staging.pending.removeAll()
            try blockstore.flush(root: root)
            let blocks = staging.pending
            staging.pending.removeAll()
            try db.write { db in
                let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO blocks (cid, data) VALUES (?, ?)")
                for (cid, block) in blocks { try insert.execute(arguments: [Data(cid.bytes), Data(block)]) }
                try db.execute(sql: "INSERT OR REPLACE INTO head (id, root, height) VALUES (0, ?, ?)",
                               arguments: [Data(root.bytes), Int64(bitPattern: height)])
            }
            for (cid, block) in blocks { staging.remember(cid, block) }
        } catch let error as IPLDError { throw .ipld(error) }
        catch { throw .ipld(.storage("commit of \(root): \(error)")) }
    }

    /// Drops every write since the last commit.
    public func discard() {
        blockstore.discard()
        staging.pending.removeAll()
    }
}

/// The buffered store's base: reads committed blocks from SQLite; writes (the reachable blocks
/// the buffered store flushes) are held until `StateDirectory.commit` writes them with the head.
///
/// Blocks read or committed are kept in memory (blocks never change under their CID), so that
/// the next message's reads of the same HAMT nodes do not each query SQLite; the cache is
/// emptied when it grows past `cacheLimit` bytes.
final class StagingStore: Blockstore {
    private let db: DatabaseQueue
    var pending: [(CID, [UInt8])] = []
    private var cache: [CID: [UInt8]] = [:]
    private var cachedBytes = 0
    /// The most bytes of blocks the cache holds.
    static let cacheLimit = 64 << 20

    /// Keeps `block` (stored under `cid`) in the read cache.
    func remember(_ cid: CID, _ block: [UInt8]) {
        if cachedBytes + block.count > Self.cacheLimit {
            cache.removeAll(keepingCapacity: true)
            cachedBytes = 0
        }
        if cache.updateValue(block, forKey: cid) == nil { cachedBytes += block.count }
    }

    init(db: DatabaseQueue) { self.db = db }

    func get(_ cid: CID) throws(IPLDError) -> [UInt8]? {
        if let block = cache[cid] { return block }
        if let block = pending.first(where: { $0.0 == cid })?.1 { return block }
        do {
            let block = try db.read { db in
                try Data.fetchOne(db, sql: "SELECT data FROM blocks WHERE cid = ?", arguments: [Data(cid.bytes)])
            }.map { [UInt8]($0) }
            if let block { remember(cid, block) }
            return block
        } catch {
            throw .storage("read of \(cid): \(error)")
        }
    }

    func has(_ cid: CID) throws(IPLDError) -> Bool { try get(cid) != nil }

    func putMany(_ blocks: [(CID, [UInt8])]) throws(IPLDError) { pending.append(contentsOf: blocks) }
}
