import CairnIPLD

/// A state tree to start from: the built-in singletons at their IDs.
public enum Genesis {
    /// A machine over `stateTree` with `builtins` installed (Wasm bytes by type) and the
    /// singletons created: system (0), init (1), burnt funds (99, an account). Built-in types
    /// without Wasm still get a code CID (of their name), so that accounts and placeholders
    /// exist without code.
    public static func machine(
        stateTree: StateTree, builtins wasm: [BuiltinActors.Kind: [UInt8]], network: NetworkContext = NetworkContext()
    ) throws -> Machine {
        let machine = Machine(stateTree: stateTree, network: network)
        try stateTree.store.put(CallManager.emptyArrayCID, [0x80])
        var builtins = BuiltinActors()
        for kind in BuiltinActors.Kind.allCases {
            if let bytes = wasm[kind] {
                builtins.codes[kind] = try machine.code.install(bytes)
            } else if [.system, .initActor, .account, .placeholder].contains(kind) {
                builtins.codes[kind] = CID(codec: .raw, hashing: Array("fil/cairn/\(kind)".utf8), with: .identity)
            }
        }
        machine.builtins = builtins
        let singletons: [(UInt64, BuiltinActors.Kind)] = [
            (BuiltinActors.systemActorID, .system), (BuiltinActors.initActorID, .initActor),
            (BuiltinActors.burntFundsActorID, .account),
        ]
        for (id, kind) in singletons {
            stateTree.setActor(
                id, ActorState(code: builtins.codes[kind]!, state: CallManager.emptyArrayCID, sequence: 0, balance: .zero, delegatedAddress: nil))
        }
        return machine
    }
}
