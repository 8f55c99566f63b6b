import Testing
@testable import CairnIPLD

/// The operation sequences of ref-fvm's `ipld/hamt/tests/hamt_tests.rs`, with its pinned root CIDs.
@Suite struct HAMTTests {
    func t(_ v: some CustomStringConvertible) -> [UInt8] { Array(v.description.utf8) }
    func tv(_ v: some CustomStringConvertible) -> IPLD { .bytes(t(v)) }
    func hamt(_ store: MemoryBlockstore, bitWidth: Int = 8, keyHash: HAMT.KeyHash = .sha256) -> HAMT {
        HAMT(store: store, config: .init(bitWidth: bitWidth, keyHash: keyHash))
    }

    @Test func setIfAbsent() throws {
        let store = MemoryBlockstore()
        let h = hamt(store)
        #expect(try h.setIfAbsent(t("favorite-animal"), tv("owl bear")))
        #expect(try !h.setIfAbsent(t("favorite-animal"), tv("bright green bear")))
        #expect(try !h.setIfAbsent(t("favorite-animal"), tv("owl bear")))
        let c = try h.flush()
        let h2 = try HAMT(loading: c, store: store)
        #expect(try !h2.setIfAbsent(t("favorite-animal"), tv("bright green bear")))
        #expect(c.description == "bafy2bzaced2tgnlsq4n2ioe6ldy75fw3vlrrkyfv4bq6didbwoob2552zvpuk")
    }

    @Test func setWithNoEffectDoesNotChangeTheRoot() throws {
        let store = MemoryBlockstore()
        let h = hamt(store, bitWidth: 1)
        for i in 0..<(2 * 3 * 5) { try h.set(t(i), tv("filler")) }
        #expect(try h.flush().description == "bafy2bzacebjilcrsqa4uyxuh36gllup4rlgnvwgeywdm5yqq2ks4jrsj756qq")
        try h.set(t("favorite-animal"), tv("bright green bear"))
        #expect(try h.flush().description == "bafy2bzacea7biyabzk7v7le2rrlec5tesjbdnymh5sk4lfprxibg4rtudwtku")
        let before = store.count
        try h.set(t("favorite-animal"), tv("bright green bear"))
        #expect(try h.flush().description == "bafy2bzacea7biyabzk7v7le2rrlec5tesjbdnymh5sk4lfprxibg4rtudwtku")
        #expect(store.count == before)
    }

    @Test func delete() throws {
        let store = MemoryBlockstore()
        let h = hamt(store)
        try h.set(t("foo"), tv("cat dog bear"))
        try h.set(t("bar"), tv("cat dog"))
        try h.set(t("baz"), tv("cat"))
        let c = try h.flush()
        #expect(c.description == "bafy2bzacebql36crv4odvxzstx2ubaczmawy2tlljxezvorcsoqeyyojxkrom")
        let h2 = try HAMT(loading: c, store: store)
        #expect(try h2.delete(t("foo")) != nil)
        #expect(try h2.get(t("foo")) == nil)
        #expect(try h2.flush().description == "bafy2bzaced7up7wkm7cirieh5bs4iyula5inrprihmjzozmku3ywvekzzmlyi")
    }

    @Test func deleteCase() throws {
        let store = MemoryBlockstore()
        let h = hamt(store)
        try h.set([0], .bytes(Array("Test data".utf8)))
        let c = try h.flush()
        #expect(c.description == "bafy2bzaceb2hikcc6tfuuuuehjstbiq356oruwx6ejyse77zupq445unranv6")
        let h2 = try HAMT(loading: c, store: store)
        #expect(try h2.delete([0]) != nil)
        #expect(try h2.get([0]) == nil)
        #expect(try h2.flush().description == "bafy2bzaceamp42wmmgr2g2ymg46euououzfyck7szknvfacqscohrvaikwfay")
    }

    @Test func reloadEmpty() throws {
        let store = MemoryBlockstore()
        let c = try hamt(store).flush()
        let c2 = try HAMT(loading: c, store: store).flush()
        #expect(c == c2)
        #expect(c.description == "bafy2bzaceamp42wmmgr2g2ymg46euououzfyck7szknvfacqscohrvaikwfay")
    }

