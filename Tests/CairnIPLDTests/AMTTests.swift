import Testing
@testable import CairnIPLD

/// The operation sequences of ref-fvm's `ipld/amt/tests/amt_tests.rs`, with its pinned root CIDs.
@Suite struct AMTTests {
    func b(_ s: String) -> IPLD { .bytes(Array(s.utf8)) }

    @Test func basicGetSet() throws {
        let store = MemoryBlockstore()
        let a = AMT(store: store)
        try a.set(2, b("foo"))
        #expect(try a.get(2) == b("foo"))
        #expect(a.count == 1)
        let c = try a.flush()
        #expect(try AMT(loading: c, store: store).get(2) == b("foo"))
        #expect(try a.flush().description == "bafy2bzacedv5uu5za6oqtnozjvju5lhbgaybayzhw4txiojw7hd47ktgbv5wc")
    }

    @Test func legacyV0BasicGetSet() throws {
        let store = MemoryBlockstore()
        let a = AMT(store: store, version: .v0)
        try a.set(2, b("foo"))
        let c = try a.flush()
        #expect(try AMT(loading: c, store: store, version: .v0).get(2) == b("foo"))
        #expect(c.description == "bafy2bzaceansvim5z2rzifilsbzsjuoul2adx7iad7x3b4paj3qsexqf6ovxk")
    }

    @Test func outOfRange() throws {
        let a = AMT(store: MemoryBlockstore())
        try a.set(AMT.maxIndex, b("what is up"))
        #expect(a.height == 21)
        #expect(throws: IPLDError.self) { try a.set(AMT.maxIndex + 1, b("what is up")) }
        try a.set(AMT.maxIndex - 1, b("what is up"))
        #expect(a.height == 21)
        #expect(try a.flush().description == "bafy2bzacecl3zuubhdvkojg6uhbu4mebaehx554q6algfjitqiivvnrqprkxo")
    }

