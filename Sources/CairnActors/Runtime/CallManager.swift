import CairnIPLD

/// The call stack of one message (ref-fvm's `CallManager`): sends between actors, each in its
/// own invocation container, with state changes buffered per call.
///
/// Every send opens a state-tree transaction before it moves value or runs code; a callee
/// that exits with a non-zero code, traps or runs out of gas has its transaction reverted,
/// with every change of the calls it made in turn, and the events they emitted dropped. A
/// successful callee's changes are committed into its caller's transaction, so they too are
/// dropped if the caller fails. Reentrancy is a send like any other: the actor gets a new
/// container with a fresh instance and fresh block handles.
public final class CallManager {
    /// The deepest call stack (ref-fvm's `max_call_depth`): a send from depth 1,024 fails with
    /// `limitExceeded`.
    public static let maxCallDepth = 1024

    let machine: Machine
    /// The message's gas.
    public let gas: GasTracker
    /// The message's sender (an ID), its address, and the message nonce.
    let origin: UInt64
    let originAddress: Address
    let nonce: UInt64
    let gasPremium: TokenAmount
    /// Invocations now on the stack.
    public private(set) var depth = 0
    /// Events emitted by calls that have not failed, in order.
    var events: [StampedEvent] = []
    /// The calls that failed since the last one that succeeded, deepest first: why the
    /// message failed, call by call (ref-fvm's backtrace).
    public private(set) var backtrace: [FailedCall] = []
    /// Actors created so far in the message (for robust addresses).
    private var actorsCreated: UInt64 = 0
    /// Actors whose lookup and update the message has paid for (each is paid once a message).
    private var looked: Set<UInt64> = []
    private var updated: Set<UInt64> = []

    init(machine: Machine, gas: GasTracker, origin: UInt64, originAddress: Address, nonce: UInt64, gasPremium: TokenAmount) {
        (self.machine, self.gas, self.origin, self.originAddress) = (machine, gas, origin, originAddress)
        (self.nonce, self.gasPremium) = (nonce, gasPremium)
    }

    /// Actors the protocol preloads, whose lookups and updates are free (FIP-0055).
    static let preloaded: Set<UInt64> = [0, 1, 2, 3, 4, 5, 6, 7, 10, 99]

    func chargeLookup(_ id: UInt64) throws(SyscallFailure) {
        guard !Self.preloaded.contains(id), looked.insert(id).inserted else { return }
        do { try gas.charge(machine.profile.actorLookup) } catch { throw .outOfGas }
    }

    func chargeUpdate(_ id: UInt64) throws(SyscallFailure) {
        try chargeLookup(id)
        guard !Self.preloaded.contains(id), updated.insert(id).inserted else { return }
        do { try gas.charge(machine.profile.actorUpdate) } catch { throw .outOfGas }
    }

    /// Sends from actor `sender` to `recipient`; see ``Kernel/send(to:method:paramsHandle:value:gasLimit:readOnly:)``.
    /// Throws the errors the sender sees as error numbers (no such actor, insufficient funds,
    /// call depth) and those that end the message; a callee's failure is its exit code.
    func send(
        from sender: UInt64, to recipient: Address, method: UInt64, params: Block?, value: TokenAmount,
        gasLimit: UInt64?, readOnly: Bool
    ) throws(SyscallFailure) -> InvocationExit {
        guard depth < Self.maxCallDepth else { throw ErrorNumber.limitExceeded.failure }
        let tree = machine.stateTree
        let eventMark = events.count
        tree.beginTransaction()
        do throws(SyscallFailure) {
            let receiver = try resolveOrCreate(recipient, readOnly: readOnly)
            let exit: InvocationExit
            do {
                exit = try gas.withSubLimit(gasLimit) { () throws(SyscallFailure) -> InvocationExit in
                    try transfer(from: sender, to: receiver, value: value, readOnly: readOnly)
                    return try invoke(
                        receiver, caller: sender, method: method, params: params, value: value, readOnly: readOnly)
                }
            } catch .outOfGas where gas.available > 0 {
                // The send's own limit ran out (in the transfer or before the callee started),
                // not the message's: that call alone fails, as in ref-fvm.
                exit = InvocationExit(.sysOutOfGas, message: "out of gas")
            }
            let failed = !exit.exitCode.isSuccess
            if failed {
                events.removeSubrange(eventMark...)
                backtrace.append(FailedCall(
                    actor: receiver, method: method, exitCode: exit.exitCode, message: exit.message, wasmFrames: exit.wasmFrames))
            } else {
                backtrace.removeAll()
            }
            try tree.runtimeEndTransaction(revert: failed)
            return exit
        } catch {
            events.removeSubrange(eventMark...)
            try? tree.endTransaction(revert: true)
            throw error
        }
    }

