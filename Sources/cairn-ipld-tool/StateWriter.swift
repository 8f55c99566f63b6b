import CairnActors
import CairnIPLD
import Foundation

/// The writer CairnActors' state-directory kill -9 test kills: commit K applies
/// `StateWorkload.apply(K)` to the state tree, flushes it and commits the root at height K,
/// then prints `committed K ROOT` (only after the commit returned).
enum StateWriter {
    static func run(path: String) throws {
        let directory = try StateDirectory(path: path)
        let tree = try directory.stateTree()
        var k = (try directory.head()?.height ?? 0) + 1
        while true {
            try StateWorkload.apply(k, to: tree, store: directory.blockstore)
            let root = try tree.flush()
            try directory.commit(root: root, height: k)
            FileHandle.standardOutput.write(Data("committed \(k) \(root)\n".utf8))
            k += 1
        }
    }
}

/// The deterministic updates of commit `k` (the test in Tests/CairnActorsTests/StateDirectoryTests
/// repeats them to know every root the writer can commit; keep the two identical).
enum StateWorkload {
    static func apply(_ k: UInt64, to tree: StateTree, store: any Blockstore) throws {
        let code = try store.putIPLD(.string("workload-code"))
        let state = try store.putIPLD(.list([.uint(k), .bytes([UInt8](repeating: UInt8(k % 251), count: 300))]))
        for j in UInt64(0)..<20 {
            let id = 100 + (k * 37 + j * 101) % 2000
            tree.setActor(id, ActorState(code: code, state: state, sequence: k, balance: TokenAmount(atto: .init(k * 1000 + j))))
        }
        if k % 3 == 0 { tree.deleteActor(100 + (k * 53) % 2000) }
    }
}
