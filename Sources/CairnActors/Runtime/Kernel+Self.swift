import CairnIPLD

/// The `self` operations: the actor's state root, balance and deletion.
extension Kernel {
    /// The actor's state root, which becomes reachable (as in ref-fvm: an actor re-reads its
    /// state after a send that may have changed it, as the EVM actor does).
    func root() throws(SyscallFailure) -> CID {
        let cid = try selfActor().state
        reachable.insert(cid)
        return cid
    }

    /// Sets the actor's state root to `cid`, which must be reachable and in the store (a link
    /// in a message's parameters is reachable but may name nothing; a root naming nothing
    /// would break every later commit of the state).
    func setRoot(_ cid: CID) throws(SyscallFailure) {
        try requireWritable()
        var actor = try selfActor()
        guard reachable.contains(cid) else { throw ErrorNumber.notFound.failure }
        let present: Bool
        do { present = try machine.store.has(cid) } catch { throw .fatal("blockstore: \(error)") }
        guard present else { throw ErrorNumber.notFound.failure }
        try calls.chargeUpdate(actorID)
        actor.state = cid
        stateTree.setActor(actorID, actor)
    }

    /// The actor's balance.
    func currentBalance() throws(SyscallFailure) -> TokenAmount {
        try selfActor().balance
    }

    /// Deletes the actor when the invocation ends (successfully). Its balance must be zero
    /// unless `burnUnspent`, which sends the balance to the burnt-funds actor now.
    func selfDestruct(burnUnspent: Bool) throws(SyscallFailure) {
        try requireWritable()
        let actor = try selfActor()
        if !actor.balance.isZero {
            guard burnUnspent else { throw ErrorNumber.illegalOperation.failure }
            try calls.transfer(from: actorID, to: BuiltinActors.burntFundsActorID, value: actor.balance)
        }
        try calls.chargeUpdate(actorID)
        selfDestructed = true
    }
}
