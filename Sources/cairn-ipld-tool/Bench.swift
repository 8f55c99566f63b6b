import CairnIPLD
import Foundation

/// `cairn-ipld-tool bench`: DAG-CBOR encode/decode throughput and HAMT insert/lookup/flush
/// rates, in memory and in SQLite. Prints one `key value` line per figure; `scripts/ipld-bench.py`
/// runs it beside libipld on the same blocks (the corpus is written as a CAR for that).
enum Bench {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func report(_ key: String, _ value: Double, _ unit: String) {
        print("\(key) \(String(format: "%.1f", value)) \(unit)")
    }

    static func run(quick: Bool, sqliteDir: String, corpusOut: String? = nil) throws {
        let blocks = try corpus(count: quick ? 2_000 : 20_000)
        if let corpusOut {
            try Data(try CAR.writeV1(roots: [blocks[0].0], blocks: blocks)).write(to: URL(fileURLWithPath: corpusOut))
        }
        try codecFigures(blocks)
        for n in quick ? [1_000, 10_000] : [1_000, 100_000, 1_000_000] {
            try hamtFigures(n: n, store: MemoryBlockstore(), label: "memory")
            let path = (sqliteDir as NSString).appendingPathComponent("cairn-ipld-bench-\(n)-\(getpid()).sqlite")
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            try hamtFigures(n: n, store: SQLiteBlockstore(path: path), label: "sqlite")
        }
    }

    /// Filecoin-like blocks: tuples of integers, addresses (bytes), strings, links and nested lists.
    static func corpus(count: Int) throws -> [(CID, [UInt8])] {
        var rng = SystemRandomNumberGenerator.Seeded(seed: 1)
        var out: [(CID, [UInt8])] = []
        var previous = CID(codec: .raw, hashing: [0])
        for i in 0..<count {
            let value: IPLD = .list([
                .int(Int64(i)), .uint(rng.next()), .bytes((0..<21).map { _ in UInt8(truncatingIfNeeded: rng.next()) }),
                .string("method-\(i % 37)"), .link(previous), .float(Double(i) / 7),
                .map(["gas": .int(Int64(rng.next() % 1_000_000)), "params": .bytes((0..<Int(rng.next() % 200)).map { UInt8(truncatingIfNeeded: $0) }),
                      "nonce": .int(Int64(i)), "events": .list((0..<Int(rng.next() % 5)).map { .int(Int64($0)) })]),
            ])
            let bytes = try DAGCBOR.encode(value)
            previous = CID(codec: .dagCBOR, hashing: bytes)
            out.append((previous, bytes))
        }
        return out
    }

    /// Decode and encode are each timed as the best of five passes over the corpus, as
    /// `scripts/ipld-bench.py` times libipld (best of three): one pass of the quick corpus lasts
    /// milliseconds, and on a shared machine a single pass mostly measures the neighbours.
    static func codecFigures(_ blocks: [(CID, [UInt8])]) throws {
        let totalBytes = Double(blocks.reduce(0) { $0 + $1.1.count })
        var values: [IPLD] = []
        var decode = Double.infinity, encode = Double.infinity
        var sink = 0
        for _ in 0..<5 {
            values = []
            decode = min(decode, try seconds { values = try blocks.map { try DAGCBOR.decode($0.1) } })
            sink = 0
            encode = min(encode, try seconds { for v in values { sink &+= try DAGCBOR.encode(v).count } })
            precondition(sink == Int(totalBytes))
        }
        report("dagcbor.blocks", Double(blocks.count), "blocks")
        report("dagcbor.decode", totalBytes / decode / 1e6, "MB/s")
        report("dagcbor.encode", totalBytes / encode / 1e6, "MB/s")
        report("dagcbor.decode_blocks", Double(blocks.count) / decode, "blocks/s")
        report("dagcbor.encode_blocks", Double(blocks.count) / encode, "blocks/s")
        let hash = seconds { for b in blocks { sink &+= CID(codec: .dagCBOR, hashing: b.1).bytes.count } }
        report("cid.blake2b256", totalBytes / hash / 1e6, "MB/s")
    }

    static func hamtFigures(n: Int, store: any Blockstore, label: String) throws {
        let keys = (0..<n).map { Array("key-\($0)".utf8) }
        let h = HAMT(store: store, config: .init(bitWidth: 5))
        let insert = try seconds { for (i, k) in keys.enumerated() { try h.set(k, .int(Int64(i))) } }
        var root = CID(codec: .raw, hashing: [])
        let flush = try seconds { root = try h.flush() }
        let cold = try HAMT(loading: root, store: store, config: .init(bitWidth: 5))
        var found = 0
        let lookup = try seconds { for k in keys { if try cold.get(k) != nil { found += 1 } } }
        precondition(found == n, "lookups lost entries")
        report("hamt.\(label).\(n).insert", Double(n) / insert, "ops/s")
        report("hamt.\(label).\(n).flush", Double(n) / flush, "entries/s")
        report("hamt.\(label).\(n).lookup_cold", Double(n) / lookup, "ops/s")
    }
}

extension SystemRandomNumberGenerator {
    /// A seeded SplitMix64, so every run benchmarks the same data.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9e3779b97f4a7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
            z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
            return z ^ (z >> 31)
        }
    }
}