    @Test func expand() throws {
        let store = MemoryBlockstore()
        let a = AMT(store: store)
        try a.set(2, b("foo"))
        try a.set(11, b("bar"))
        try a.set(79, b("baz"))
        let c = try a.flush()
        let loaded = try AMT(loading: c, store: store)
        for (i, v) in [(2, "foo"), (11, "bar"), (79, "baz")] { #expect(try loaded.get(UInt64(i)) == b(v)) }
        #expect(c.description == "bafy2bzacecughjbclx3lbqwibrwc6pe7nttlc3qewedsrayghsvh5j5lpofiq")
    }

    @Test func bulkInsert() throws {
        let store = MemoryBlockstore()
        let a = AMT(store: store)
        for i in UInt64(0)..<5000 { try a.set(i, b("foo foo bar")) }
        #expect(a.count == 5000)
        let c = try a.flush()
        let loaded = try AMT(loading: c, store: store)
        for i in UInt64(0)..<5000 { #expect(try loaded.get(i) == b("foo foo bar")) }
        #expect(c.description == "bafy2bzacecfquuqzqzlox25aynodzw2qhxijdzfvno6tibyes3kb6nd3f7uxa")
    }

    @Test func delete() throws {
        let store = MemoryBlockstore()
        let a = AMT(store: store)
        for i in UInt64(0)..<4 { try a.set(i, b("cat")) }
        try a.delete(1)
        #expect(try a.get(1) == nil)
        #expect(a.count == 3)
        for i in [UInt64(0), 2, 3] { try a.delete(i) }
        #expect(a.count == 0)
        try a.set(23, b("dog"))
        try a.set(24, b("dog"))
        try a.delete(23)
        #expect(a.count == 1)
        let c = try a.flush()
        #expect(try AMT(loading: c, store: store).count == 1)
        let fresh = AMT(store: store)
        try fresh.set(24, b("dog"))
        #expect(try fresh.flush() == c)
        #expect(c.description == "bafy2bzacebnnxpurpb3zqqr22i7ch4uruz6hgykn3ryzoo4hh3ox2m2kufsvg")
    }

    @Test func deleteFailCheck() throws {
        let a = AMT(store: MemoryBlockstore())
        try a.set(1, .string("one"))
        try a.set(9, .string("nine"))
        #expect(a.height == 1)
        #expect(try a.delete(10) == nil)
        #expect(try a.delete(0) == nil)
        #expect(a.count == 2)
        #expect(try a.get(9) == .string("nine"))
    }

    @Test func deleteFirstEntry() throws {
        let store = MemoryBlockstore()
        let a = AMT(store: store)
        try a.set(0, b("cat"))
        try a.set(27, b("cat"))
        #expect(a.height == 1)
        try a.delete(27)
        #expect(a.count == 1)
        let c = try a.flush()
        #expect(try AMT(loading: c, store: store).height == 0)
        #expect(c.description == "bafy2bzacecmxrjeri2ojuy3riae2mpbnztx2hqggqgkcrxao2nwpga77j2vqe")
    }

    @Test func deleteReduceHeight() throws {
        let store = MemoryBlockstore()
        let a = AMT(store: store)
        try a.set(1, b("thing"))
        let c1 = try a.flush()
        try a.set(37, b("other"))
        #expect(a.height == 1)
        let c2 = try a.flush()
        let a2 = try AMT(loading: c2, store: store)
        #expect(try a2.delete(37) != nil)
        #expect(a2.height == 0)
        #expect(try a2.flush() == c1)
        #expect(c1.description == "bafy2bzacebmkyah6kppbszluix3g332hntzx6wfdcqcr5hjdsaxri5jhgrdmo")
    }

    @Test func forEach() throws {
        let store = MemoryBlockstore()
        let a = AMT(store: store)
        let indexes = (UInt64(0)..<10000).filter { ($0 + 1) % 3 == 0 }
        for i in indexes { try a.set(i, b("value")) }
        let c = try a.flush()
        var seen: [UInt64] = []
        try AMT(loading: c, store: store).forEach { i, _ in seen.append(i) }
        #expect(seen == indexes)
        #expect(c.description == "bafy2bzaceanqxtbsuyhqgxubiq6vshtbhktmzp2if4g6kxzttxmzkdxmtipcm")
    }

    @Test func forEachMutate() throws {
        let store = MemoryBlockstore()
        let a = AMT(store: store)
        for i: UInt64 in [1, 9, 66, 74, 82, 515] { try a.set(i, b("value")) }
        let c = try a.flush()
        let loaded = try AMT(loading: c, store: store)
        // Re-setting a value to itself (ref-fvm's for_each_mut with a clone) leaves the root as it was.
        for i: UInt64 in [1, 74] { try loaded.set(i, try #require(try loaded.get(i))) }
        #expect(try loaded.flush() == c)
        #expect(c.description == "bafy2bzaced44wtasbcukqjqicvxzcyn5up6sorr5khzbdkl6zjeo736f377ew")
    }

    @Test func deleteBug() throws {
        let a = AMT(store: MemoryBlockstore())
        let empty = try a.flush()
        try a.set(100_000, b("foo"))
        try a.delete(100_000)
        #expect(try a.flush() == empty)
        #expect(empty.description == "bafy2bzacedijw74yui7otvo63nfl3hdq2vdzuy7wx2tnptwed6zml4vvz7wee")
    }

    @Test func newFromIterRoundTrips() throws {
        let store = MemoryBlockstore()
        let a = AMT(store: store)
        for i in 0..<1000 { try a.set(UInt64(i), .string("thing\(i)")) }
        var restored: [IPLD] = []
        try AMT(loading: try a.flush(), store: store).forEach { _, v in restored.append(v) }
        #expect(restored == (0..<1000).map { .string("thing\($0)") })
    }

    /// Random sets and deletes agree with a dictionary model, and the root depends only on the contents.
    @Test func matchesAModel() throws {
        var rng = SplitMix(seed: 9)
        for round in 0..<15 {
            let bw = 1 + round % 5
            let a = AMT(store: MemoryBlockstore(), bitWidth: bw)
            var model: [UInt64: IPLD] = [:]
            for step in 0..<400 {
                let i = rng.next() % (round % 2 == 0 ? 200 : 100_000)
                if rng.next() % 3 == 0 { #expect(try a.delete(i) == model.removeValue(forKey: i)) }
                else { try a.set(i, .int(Int64(step))); model[i] = .int(Int64(step)) }
            }
            let b = AMT(store: MemoryBlockstore(), bitWidth: bw)
            for (i, v) in model.sorted(by: { $0.key > $1.key }) { try b.set(i, v) }
            #expect(try a.flush() == b.flush())
            #expect(a.count == UInt64(model.count))
            var seen: [UInt64] = []
            try a.forEach { i, v in seen.append(i); #expect(model[i] == v) }
            #expect(seen == model.keys.sorted())
        }
    }
}