    /// Runs method `method` of actor `receiver` in a new invocation container (nothing for
    /// method 0, a plain transfer).
    private func invoke(
        _ receiver: UInt64, caller: UInt64, method: UInt64, params: Block?, value: TokenAmount, readOnly: Bool
    ) throws(SyscallFailure) -> InvocationExit {
        guard method != 0 else { return InvocationExit(.ok) }
        do { try gas.charge(machine.profile.sendInvokeMethod) } catch { throw .outOfGas }
        guard let actor = try machine.stateTree.runtimeActor(receiver) else { throw ErrorNumber.notFound.failure }
        guard let program = machine.code.program(actor.code) else {
            return InvocationExit(.sysInvalidReceiver, message: "actor \(receiver) has no code to run")
        }
        let kernel = Kernel(
            calls: self,
            context: InvocationContext(
                origin: origin, nonce: nonce, caller: caller, receiver: receiver, method: method,
                valueReceived: value, gasPremium: gasPremium, readOnly: readOnly),
            stateRoot: actor.state)
        let paramsHandle = try params.map { (block) throws(SyscallFailure) in try kernel.receive(block) } ?? BlockRegistry.noBlock
        depth += 1
        defer { depth -= 1 }
        let exit = try InvocationContainer.run(kernel, code: actor.code, program: program, paramsHandle: paramsHandle)
        if kernel.selfDestructed, exit.exitCode.isSuccess { machine.stateTree.deleteActor(receiver) }
        return exit
    }

    /// Moves `value` from `sender` to `receiver`: `insufficientFunds` when the sender lacks
    /// it, `readOnly` in a read-only call.
    func transfer(from sender: UInt64, to receiver: UInt64, value: TokenAmount, readOnly: Bool = false) throws(SyscallFailure) {
        guard !value.isZero else { return }
        guard !readOnly else { throw ErrorNumber.readOnly.failure }
        guard value > .zero else { throw ErrorNumber.illegalArgument.failure }
        do { try gas.charge(machine.profile.sendTransferFunds) } catch { throw .outOfGas }
        let tree = machine.stateTree
        guard var from = try tree.runtimeActor(sender) else { throw ErrorNumber.notFound.failure }
        guard from.balance >= value else { throw ErrorNumber.insufficientFunds.failure }
        try chargeUpdate(sender)
        try chargeUpdate(receiver)
        guard sender != receiver else { return }
        guard var to = try tree.runtimeActor(receiver) else { throw ErrorNumber.notFound.failure }
        from.balance = from.balance - value
        tree.setActor(sender, from)
        to.balance = to.balance + value
        tree.setActor(receiver, to)
    }

