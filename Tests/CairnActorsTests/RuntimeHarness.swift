import BigInt
import CairnIPLD
import WAT
@testable import CairnActors

/// A machine with the built-in singletons, one funded account, and helpers to install WAT
/// actors and send them messages.
final class RuntimeHarness {
    let store = MemoryBlockstore()
    let machine: Machine
    let executor: Executor
    /// The funded sender: an account at ID 100 with address f1…, balance 10^21 attoFIL.
    let senderID: UInt64
    let senderAddress = Address.secp256k1(Array(repeating: 7, count: 20))
    private var nonce: UInt64 = 0
    private var nextID: UInt64 = 1000

    init(network: NetworkContext = NetworkContext(epoch: 1000, timestamp: 1_700_000_000, baseFee: TokenAmount(atto: 100), randomnessSeed: Array(repeating: 3, count: 32))) throws {
        let tree = try StateTree(store: store)
        machine = try Genesis.machine(stateTree: tree, builtins: [:], network: network)
        executor = Executor(machine: machine)
        senderID = try tree.registerNewAddress(senderAddress)
        tree.setActor(
            senderID,
            ActorState(
                code: machine.builtins.codes[.account]!, state: CallManager.emptyArrayCID, sequence: 0,
                balance: TokenAmount(atto: BigInt(10).power(21)), delegatedAddress: nil))
    }

    /// Installs the WAT module `text` and creates an actor running it at a fresh ID (or `id`).
    @discardableResult
    func deploy(_ text: String, id: UInt64? = nil, balance: TokenAmount = .zero) throws -> UInt64 {
        let code = try machine.code.install(try wat2wasm(text))
        let actorID = id ?? { defer { nextID += 1 }; return nextID }()
        machine.stateTree.setActor(
            actorID, ActorState(code: code, state: CallManager.emptyArrayCID, sequence: 0, balance: balance, delegatedAddress: nil))
        return actorID
    }

    /// Creates an actor running installed code `code` at a fresh ID.
    func deploy(code: CID) throws -> UInt64 {
        defer { nextID += 1 }
        machine.stateTree.setActor(
            nextID, ActorState(code: code, state: CallManager.emptyArrayCID, sequence: 0, balance: .zero, delegatedAddress: nil))
        return nextID
    }

    /// The funded account's next message: method `method` to actor `to`.
    func message(to: UInt64, method: UInt64 = 2, gasLimit: UInt64 = 10_000_000_000) -> Message {
        defer { nonce += 1 }
        return testMessage(
            from: senderAddress, to: .id(to), sequence: nonce, value: .zero, method: method, params: [],
            gasLimit: gasLimit, gasFeeCap: TokenAmount(atto: 200), gasPremium: TokenAmount(atto: 10))
    }

    /// Sends method `method` to actor `to` from the funded account.
    func send(
        to: UInt64, method: UInt64 = 2, params: [UInt8] = [], value: TokenAmount = .zero, gasLimit: UInt64 = 10_000_000_000
    ) -> Receipt {
        defer { nonce += 1 }
        return executor.apply(
            testMessage(
                from: senderAddress, to: .id(to), sequence: nonce, value: value, method: method, params: params,
                gasLimit: gasLimit, gasFeeCap: TokenAmount(atto: 200), gasPremium: TokenAmount(atto: 10)))
    }

    /// Deploys `body` as the whole of an actor's `invoke` (see ``actor(_:data:)``) and sends to it.
    func run(_ body: String, data: String = "", params: [UInt8] = [], gasLimit: UInt64 = 10_000_000_000) throws -> Receipt {
        let id = try deploy(RuntimeHarness.actor(body, data: data))
        return send(to: id, params: params, gasLimit: gasLimit)
    }

    /// An actor module: every syscall imported under `$module_name`, a 1-page memory with
    /// `data` at offset 1024, scratch space from 0, and `invoke` running `body` (which must
    /// leave an i32, the return block handle, on the stack).
    static func actor(_ body: String, data: String = "", extra: String = "") -> String {
        """
        (module
          \(imports)
          (memory (export "memory") 1)
          (data (i32.const 1024) "\(data)")
          \(extra)
          (func $exit (param i32 i32 i32 i32)
            (drop (call $vm_exit (local.get 0) (local.get 1) (local.get 2) (local.get 3))))
          (func (export "invoke") (param $params i32) (result i32)
            (local $a i32) (local $b i32) (local $c i64)
            \(body)))
        """
    }

