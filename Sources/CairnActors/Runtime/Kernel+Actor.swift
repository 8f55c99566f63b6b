import CairnIPLD

/// The `actor` operations: other actors, addresses, code, and creating actors.
extension Kernel {
    /// The ID `address` names; `notFound` when it names no actor.
    func resolveAddress(_ address: Address) throws(SyscallFailure) -> UInt64 {
        if address.id == nil { try charge(profile.addressLookup) }
        guard let id = try stateTree.runtimeResolve(address) else { throw ErrorNumber.notFound.failure }
        return id
    }

    /// The delegated (f4) address of actor `id`, if it has one.
    func lookupDelegatedAddress(_ id: UInt64) throws(SyscallFailure) -> Address? {
        try actor(id).delegatedAddress
    }

    /// The code CID of actor `id`, which becomes reachable: a code CID the VM gave may go into
    /// a block the actor creates (as the EAM puts the EVM's code in init's Exec4 parameters).
    func actorCode(_ id: UInt64) throws(SyscallFailure) -> CID {
        let code = try actor(id).code
        reachable.insert(code)
        return code
    }

    /// The built-in type of code `cid`, or 0 when it is no built-in actor's code.
    func builtinType(_ cid: CID) -> Int32 {
        machine.builtins.kind(of: cid)?.rawValue ?? 0
    }

    /// The code CID of built-in type `type`, which becomes reachable (see ``actorCode(_:)``);
    /// `illegalArgument` when there is none.
    func codeForType(_ type: Int32) throws(SyscallFailure) -> CID {
        guard let kind = BuiltinActors.Kind(rawValue: type), let cid = machine.builtins.codes[kind] else {
            throw ErrorNumber.illegalArgument.failure
        }
        reachable.insert(cid)
        return cid
    }

    /// The robust (f2) address the next actor created in this message gets: BLAKE2b-160 of the
    /// origin's address bytes, the message nonce and the count of actors created so far in
    /// the message, both 8-byte big-endian (ref-fvm's derivation, with the address's raw bytes).
    func nextActorAddress() throws(SyscallFailure) -> Address {
        guard actorID == BuiltinActors.initActorID else { throw ErrorNumber.forbidden.failure }
        return calls.nextActorAddress()
    }

    /// Creates actor `id` running `code`, optionally with a delegated address. Only the init
    /// actor may (it assigns IDs); the code must be installed or built in and not the
    /// placeholder's, and the ID free.
    func createActor(id: UInt64, code: CID, delegatedAddress: Address?) throws(SyscallFailure) {
        try requireWritable()
        guard actorID == BuiltinActors.initActorID else { throw ErrorNumber.forbidden.failure }
        guard code != machine.builtins.placeholderCode else { throw ErrorNumber.forbidden.failure }
        guard machine.builtins.kind(of: code) != nil || machine.code.isInstalled(code) else {
            throw ErrorNumber.notFound.failure
        }
        if let delegatedAddress, delegatedAddress.addressProtocol != .delegated { throw ErrorNumber.illegalArgument.failure }
        try calls.createActor(id: id, code: code, delegatedAddress: delegatedAddress)
    }

    /// The balance of actor `id`.
    func balance(of id: UInt64) throws(SyscallFailure) -> TokenAmount {
        try actor(id).balance
    }
}
