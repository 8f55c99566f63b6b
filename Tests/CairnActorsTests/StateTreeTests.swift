import CairnIPLD
import Testing
@testable import CairnActors

/// The state tree: records, roots and HAMT layout against blocks built independently with
/// Python (dag-cbor, multiformats, hashlib: the one-entry HAMT node by hand), transactions,
/// and address resolution through the init actor.
@Suite struct StateTreeTests {
    static let code = try! CID("bafy2bzacearrnnv2gh6eaevei6ae7pbhmuihgkhr6ywrdpq753mu6qwi7npxa")  // CBOR "code"
    static let emptyMap = try! CID("bafy2bzacedjwujqzuzzesrqe4en3ir6lz5jdd2psxis4efuro7w4sqn5kcwwy")  // CBOR {}

    static func actor(_ n: UInt64) -> ActorState {
        ActorState(code: code, state: emptyMap, sequence: n, balance: TokenAmount(atto: .init(n) * 1000))
    }

    @Test func actorStateBytes() throws {
        let state = ActorState(code: Self.code, state: Self.emptyMap, sequence: 3, balance: .fil(1),
                               delegatedAddress: try Address(delegatedNamespace: 10, subaddress: Array(0..<20)))
        let bytes = try DAGCBOR.encode(state.ipld())
        #expect(bytes == hex("85d82a5827000171a0e402202316b6ba31fc4012a447804fbc2765107328f1f62d11be1feed94f42c8fb5f70d82a5827000171a0e40220d36a2619a672494604e11bb447cbcf5231e9f2ba25c2169177edc941bd50ad6c0349000de0b6b3a764000056040a000102030405060708090a0b0c0d0e0f10111213"))
        #expect(try ActorState(ipld: DAGCBOR.decode(bytes)) == state)
        var plain = state
        plain.delegatedAddress = nil
        guard case .list(let fields) = try plain.ipld() else { Issue.record("not a list"); return }
        #expect(fields.count == 5 && fields[4] == .null)
        #expect(throws: ActorDataError.shape("actor state: expected 5 fields, got 4")) { try ActorState(ipld: .list(Array(fields.prefix(4)))) }
    }

    @Test func emptyTreeRoot() throws {
        let store = MemoryBlockstore()
        let tree = try StateTree(store: store)
        let root = try tree.flush()
        #expect(root.description == "bafy2bzacea5kvshrbmhig767evdmtc7rmslswb5usgloeuzcoepdysahz6fnq")
        #expect(try store.require(root) == hex("8305d82a5827000171a0e4022018fe6acc61a3a36b0c373c4a3a8ea64b812bf2ca9b528050909c78d408558a0cd82a5827000171a0e4022045b0cfc220ceec5b7c1c62c4d4193d38e4eba48e8815729ce75f9c0ab0e4c1c0"))
        let info = try StateRoot(ipld: store.getIPLD(root)).info
        #expect(try store.require(info) == [0x80])
    }

    /// One actor: the HAMT root is one node with one bucket in slot 16 (the top five bits of
    /// SHA-256 of the key `00 e8 07`), as built by hand in Python.
    @Test func oneActorRoot() throws {
        let store = MemoryBlockstore()
        let tree = try StateTree(store: store)
        tree.setActor(1000, ActorState(code: Self.code, state: Self.emptyMap, sequence: 3, balance: .fil(1),
                                       delegatedAddress: try Address(delegatedNamespace: 10, subaddress: Array(0..<20))))
        let root = try tree.flush()
        #expect(root.description == "bafy2bzaceasnbcxaultx5zg6esawinne3dvwdogieycqp6roiuxr6k3ojl2hw")
        #expect(try StateRoot(ipld: store.getIPLD(root)).actors.description == "bafy2bzaceahppbgzmf2oasqhw35w4jlxl23gfgeiptypnmvi4c2ihro26nbpy")
    }

    @Test func setGetDeleteFlushReload() throws {
        let store = MemoryBlockstore()
        let tree = try StateTree(store: store)
        for id in UInt64(100)..<UInt64(400) { tree.setActor(id, Self.actor(id)) }
        #expect(try tree.actor(150) == Self.actor(150))
        tree.deleteActor(150)
        #expect(try tree.actor(150) == nil)
        let root = try tree.flush()
        let reloaded = try StateTree(loading: root, store: store)
        #expect(try reloaded.actor(150) == nil)
        #expect(try reloaded.actor(399) == Self.actor(399))
        #expect(try reloaded.actor(400) == nil)
        #expect(try reloaded.actors().count == 299)
        #expect(try reloaded.flush() == root)
        // Mutation through the closure, and of a missing actor.
        #expect(try reloaded.mutateActor(200) { $0.sequence += 1 })
        #expect(try reloaded.actor(200)?.sequence == 201)
        #expect(try !reloaded.mutateActor(150) { $0.sequence += 1 })
        #expect(try reloaded.flush() != root)
    }

    /// The root depends only on the set of actors, not on the order or the flushes in between.
    @Test func orderIndependence() throws {
        let ids = Array(UInt64(0)..<UInt64(200))
        var roots: Set<CID> = []
        for seed in 0..<3 {
            var rng = SplitMix(seed: UInt64(seed))
            let tree = try StateTree(store: MemoryBlockstore())
            for (i, id) in ids.shuffled(using: &rng).enumerated() {
                tree.setActor(id, Self.actor(id))
                tree.setActor(id + 1000, Self.actor(id))
                if i % 50 == 7 { _ = try tree.flush() }
            }
            for id in ids { tree.deleteActor(id + 1000) }
            roots.insert(try tree.flush())
        }
        #expect(roots.count == 1)
    }