    /// The imports every test actor may use (ref-fvm's `fvm_sdk::sys` signatures).
    static let imports = """
      (import "ipld" "block_open" (func $ipld_block_open (param i32 i32) (result i32)))
      (import "ipld" "block_create" (func $ipld_block_create (param i32 i64 i32 i32) (result i32)))
      (import "ipld" "block_read" (func $ipld_block_read (param i32 i32 i32 i32 i32) (result i32)))
      (import "ipld" "block_stat" (func $ipld_block_stat (param i32 i32) (result i32)))
      (import "ipld" "block_link" (func $ipld_block_link (param i32 i32 i64 i32 i32 i32) (result i32)))
      (import "self" "root" (func $self_root (param i32 i32 i32) (result i32)))
      (import "self" "set_root" (func $self_set_root (param i32) (result i32)))
      (import "self" "current_balance" (func $self_current_balance (param i32) (result i32)))
      (import "self" "self_destruct" (func $self_self_destruct (param i32) (result i32)))
      (import "actor" "resolve_address" (func $actor_resolve_address (param i32 i32 i32) (result i32)))
      (import "actor" "lookup_delegated_address" (func $actor_lookup_delegated_address (param i32 i64 i32 i32) (result i32)))
      (import "actor" "get_actor_code_cid" (func $actor_get_actor_code_cid (param i32 i64 i32 i32) (result i32)))
      (import "actor" "next_actor_address" (func $actor_next_actor_address (param i32 i32 i32) (result i32)))
      (import "actor" "create_actor" (func $actor_create_actor (param i64 i32 i32 i32) (result i32)))
      (import "actor" "get_builtin_actor_type" (func $actor_get_builtin_actor_type (param i32 i32) (result i32)))
      (import "actor" "get_code_cid_for_type" (func $actor_get_code_cid_for_type (param i32 i32 i32 i32) (result i32)))
      (import "actor" "balance_of" (func $actor_balance_of (param i32 i64) (result i32)))
      (import "vm" "exit" (func $vm_exit (param i32 i32 i32 i32) (result i32)))
      (import "vm" "message_context" (func $vm_message_context (param i32) (result i32)))
      (import "network" "context" (func $network_context (param i32) (result i32)))
      (import "network" "tipset_cid" (func $network_tipset_cid (param i32 i64 i32 i32) (result i32)))
      (import "crypto" "hash" (func $crypto_hash (param i32 i64 i32 i32 i32 i32) (result i32)))
      (import "crypto" "verify_signature" (func $crypto_verify_signature (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
      (import "crypto" "recover_secp_public_key" (func $crypto_recover_secp_public_key (param i32 i32 i32) (result i32)))
      (import "event" "emit_event" (func $event_emit_event (param i32 i32 i32 i32 i32 i32) (result i32)))
      (import "rand" "get_chain_randomness" (func $rand_get_chain_randomness (param i32 i64) (result i32)))
      (import "rand" "get_beacon_randomness" (func $rand_get_beacon_randomness (param i32 i64) (result i32)))
      (import "gas" "charge" (func $gas_charge (param i32 i32 i64) (result i32)))
      (import "gas" "available" (func $gas_available (param i32) (result i32)))
      (import "send" "send" (func $send_send (param i32 i32 i32 i64 i32 i64 i64 i64 i64) (result i32)))
      (import "debug" "enabled" (func $debug_enabled (param i32) (result i32)))
      (import "debug" "log" (func $debug_log (param i32 i32) (result i32)))
      (import "debug" "store_artifact" (func $debug_store_artifact (param i32 i32 i32 i32) (result i32)))
    """

    /// WAT that exits with user code 1000 + the error number on the stack, so a receipt tells
    /// which error number a syscall returned (1000 for success).
    /// WAT that returns the error number on the stack as a 4-byte raw block, so the actor
    /// succeeds (and its state commits) while the receipt tells the error number.
    static let returnErrno = """
        (local.set $b) (i32.store (i32.const 60000) (local.get $b))
        (drop (call $ipld_block_create (i32.const 60004) (i64.const 0x55) (i32.const 60000) (i32.const 4)))
        (i32.load (i32.const 60004))
        """

    static let exitWithErrno = "(call $exit (i32.add (i32.const 1000)) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 0)"
}

extension Receipt {
    /// The error number an ``RuntimeHarness/exitWithErrno`` actor reported.
    var errno: Int { Int(exitCode.rawValue) - 1000 }

    /// The error number a ``RuntimeHarness/returnErrno`` actor returned, or -1.
    var returnedErrno: Int {
        guard exitCode == .ok, returnData.count == 4 else { return -1 }
        return returnData.enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    }
}

extension StateTree {
    /// The actor `id`, nil when there is none or the tree fails (tests only).
    func getActor(_ id: ActorID) -> ActorState? { (try? actor(id)) ?? nil }

    /// The ID `address` resolves to, or nil (tests only).
    func lookupID(_ address: Address) -> ActorID? { (try? resolve(address)) ?? nil }
}

/// A message with the runtime tests' field order, whatever order `Message.init` takes.
func testMessage(
    from: Address, to: Address, sequence: UInt64, value: TokenAmount = .zero, method: MethodNum, params: [UInt8] = [],
    gasLimit: UInt64, gasFeeCap: TokenAmount = .zero, gasPremium: TokenAmount = .zero
) -> Message {
    var message = Message(to: to, from: from, sequence: sequence, gasLimit: gasLimit)
    (message.value, message.method, message.params) = (value, method, params)
    (message.gasFeeCap, message.gasPremium) = (gasFeeCap, gasPremium)
    return message
}
