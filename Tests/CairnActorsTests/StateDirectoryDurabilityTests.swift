import Foundation
import Testing
import CairnIPLD
@testable import CairnActors

/// The state directory without an fsync per commit (`.processCrash`), and its block cache:
/// what one directory commits, another opened on the same file reads back.
@Suite struct StateDirectoryDurabilityTests {
    /// A tree's actors, comparable.
    static func listing(_ tree: StateTree) throws -> [String] {
        try tree.actors().map { "\($0.0) \($0.1)" }
    }

    @Test func processCrashCommitsReopen() throws {
        let path = StateDirectoryTests.tempDirectory("durability")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try StateDirectory(path: path, durability: .processCrash)
        let tree = try writer.stateTree()
        var roots: [CID] = []
        for k in UInt64(1)...3 {
            try StateDirectoryTests.apply(k, to: tree, store: writer.blockstore)
            let root = try tree.flush()
            try writer.commit(root: root, height: k)
            roots.append(root)
            // A second directory on the same file sees each commit whole.
            let reader = try StateDirectory(path: path)
            #expect(try reader.head() == StateDirectory.Head(root: root, height: k))
            #expect(try Self.listing(reader.stateTree()) == Self.listing(tree))
        }
        #expect(Set(roots).count == 3)
        // The writer's cached reads agree with the file after the buffer is gone.
        writer.discard()
        let reopened = try StateTree(loading: roots[2], store: writer.blockstore)
        #expect(try Self.listing(reopened) == Self.listing(tree))
    }

    @Test func uncommittedBlocksAreNotCached() throws {
        let path = StateDirectoryTests.tempDirectory("cache")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let directory = try StateDirectory(path: path, durability: .processCrash)
        let kept = try directory.blockstore.putIPLD(.string("kept"))
        try directory.commit(root: kept, height: 1)
        #expect(try directory.blockstore.get(kept) != nil)
        let dropped = try directory.blockstore.putIPLD(.string("dropped"))
        directory.discard()
        #expect(try directory.blockstore.get(dropped) == nil)
        #expect(try directory.blockstore.has(kept))
    }
}