    @Test func nestedTransactions() throws {
        let tree = try StateTree(store: MemoryBlockstore())
        tree.setActor(1, Self.actor(1))
        let base = try tree.flush()
        tree.beginTransaction()
        tree.setActor(2, Self.actor(2))
        tree.beginTransaction()
        tree.setActor(3, Self.actor(3))
        tree.deleteActor(1)
        #expect(tree.transactionDepth == 2)
        #expect(try tree.actor(1) == nil)
        #expect(throws: ActorDataError.stateTree("flush with 2 transaction(s) open")) { try tree.flush() }
        try tree.endTransaction(revert: true)  // drops 3 and the delete of 1
        #expect(try tree.actor(1) == Self.actor(1))
        #expect(try tree.actor(3) == nil)
        #expect(try tree.actor(2) == Self.actor(2))
        tree.beginTransaction()
        tree.setActor(4, Self.actor(4))
        try tree.endTransaction(revert: false)  // keeps 4 in the outer transaction
        try tree.endTransaction(revert: true)  // drops 2 and 4
        #expect(try tree.actor(2) == nil && tree.actor(4) == nil)
        #expect(try tree.flush() == base)
        #expect(throws: ActorDataError.stateTree("no transaction to end")) { try tree.endTransaction(revert: false) }
        tree.beginTransaction()
        tree.setActor(5, Self.actor(5))
        try tree.endTransaction(revert: false)
        #expect(try tree.flush() != base)
    }

    @Test func resolveWithClosure() throws {
        let tree = try StateTree(store: MemoryBlockstore())
        let key = try Address.secp256k1(hash: [UInt8](repeating: 1, count: 20))
        var lookups = 0
        let lookup: (Address) throws(ActorDataError) -> ActorID? = { address in
            lookups += 1
            return address == key ? 101 : nil
        }
        #expect(try tree.resolve(.id(7), lookup: lookup) == 7)
        #expect(lookups == 0)
        tree.beginTransaction()
        #expect(try tree.resolve(key, lookup: lookup) == 101)
        #expect(try tree.resolve(key, lookup: lookup) == 101)
        #expect(lookups == 1)  // cached
        try tree.endTransaction(revert: true)  // the cache entry goes with the transaction
        #expect(try tree.resolve(key, lookup: lookup) == 101)
        #expect(lookups == 2)
        #expect(try tree.resolve(.actor([UInt8](repeating: 2, count: 20)), lookup: lookup) == nil)
    }

    @Test func resolveThroughInitActor() throws {
        let store = MemoryBlockstore()
        let tree = try StateTree(store: store)
        let key = try Address.secp256k1(hash: [UInt8](repeating: 1, count: 20))
        #expect(try tree.resolve(key) == nil)  // no init actor yet
        let initState = try InitActorState.empty(store: store, networkName: "cairn")
        tree.setActor(InitActorState.actorID, ActorState(code: Self.code, state: try store.putIPLD(initState.ipld)))
        #expect(try tree.resolve(key) == nil)
        tree.beginTransaction()
        #expect(try tree.registerNewAddress(key) == 100)
        #expect(try tree.resolve(key) == 100)
        try tree.endTransaction(revert: true)
        #expect(try tree.resolve(key) == nil)  // both the map change and the cache were dropped
        #expect(try tree.registerNewAddress(key) == 100)
        let f4 = try Address(delegatedNamespace: 10, subaddress: [UInt8](repeating: 3, count: 20))
        #expect(try tree.registerNewAddress(f4) == 101)
        #expect(throws: ActorDataError.stateTree("address \(key) already mapped")) { try tree.registerNewAddress(key) }
        let genesisKey = try Address.secp256k1(hash: [UInt8](repeating: 9, count: 20))
        try tree.registerAddress(genesisKey, id: 500)
        #expect(try tree.resolve(genesisKey) == 500)
        #expect(throws: ActorDataError.stateTree("address \(genesisKey) already mapped")) { try tree.registerAddress(genesisKey, id: 7) }
        try tree.registerAddress(.actor([UInt8](repeating: 4, count: 20)), id: 9)  // below nextID: nextID stays
        tree.setActor(100, Self.actor(100))
        // A fresh tree over the flushed root resolves through the stored map, not a cache.
        let reloaded = try StateTree(loading: try tree.flush(), store: store)
        #expect(try reloaded.resolve(key) == 100)
        #expect(try reloaded.resolve(f4) == 101)
        #expect(try reloaded.actor(at: key) == Self.actor(100))
        #expect(try reloaded.resolve(genesisKey) == 500)
        #expect(try reloaded.resolve(.actor([UInt8](repeating: 4, count: 20))) == 9)
        #expect(try reloaded.initActorState()?.nextID == 501)
    }

    @Test func malformedRoots() throws {
        let store = MemoryBlockstore()
        let info = try store.putIPLD(.list([]))
        let v4 = try store.putIPLD(StateRoot(version: 4, actors: info, info: info).ipld)
        #expect(throws: ActorDataError.stateTree("unsupported state tree version 4")) { try StateTree(loading: v4, store: store) }
        let notATuple = try store.putIPLD(.map([:]))
        #expect(throws: ActorDataError.shape("state root: expected a list, got map")) { try StateTree(loading: notATuple, store: store) }
        let missing = CID(codec: .dagCBOR, hashing: [0x80, 0x80])
        #expect(throws: ActorDataError.self) { try StateTree(loading: missing, store: store) }
    }
}

/// A seeded generator, so shuffles are reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
