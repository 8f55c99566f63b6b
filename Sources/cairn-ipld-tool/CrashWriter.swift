import CairnIPLD
import Foundation

/// The writer the kill -9 test kills: batch K is `CrashWorkload.blocks(K)`, written in one
/// `putMany`, and reported on stdout only after the commit returns.
enum CrashWriter {
    static func run(path: String) throws {
        let store = try SQLiteBlockstore(path: path)
        var k = 0
        while true {
            try store.putMany(try CrashWorkload.blocks(flush: k))
            // Unbuffered, so the line is out as soon as the commit returned.
            FileHandle.standardOutput.write(Data("flushed \(k)\n".utf8))
            k += 1
        }
    }
}

/// The crash test's deterministic batches (the test recomputes them to check what survived).
enum CrashWorkload {
    static let blocksPerFlush = 1500

    /// Batch `k`: `blocksPerFlush` leaves and a root linking them all, root last.
    static func blocks(flush k: Int) throws -> [(CID, [UInt8])] {
        var out: [(CID, [UInt8])] = []
        for j in 0..<blocksPerFlush {
            let leaf = try DAGCBOR.encode(.list([.string("leaf"), .int(Int64(k)), .int(Int64(j)),
                                                 .bytes([UInt8](repeating: UInt8((k * 31 + j) % 251), count: 512))]))
            out.append((CID(codec: .dagCBOR, hashing: leaf), leaf))
        }
        let root = try DAGCBOR.encode(.list([.string("root"), .int(Int64(k)), .list(out.map { .link($0.0) })]))
        out.append((CID(codec: .dagCBOR, hashing: root), root))
        return out
    }
}
