import CairnIPLD

/// The state tree as the runtime uses it: a failure of the tree (a block missing from the
/// store, a record that does not decode) is no fault of the actor, so it ends the message
/// as a fatal error rather than becoming an error number.
extension StateTree {
    /// The actor with ID `id`, or nil.
    func runtimeActor(_ id: ActorID) throws(SyscallFailure) -> ActorState? {
        do { return try actor(id) } catch { throw .fatal("state tree: \(error)") }
    }

    /// The ID `address` resolves to, or nil.
    func runtimeResolve(_ address: Address) throws(SyscallFailure) -> ActorID? {
        do { return try resolve(address) } catch { throw .fatal("state tree: \(error)") }
    }

    /// A new ID mapped to `address` in the init actor's table.
    func runtimeRegister(_ address: Address) throws(SyscallFailure) -> ActorID {
        do { return try registerNewAddress(address) } catch { throw .fatal("state tree: \(error)") }
    }

    /// Ends the innermost transaction.
    func runtimeEndTransaction(revert: Bool) throws(SyscallFailure) {
        do { try endTransaction(revert: revert) } catch { throw .fatal("state tree: \(error)") }
    }
}
