import Foundation
import Testing
@testable import CairnIPLD

@Suite struct BlockstoreTests {
    static func tempPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-ipld-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    func exercise(_ store: any Blockstore) throws {
        var cids: [CID] = []
        for i in 0..<100 { cids.append(try store.putIPLD(.list([.int(Int64(i)), .string("x\(i)")]))) }
        for (i, cid) in cids.enumerated() {
            #expect(try store.getIPLD(cid) == .list([.int(Int64(i)), .string("x\(i)")]))
            #expect(try store.has(cid))
        }
        let missing = CID(codec: .raw, hashing: [1, 2, 3])
        #expect(try store.get(missing) == nil)
        #expect(throws: IPLDError.blockNotFound(missing.description)) { try store.require(missing) }
    }

    @Test func memoryStore() throws { try exercise(MemoryBlockstore()) }

    @Test func sqliteStorePersistsAcrossReopen() throws {
        let path = Self.tempPath("blocks.sqlite")
        try exercise(try SQLiteBlockstore(path: path))
        let h = HAMT(store: try SQLiteBlockstore(path: path))
        for i in 0..<500 { try h.set(Array("k\(i)".utf8), .int(Int64(i))) }
        let root = try h.flush()
        let reopened = try HAMT(loading: root, store: try SQLiteBlockstore(path: path))
        for i in 0..<500 { #expect(try reopened.get(Array("k\(i)".utf8)) == .int(Int64(i))) }
    }

    @Test func sqliteStoreRejectsAFileThatIsNotADatabase() throws {
        let path = Self.tempPath("garbage.sqlite")
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(throws: IPLDError.self) { try SQLiteBlockstore(path: path) }
    }

    /// Only what the new root reaches is written; a discarded execution writes nothing.
    @Test func bufferedStoreFlushesOnlyReachableBlocks() throws {
        let base = MemoryBlockstore()
        let buffered = BufferedBlockstore(base: base)
        let h = HAMT(store: buffered, config: .init(bitWidth: 5))
        for i in 0..<300 { try h.set(Array("key\(i)".utf8), .int(Int64(i))) }
        _ = try h.flush()  // An intermediate root: its nodes become garbage after the next changes.
        for i in 0..<100 { try h.delete(Array("key\(i)".utf8)) }
        let root = try h.flush()
        try buffered.putIPLD(.string("unreachable scratch"))
        #expect(base.count == 0)
        let written = try buffered.flush(root: root)
        #expect(written == base.count)
        #expect(buffered.bufferedCount == 0)
        // Every block in the base is reachable from the root, and the HAMT loads from the base alone.
        var reachable: Set<CID> = []
        var stack = [root]
        while let c = stack.popLast() {
            guard reachable.insert(c).inserted else { continue }
            stack.append(contentsOf: try base.getIPLD(c).links)
        }
        #expect(Set(base.blocks.keys) == reachable)
        let loaded = try HAMT(loading: root, store: base, config: .init(bitWidth: 5))
        for i in 100..<300 { #expect(try loaded.get(Array("key\(i)".utf8)) == .int(Int64(i))) }

        let failed = BufferedBlockstore(base: base)
        let h2 = try HAMT(loading: root, store: failed, config: .init(bitWidth: 5))
        try h2.set(Array("doomed".utf8), .null)
        _ = try h2.flush()
        failed.discard()
        #expect(base.count == written)
    }
}