    /// The ID of the actor `address` names, creating an account (f1, f3) or a placeholder
    /// (f4) for an address that names none yet, as a send to a new key address does.
    private func resolveOrCreate(_ address: Address, readOnly: Bool) throws(SyscallFailure) -> UInt64 {
        let tree = machine.stateTree
        if address.id == nil {
            do { try gas.charge(machine.profile.addressLookup) } catch { throw .outOfGas }
        }
        if let id = try tree.runtimeResolve(address) {
            try chargeLookup(id)
            guard try tree.runtimeActor(id) != nil else { throw ErrorNumber.notFound.failure }
            return id
        }
        switch address.addressProtocol {
        case .secp256k1, .bls:
            guard !readOnly else { throw ErrorNumber.readOnly.failure }
            return try createAccount(address)
        case .delegated:
            guard !readOnly else { throw ErrorNumber.readOnly.failure }
            return try createPlaceholder(address)
        default:
            throw ErrorNumber.notFound.failure
        }
    }

    /// A new account actor for key address `address`, constructed by the system actor with
    /// the address as its parameter (a DAG-CBOR byte string, builtin-actors' transparent
    /// `ConstructorParams`) when account code is installed.
    private func createAccount(_ address: Address) throws(SyscallFailure) -> UInt64 {
        guard let code = machine.builtins.codes[.account] else { throw ErrorNumber.notFound.failure }
        let id = try machine.stateTree.runtimeRegister(address)
        try createActor(id: id, code: code, delegatedAddress: nil, assigningAddress: true)
        guard machine.code.program(code) != nil else { return id }
        let params = Block(codec: Multicodec.dagCBOR.rawValue, data: (try? DAGCBOR.encode(.bytes(address.bytes))) ?? [])
        let exit = try send(
            from: BuiltinActors.systemActorID, to: .id(id), method: 1, params: params, value: .zero, gasLimit: nil, readOnly: false)
        guard exit.exitCode.isSuccess else { throw .fatal("account constructor failed: \(exit.exitCode) \(exit.message)") }
        return id
    }

    /// A new placeholder actor for delegated address `address`.
    private func createPlaceholder(_ address: Address) throws(SyscallFailure) -> UInt64 {
        let id = try machine.stateTree.runtimeRegister(address)
        try createActor(id: id, code: machine.builtins.placeholderCode, delegatedAddress: address, assigningAddress: true)
        return id
    }

    /// Puts a new actor `id` running `code` in the state tree; `forbidden` when `id` is taken,
    /// unless by a placeholder with the same delegated address: then the new code replaces it,
    /// keeping its balance and nonce (ref-fvm's rule, so funds sent to an f410 address before a
    /// contract is deployed there belong to the contract).
    func createActor(id: UInt64, code: CID, delegatedAddress: Address?, assigningAddress: Bool = false) throws(SyscallFailure) {
        let tree = machine.stateTree
        var placeholder: ActorState?
        if let existing = try tree.runtimeActor(id) {
            guard existing.code == machine.builtins.placeholderCode, delegatedAddress != nil,
                existing.delegatedAddress == delegatedAddress
            else { throw ErrorNumber.forbidden.failure }
            placeholder = existing
        }
        var price = machine.profile.actorCreateStorage
        if assigningAddress || delegatedAddress != nil { price &+= machine.profile.addressAssignment &+ machine.profile.addressLookup }
        do { try gas.charge(price) } catch { throw .outOfGas }
        tree.setActor(id, ActorState(
            code: code, state: Self.emptyArrayCID, sequence: placeholder?.sequence ?? 0, balance: placeholder?.balance ?? .zero,
            delegatedAddress: delegatedAddress))
        _ = updated.insert(id)
        _ = looked.insert(id)
        actorsCreated += 1
    }

    /// The robust address of the next actor created in this message.
    func nextActorAddress() -> Address {
        let data = originAddress.bytes + Kernel.bigEndian(nonce) + Kernel.bigEndian(actorsCreated)
        return Address.actor(from: data)
    }

    /// The CID of an empty DAG-CBOR list: a new actor's state (ref-fvm's `EMPTY_ARR_CID`).
    static let emptyArrayCID = CID(codec: .dagCBOR, hashing: [0x80])
}
