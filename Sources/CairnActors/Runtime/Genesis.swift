import CairnIPLD

/// A state tree to start from: the built-in singletons at their IDs.
public enum Genesis {
    /// The key address of the burnt-funds account (ID 99), whose state holds one as every
    /// account's does: the f1 address with payload BLAKE2b-160 of `cairn/burnt-funds`, a key
    /// nobody holds.
    public static let burntFundsAddress = Address.secp256k1(BLAKE2b.hash(Array("cairn/burnt-funds".utf8), digestLength: 20))

    /// A machine over `stateTree` with the built-in actors' Wasm `wasm` installed (by type)
    /// and the singletons in place, their states written as their constructors would write
    /// them (docs/actors-builtin.md): system (0) `[manifest]` (the built-ins' code CIDs, as
    /// builtin-actors' system state links its manifest), init (1) an empty address map with next
    /// ID 100, burnt funds (99) an account of ``burntFundsAddress``, and, when the EAM's Wasm is
    /// given, the Ethereum Address Manager (10) with the empty state. A type without Wasm still
    /// gets a code CID (identity-hashed `fil/cairn/<type>`), so that accounts and placeholders
    /// exist, and can send, without code.
    public static func machine(
        stateTree: StateTree, builtins wasm: [BuiltinActors.Kind: [UInt8]], network: NetworkContext = NetworkContext(),
        networkName: String = "cairn"
    ) throws -> Machine {
        let machine = Machine(stateTree: stateTree, network: network)
        let store = stateTree.store
        try store.put(CallManager.emptyArrayCID, [0x80])
        var builtins = BuiltinActors()
        for kind in BuiltinActors.Kind.allCases {
            if let bytes = wasm[kind] {
                builtins.codes[kind] = try machine.code.install(bytes)
            } else if [.system, .initActor, .account, .placeholder].contains(kind) {
                builtins.codes[kind] = CID(codec: .raw, hashing: Array("fil/cairn/\(kind)".utf8), with: .identity)
            }
        }
        machine.builtins = builtins
        let systemState = try store.putIPLD(.list([.link(try store.putIPLD(builtins.manifest))]))
        let initState = try store.putIPLD(try InitActorState.empty(store: store, networkName: networkName).ipld)
        let burntState = try store.putIPLD(.list([.bytes(burntFundsAddress.bytes)]))
        var singletons: [(ActorID, BuiltinActors.Kind, CID)] = [
            (BuiltinActors.systemActorID, .system, systemState), (BuiltinActors.initActorID, .initActor, initState),
            (BuiltinActors.burntFundsActorID, .account, burntState),
        ]
        if builtins.codes[.eam] != nil { singletons.append((BuiltinActors.eamActorID, .eam, CallManager.emptyArrayCID)) }
        for (id, kind, state) in singletons {
            stateTree.setActor(id, ActorState(code: builtins.codes[kind]!, state: state))
        }
        return machine
    }
}