    @Test func setDeleteMany() throws {
        let store = MemoryBlockstore()
        let h = hamt(store, bitWidth: 5)
        for i in 0..<200 { try h.set(t(i), tv(i)) }
        #expect(try h.flush().description == "bafy2bzaceczhz54xmmz3xqnbmvxfbaty3qprr6dq7xh5vzwqbirlsnbd36z7a")
        for i in 200..<400 { try h.set(t(i), tv(i)) }
        #expect(try h.flush().description == "bafy2bzacecxcp736xkl2mcyjlors3tug6vdlbispbzxvb75xlrhthiw2xwxvw")
        for i in 200..<400 { #expect(try h.delete(t(i)) != nil) }
        for i in 0..<200 { #expect(try h.get(t(i)) == tv(i)) }
        #expect(try h.flush().description == "bafy2bzaceczhz54xmmz3xqnbmvxfbaty3qprr6dq7xh5vzwqbirlsnbd36z7a")
    }

    @Test func forEach() throws {
        let store = MemoryBlockstore()
        let h = hamt(store, bitWidth: 5)
        for i in 0..<200 { try h.set(t(i), tv(i)) }
        var count = 0
        try h.forEach { k, v in #expect(IPLD.bytes(k) == v); count += 1 }
        #expect(count == 200)
        let c = try h.flush()
        #expect(c.description == "bafy2bzaceczhz54xmmz3xqnbmvxfbaty3qprr6dq7xh5vzwqbirlsnbd36z7a")
        let h2 = try HAMT(loading: c, store: store, config: .init(bitWidth: 5))
        count = 0
        try h2.forEach { k, v in #expect(IPLD.bytes(k) == v); count += 1 }
        #expect(count == 200)
        #expect(try h2.flush() == c)
    }

    /// ref-fvm's `add_and_remove_keys` over the identity-keyed HAMT (the KAMT's hashing).
    func addAndRemove(_ bitWidth: Int, _ keys: [String], _ extra: [String], _ expected: String) throws {
        let store = MemoryBlockstore()
        let h = hamt(store, bitWidth: bitWidth, keyHash: .identity)
        for (i, k) in keys.enumerated() { try h.set(t(k), tv(i)) }
        let cid = try h.flush()
        let h1 = try HAMT(loading: cid, store: store, config: .init(bitWidth: bitWidth, keyHash: .identity))
        for (i, k) in keys.enumerated() { #expect(try h1.get(t(k)) == tv(i)) }
        for k in extra { try h.set(t(k), tv(0)) }
        for k in extra { try h.delete(t(k)) }
        let cid2 = try h.flush()
        #expect(try h1.flush() == cid2)
        #expect(cid2.description == expected, "bit width \(bitWidth), keys \(keys)")
    }

    @Test func canonicalStructure() throws {
        try addAndRemove(8, ["K"], ["B"], "bafy2bzacecosy45hp4sz2t4o4flxvntnwjy7yaq43bykci22xycpeuj542lse")
        try addAndRemove(8, ["K0", "K1", "KAA1", "KAA2", "KAA3"], ["KAA4"], "bafy2bzaceaqdaj5aqkwugr7wx4to3fahynoqlxuo5j6xznly3khazgyxihkbo")
    }

    @Test func canonicalStructureAltBitWidth() throws {
        let kb = ["bafy2bzacec3cquclaqkb32cntwtizgij55b7isb4s5hv5hv5ujbbeu6clxkug",
                  "bafy2bzacebj7b2jahw7nxmu6mlhkwzucjmfq7aqlj52jusqtufqtaxcma4pdm",
                  "bafy2bzacedrwwndijql6lmmtyicjwyehxtgey5fhzocc43hrzhetrz25v2k2y"]
        let other = ["bafy2bzacedbiipe7l7gbtjandyyl6rqlkuqr2im2nl7d4bljidv5mta22rjqk",
                     "bafy2bzaceb3c76qlbsiv3baogpao3zah56eqonsowpkof33o5hmncfow4seso",
                     "bafy2bzacebhkyrwfexokaoygsx2crydq3fosiyfoa5bthphntmicsco2xf442"]
        for bw in 5..<8 {
            try addAndRemove(bw, ["K"], ["B"], kb[bw - 5])
            try addAndRemove(bw, ["K0", "K1", "KAA1", "KAA2", "KAA3"], ["KAA4"], other[bw - 5])
        }
    }

    @Test func cleanChildOrdering() throws {
        let store = MemoryBlockstore()
        let h = hamt(store, bitWidth: 5)
        for i in UInt64(100)..<195 { try h.set(Varint.encode(i), .int(42)) }
        let root = try h.flush()
        #expect(root.description == "bafy2bzacebqox3gtng4ytexyacr6zmaliyins3llnhbnfbcrqmhzuhmuuawqk")
        let h2 = try HAMT(loading: root, store: store, config: .init(bitWidth: 5))
        try h2.delete(Varint.encode(104))
        try h2.delete(Varint.encode(108))
        #expect(try h2.flush().description == "bafy2bzacedlyeuub3mo4aweqs7zyxrbldsq2u4a2taswubudgupglu2j4eru6")
    }

    /// The shape depends only on the set of entries: any insertion order, with deletes mixed in,
    /// flushes to the same root as inserting the survivors into an empty HAMT.
    @Test func rootIsIndependentOfOperationOrder() throws {
        var rng = SplitMix(seed: 42)
        for round in 0..<20 {
            let bw = 1 + round % 8
            let n = 50 + Int(rng.next() % 300)
            let keys = (0..<n).map { _ in t(rng.next() % 1000) }
            let a = hamt(MemoryBlockstore(), bitWidth: bw)
            var model: [[UInt8]: IPLD] = [:]
            for (i, k) in keys.enumerated() {
                if rng.next() % 4 == 0 { try a.delete(k); model[k] = nil }
                else { try a.set(k, .int(Int64(i))); model[k] = .int(Int64(i)) }
            }
            let b = hamt(MemoryBlockstore(), bitWidth: bw)
            for (k, v) in model.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }).reversed() { try b.set(k, v) }
            #expect(try a.flush() == b.flush())
            for (k, v) in model { #expect(try a.get(k) == v) }
            #expect(try a.entries().count == model.count)
        }
    }
}
