import BigInt
import CairnIPLD
import Foundation
import WAT
@testable import CairnActors

/// The scenarios of issue #22 recorded as test vectors (docs/vectors.md): each sets up a
/// tester (the C built-ins, a funded account, its actors created through the init actor), then
/// applies its messages through a ``VectorRecorder``.
struct VectorScenario: Sendable {
    /// The vector's file name (without `.json`) and `_meta.id`.
    let id: String
    /// What it checks.
    let description: String
    /// Builds the vector.
    let record: @Sendable () throws -> TestVector

    /// A recording in progress: the tester, its funded account and the recorder.
    final class Recording {
        let tester: Tester
        let account: Tester.Account
        private(set) var recorder: VectorRecorder!

        init() throws {
            tester = try Tester(builtins: Tester.builtinWasm(directory: RuntimeBuiltinActorTests.wasmDirectory))
            account = try tester.createAccount(balance: TokenAmount(atto: BigInt(10).power(24)))
        }

        /// Installs scenario actor `name` and creates it through the init actor (before recording).
        func create(_ name: String, params: IPLD? = nil) throws -> ActorID {
            try RuntimeBuiltinActorTests.create(name, tester, account, params: params)
        }

        /// Starts recording: the state now is the pre-state.
        func start(installedCode: [CID] = []) throws {
            recorder = try VectorRecorder(executor: tester.executor, installedCode: installedCode)
        }

        /// Applies a message from the funded account (or `from`), recorded.
        @discardableResult
        func send(
            to: Address, method: UInt64, params: IPLD? = nil, value: TokenAmount = .zero, gasLimit: UInt64 = 10_000_000_000,
            from: Tester.Account? = nil
        ) throws -> Receipt {
            let sender = from ?? account
            let sequence = try tester.actor(sender.id)?.sequence ?? 0
            var message = Message(to: to, from: sender.address, sequence: sequence, gasLimit: gasLimit)
            (message.value, message.method, message.params) = (value, method, try params.map { try DAGCBOR.encode($0) } ?? [])
            (message.gasFeeCap, message.gasPremium) = (TokenAmount(atto: 1000), TokenAmount(atto: 1))
            return try recorder.apply(message)
        }
    }

    /// A scenario that creates `actor` (if given), starts recording, then runs `body`.
    static func make(_ id: String, _ description: String, actor: String? = nil, params: IPLD? = nil,
                     _ body: @escaping @Sendable (Recording, ActorID) throws -> Void) -> VectorScenario {
        VectorScenario(id: id, description: description) {
            let recording = try Recording()
            let target = try actor.map { try recording.create($0, params: params) } ?? 0
            try recording.start()
            try body(recording, target)
            return try recording.recorder.vector(id: id, description: description)
        }
    }

    static func bigInt(_ value: UInt64) -> IPLD { RuntimeBuiltinActorTests.bigInt(value) }
    static let tokenDescription = "a token: transfers both ways (an event each), a balance, too large a transfer, an unknown holder"

