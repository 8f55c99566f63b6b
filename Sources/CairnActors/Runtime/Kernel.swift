import CairnIPLD
import CairnMachine

/// Who is calling whom, and with what: the facts of one invocation.
struct InvocationContext {
    /// The message's sender (an ID) and the sender's nonce.
    var origin: UInt64
    var nonce: UInt64
    /// The actor that sent to this one, and this actor.
    var caller: UInt64
    var receiver: UInt64
    /// The method invoked and the value sent with it.
    var method: UInt64
    var valueReceived: TokenAmount
    /// The message's gas premium.
    var gasPremium: TokenAmount
    /// Whether this invocation, or one below it on the call stack, was sent read-only.
    var readOnly: Bool
}

/// How an invocation ended: its exit code, the block it returned, and a message for people.
public struct InvocationExit: Hashable, Sendable {
    /// The exit code (`ok`, a user code from `vm.exit`, or a system code for a trap).
    public var exitCode: ExitCode
    /// The returned block, if any.
    public var returnBlock: Block?
    /// Why it stopped, for people (empty on success).
    public var message: String
    /// The Wasm call stack where the invocation trapped, innermost first (for the backtrace).
    public var wasmFrames: [WasmFrame] = []

    /// An exit with `code`, `returnBlock` and `message`.
    public init(_ code: ExitCode, returnBlock: Block? = nil, message: String = "") {
        (self.exitCode, self.returnBlock, self.message) = (code, returnBlock, message)
    }
}

/// The syscall boundary of one invocation (ref-fvm's `Kernel`): what an actor may ask of the
/// runtime, checked and charged, independent of how the Wasm side passes arguments.
///
/// A kernel lives as long as its invocation: it owns the invocation's open blocks, and ends
/// the invocation when the actor exits or gas runs out (`ending`).
final class Kernel {
    /// The call stack this invocation runs on.
    unowned let calls: CallManager
    /// Who called whom with what.
    let context: InvocationContext
    /// Blocks open in this invocation.
    var blocks = BlockRegistry()
    /// Why the invocation is ending, once a syscall ends it (an exit, out of gas, a fault).
    var ending: SyscallFailure?
    /// The Cairn gas units of the invocation's store already charged to the tracker.
    var settledUnits: UInt64 = 0
    /// The CIDs the actor may open, link to and set as its root: its state root, the links of
    /// blocks it opened or was given, and the blocks it linked (ref-fvm's reachable set).
    var reachable: Set<CID> = []
    /// Whether the actor asked to be deleted when the invocation ends.
    var selfDestructed = false

    init(calls: CallManager, context: InvocationContext, stateRoot: CID) {
        self.calls = calls
        self.context = context
        reachable.insert(stateRoot)
    }

    /// Opens `block`, given to the invocation (its parameters, a callee's return), whose
    /// links become reachable.
    func receive(_ block: Block) throws(SyscallFailure) -> UInt32 {
        addLinks(of: block)
        return try blocks.put(block)
    }

    /// Makes the links of `block` reachable.
    func addLinks(of block: Block) {
        guard block.codec == Multicodec.dagCBOR.rawValue || block.codec == 0x51 else { return }
        if let links = try? DAGCBOR.scanLinks(block.data) { reachable.formUnion(links) }
    }

    var machine: Machine { calls.machine }
    var profile: GasProfile { calls.machine.profile }
    var stateTree: StateTree { calls.machine.stateTree }
    var actorID: UInt64 { context.receiver }

    /// Pays `milligas` from the message's gas.
    func charge(_ milligas: UInt64) throws(SyscallFailure) {
        do { try calls.gas.charge(milligas) } catch { throw .outOfGas }
    }

    /// Fails with `readOnly` when the invocation may not change state.
    func requireWritable() throws(SyscallFailure) {
        if context.readOnly { throw ErrorNumber.readOnly.failure }
    }

    /// This actor's record; `illegalOperation` once it has deleted itself.
    func selfActor() throws(SyscallFailure) -> ActorState {
        guard let actor = try stateTree.runtimeActor(actorID) else { throw ErrorNumber.illegalOperation.failure }
        return actor
    }

    /// Another actor's record, charged as a state-tree lookup; `notFound` if there is none.
    func actor(_ id: UInt64) throws(SyscallFailure) -> ActorState {
        try calls.chargeLookup(id)
        guard let actor = try stateTree.runtimeActor(id) else { throw ErrorNumber.notFound.failure }
        return actor
    }
}