    /// Every scenario, in the order.
    static let all: [VectorScenario] = [
        make("hello_world", "hello.wasm method 2 returns and logs nothing to the receipt", actor: "hello") { r, id in
            try r.send(to: .id(id), method: 2)
        },
        make("ipld_roundtrip", "store a DAG-CBOR block as state, load it back", actor: "ipld_roundtrip") { r, id in
            let data = try DAGCBOR.encode(.map(["a": .uint(1), "b": .list([.string("x"), .bytes([1, 2, 3])])]))
            try r.send(to: .id(id), method: 2, params: .list([.bytes(data)]))
            try r.send(to: .id(id), method: 3)
        },
        make("syscalls", "syscalls.wasm probes every syscall", actor: "syscalls") { r, id in
            try r.send(to: .id(id), method: 2, params: .list([
                .bytes(Array("abc".utf8)), .bytes(Array(repeating: 1, count: 32)), .bytes(Array(repeating: 0, count: 65)),
            ]))
        },
        make("bad_input", "bad_input.wasm: syscalls given bad input answer error numbers", actor: "bad_input") { r, id in
            try r.send(to: .id(id), method: 2)
        },
        make("self_state", "counter: the actor's own state across messages", actor: "counter") { r, id in
            try r.send(to: .id(id), method: 2)
            try r.send(to: .id(id), method: 2)
            try r.send(to: .id(id), method: 3)
        },
        VectorScenario(id: "create_actor", description: "init actor Exec creates a counter, which then runs") {
            let r = try Recording()
            let code = try r.tester.install(try RuntimeBuiltinActorTests.wasm("counter"))
            try r.start(installedCode: [code])
            try r.send(to: .id(BuiltinActors.initActorID), method: 2, params: .list([.link(code), .bytes([])]))
            try r.send(to: .id(100 + 1), method: 2)
            return try r.recorder.vector(id: "create_actor", description: "init actor Exec creates a counter, which then runs")
        },
        make("exit_with_data", "exit with a user code and data; exit 0 early with data; a system code is illegal", actor: "exit_data") { r, id in
            try r.send(to: .id(id), method: 2, params: .list([.uint(24)]))
            try r.send(to: .id(id), method: 3)
            try r.send(to: .id(id), method: 2, params: .list([.uint(7)]))
        },
        VectorScenario(id: "native_stack_overflow", description: "an actor sending to itself until the depth limit (1,024 nested calls)") {
            let r = try Recording()
            let code = try r.tester.install(try wat2wasm(RuntimeHarness.actor(RuntimeCallTests.recursive)))
            let id = try r.tester.createActor(code: code)
            try r.start()
            try r.send(to: .id(id), method: 2)
            return try r.recorder.vector(id: "native_stack_overflow", description: "an actor sending to itself until the depth limit (1,024 nested calls)")
        },
        make("wasm_stack_exhaustion", "unbounded Wasm recursion exhausts the frame limit: SYS_ILLEGAL_INSTRUCTION", actor: "stack_overflow") { r, id in
            try r.send(to: .id(id), method: 2)
        },
        make("out_of_gas", "an endless loop runs out of gas and is charged the whole limit", actor: "out_of_gas") { r, id in
            try r.send(to: .id(id), method: 2, gasLimit: 10_000_000)
        },
        make("unreachable", "unreachable traps: SYS_ILLEGAL_INSTRUCTION", actor: "unreachable") { r, id in
            try r.send(to: .id(id), method: 2)
        },
        make("divide_by_zero", "integer division by zero traps", actor: "divide_by_zero") { r, id in
            try r.send(to: .id(id), method: 2, params: .list([.uint(0)]))
            try r.send(to: .id(id), method: 2, params: .list([.uint(3)]))
        },
        make("memory_max", "grow memory to the 512 MiB limit, then ask for more than is left", actor: "alloc_max") { r, id in
            try r.send(to: .id(id), method: 2)
            try r.send(to: .id(id), method: 3, params: .list([.uint(9000)]))
        },
        make("no_memory", "memory.grow beyond the limit answers -1 (no trap)", actor: "alloc_max") { r, id in
            try r.send(to: .id(id), method: 3, params: .list([.uint(8192)]))
        },
        make("many_allocations", "1,000 allocations of 64 bytes, and 10,000 of 16", actor: "many_allocs") { r, id in
            try r.send(to: .id(id), method: 2, params: .list([.uint(1000), .uint(64)]))
            try r.send(to: .id(id), method: 2, params: .list([.uint(10000), .uint(16)]))
        },
        make("address_kinds", "value sent to f0, a new f1 (account created), a new f3, a new f4 (placeholder), an f2 unknown") { r, _ in
            try r.send(to: .id(BuiltinActors.burntFundsActorID), method: 0, value: TokenAmount(atto: 5))
            try r.send(to: .secp256k1(Array(repeating: 0x11, count: 20)), method: 0, value: TokenAmount(atto: 7))
            try r.send(to: .bls(Array(repeating: 0x22, count: 48)), method: 0, value: TokenAmount(atto: 9))
            try r.send(to: .delegated(namespace: 10, subaddress: Array(repeating: 0x33, count: 20)), method: 0, value: TokenAmount(atto: 11))
            try r.send(to: .actor(Array(repeating: 0x44, count: 20)), method: 0, value: TokenAmount(atto: 13))
        },
        make("read_only", "read-only sends: set_root, emit and value transfers refused with ReadOnly", actor: "read_only") { r, id in
            for method: UInt64 in [2, 3, 4, 5, 6] { try r.send(to: .id(id), method: method) }
        },
        make("events", "three events in a receipt's events root", actor: "events") { r, id in
            try r.send(to: .id(id), method: 2, params: .list([.uint(3)]))
        },
        make("gas_limits", "limits below the on-chain price, just short of the work, and ample", actor: "counter") { r, id in
            try r.send(to: .id(id), method: 2, gasLimit: 1000)
            try r.send(to: .id(id), method: 2, gasLimit: 2_000_000)
            try r.send(to: .id(id), method: 2, gasLimit: 100_000_000)
        },
        make("integer_overflow", "wrapping add, checked add aborting, INT32_MIN / -1 trapping", actor: "int_overflow") { r, id in
            try r.send(to: .id(id), method: 2, params: .list([.uint(UInt64.max), .uint(2)]))
            try r.send(to: .id(id), method: 3, params: .list([.uint(UInt64.max), .uint(2)]))
            try r.send(to: .id(id), method: 4, params: .list([.uint(0x8000_0000), .uint(0xffff_ffff)]))
        },
        VectorScenario(id: "token_transfers", description: tokenDescription) {
            let r = try Recording()
            let other = try r.tester.createAccount(balance: TokenAmount(atto: BigInt(10).power(20)))
            let id = try r.create("token", params: .list([.string("Cairn"), .string("CRN"), bigInt(1000)]))
            try r.start()
            try r.send(to: .id(id), method: 2, params: .list([.bytes(other.address.bytes), bigInt(300)]))
            try r.send(to: .id(id), method: 2, params: .list([.bytes(Address.id(r.account.id).bytes), bigInt(100)]), from: other)
            try r.send(to: .id(id), method: 7, params: .list([.bytes(other.address.bytes)]))
            try r.send(to: .id(id), method: 2, params: .list([.bytes(other.address.bytes), bigInt(801)]))
            try r.send(to: .id(id), method: 2, params: .list([.bytes(Address.secp256k1(Array(repeating: 0x55, count: 20)).bytes), bigInt(1)]))
            return try r.recorder.vector(id: "token_transfers", description: tokenDescription)
        },
    ]
}
