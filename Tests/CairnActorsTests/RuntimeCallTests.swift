import BigInt
import CairnIPLD
import Testing
@testable import CairnActors

/// Sends between actors: value, read-only calls, reentrancy, the depth limit, reverts.
@Suite struct RuntimeCallTests {
    /// WAT that sends method `method` to the ID address written at 900 with flags `flags`,
    /// leaving the send's error number on the stack; the Send struct lands at 940.
    static func send(
        to id: UInt64, method: UInt64 = 2, params: String = "(i32.const 0)", valueLo: UInt64 = 0, flags: UInt64 = 0, gasLimit: Int64 = -1
    ) -> String {
        """
        (i32.store8 (i32.const 900) (i32.const 0))
        (i64.store8 (i32.const 901) (i64.const \(id & 0x7f | (id > 0x7f ? 0x80 : 0))))
        (i64.store8 (i32.const 902) (i64.const \(id >> 7)))
        (call $send_send (i32.const 940) (i32.const 900) (i32.const \(id > 0x7f ? 3 : 2)) (i64.const \(method)) \(params)
          (i64.const 0) (i64.const \(valueLo)) (i64.const \(gasLimit)) (i64.const \(flags)))
        """
    }

    /// WAT that sets the actor's root to a new raw block of `length` bytes at 1024.
    static let setRoot = """
        (drop (call $ipld_block_create (i32.const 0) (i64.const 0x55) (i32.const 1024) (i32.const 3)))
        (drop (call $ipld_block_link (i32.const 4) (i32.load (i32.const 0)) (i64.const 0xb220) (i32.const 32) (i32.const 100) (i32.const 100)))
        (call $self_set_root (i32.const 100))
        """

    @Test func valueMovesWithASendAndBackOnFailure() throws {
        let h = try RuntimeHarness()
        let sink = try h.deploy(RuntimeHarness.actor("(i32.const 0)"))
        let failing = try h.deploy(RuntimeHarness.actor("(unreachable)"))
        let ok = h.send(to: sink, value: TokenAmount(atto: 5000))
        #expect(ok.exitCode == .ok)
        #expect(h.machine.stateTree.getActor(sink)?.balance == TokenAmount(atto: 5000))
        let failed = h.send(to: failing, value: TokenAmount(atto: 5000))
        #expect(failed.exitCode == .sysIllegalInstruction)
        #expect(h.machine.stateTree.getActor(failing)?.balance == .zero)
    }

    @Test func valueBeyondTheBalanceIsInsufficientFunds() throws {
        let h = try RuntimeHarness()
        let caller = try h.deploy(RuntimeHarness.actor(Self.send(to: 99, method: 0, valueLo: 10) + RuntimeHarness.exitWithErrno))
        #expect(h.send(to: caller).errno == Int(ErrorNumber.insufficientFunds.rawValue))
    }

    @Test func sendToANonexistentActorIsNotFound() throws {
        let h = try RuntimeHarness()
        let caller = try h.deploy(RuntimeHarness.actor(Self.send(to: 4242) + RuntimeHarness.exitWithErrno))
        #expect(h.send(to: caller).errno == Int(ErrorNumber.notFound.rawValue))
        #expect(h.send(to: 4242).exitCode == .sysInvalidReceiver)
    }

    @Test func readOnlySendForbidsStateChanges() throws {
        let h = try RuntimeHarness()
        // The callee reports set_root's error number as its exit code.
        let callee = try h.deploy(RuntimeHarness.actor(Self.setRoot + RuntimeHarness.exitWithErrno, data: "abc"))
        // The caller returns the callee's exit code as its own.
        let caller = try h.deploy(RuntimeHarness.actor(
            "(drop \(Self.send(to: callee, flags: 1))) (call $exit (i32.load (i32.const 940)) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 0)"))
        let receipt = h.send(to: caller)
        #expect(receipt.errno == Int(ErrorNumber.readOnly.rawValue))
        let writable = try h.deploy(RuntimeHarness.actor(
            "(drop \(Self.send(to: callee))) (call $exit (i32.load (i32.const 940)) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 0)"))
        #expect(h.send(to: writable).errno == 0)
    }

    /// State changes a read-only callee attempts, each leaving its error number on the stack.
    static let readOnlyAttempts: [String] = [
        setRoot,
        """
        (i64.store (i32.const 100) (i64.const 1)) (i64.store (i32.const 108) (i64.const 0x55))
        (i32.store (i32.const 116) (i32.const 1)) (i32.store (i32.const 120) (i32.const 1))
        (call $event_emit_event (i32.const 100) (i32.const 1) (i32.const 1024) (i32.const 1) (i32.const 1025) (i32.const 1))
        """,
        "(call $self_self_destruct (i32.const 1))",
        send(to: 99, method: 0, valueLo: 1),
    ]

    @Test(arguments: readOnlyAttempts)
    func aReadOnlyCalleeCannotChangeState(attempt: String) throws {
        let h = try RuntimeHarness()
        let callee = try h.deploy(RuntimeHarness.actor(attempt + RuntimeHarness.exitWithErrno, data: "abc"), balance: TokenAmount(atto: 10))
        let caller = try h.deploy(RuntimeHarness.actor(
            "(drop \(Self.send(to: callee, flags: 1))) (call $exit (i32.load (i32.const 940)) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 0)"))
        #expect(h.send(to: caller).errno == Int(ErrorNumber.readOnly.rawValue))
        #expect(h.machine.stateTree.getActor(callee)?.balance == TokenAmount(atto: 10))
    }

    @Test func aFailedCalleeIsRevertedWhileTheCallerCommits() throws {
        let h = try RuntimeHarness()
        let callee = try h.deploy(RuntimeHarness.actor("(drop \(Self.setRoot)) (unreachable)", data: "bbb"))
        let caller = try h.deploy(RuntimeHarness.actor(
            "(drop \(Self.setRoot)) (drop \(Self.send(to: callee))) (call $exit (i32.load (i32.const 940)) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 0)",
            data: "aaa"))
        let receipt = h.send(to: caller)
        // The caller passed the callee's system code to vm.exit, which is illegal: reverted too.
        #expect(receipt.exitCode == .sysIllegalExitCode)
        #expect(h.machine.stateTree.getActor(caller)?.state == CallManager.emptyArrayCID)
        let committing = try h.deploy(RuntimeHarness.actor(
            "(drop \(Self.setRoot)) (drop \(Self.send(to: callee))) (i32.const 0)", data: "ccc"))
        #expect(h.send(to: committing).exitCode == .ok)
        #expect(h.machine.stateTree.getActor(committing)?.state == CID(codec: .raw, hashing: Array("ccc".utf8)))
        #expect(h.machine.stateTree.getActor(callee)?.state == CallManager.emptyArrayCID)
    }

    @Test func aSendsGasLimitEndsTheCalleeButNotTheCaller() throws {
        let h = try RuntimeHarness()
        let spinning = try h.deploy(RuntimeHarness.actor("(drop \(Self.setRoot)) (loop $l (br $l)) (i32.const 0)", data: "zzz"))
        let caller = try h.deploy(RuntimeHarness.actor(
            "(drop \(Self.send(to: spinning, gasLimit: 1_000_000))) (call $exit (i32.add (i32.load (i32.const 940)) (i32.const 1000)) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 0)"))
        let receipt = h.send(to: caller, gasLimit: 100_000_000)
        // The caller went on and exited with 1000 + the callee's SYS_OUT_OF_GAS.
        #expect(receipt.errno == Int(ExitCode.sysOutOfGas.rawValue))
        #expect(receipt.gasUsed < 100_000_000)
        #expect(receipt.gasUsed > 1_000_000)
        #expect(h.machine.stateTree.getActor(spinning)?.state == CallManager.emptyArrayCID)
    }

    @Test func runningOutOfTheMessagesGasInACalleeRevertsEverything() throws {
        let h = try RuntimeHarness()
        let spinning = try h.deploy(RuntimeHarness.actor("(loop $l (br $l)) (i32.const 0)"))
        let caller = try h.deploy(RuntimeHarness.actor("(drop \(Self.setRoot)) (drop \(Self.send(to: spinning))) (i32.const 0)", data: "aaa"))
        let receipt = h.send(to: caller, gasLimit: 10_000_000)
        #expect(receipt.exitCode == .sysOutOfGas)
        #expect(receipt.gasUsed == 10_000_000)
        #expect(h.machine.stateTree.getActor(caller)?.state == CallManager.emptyArrayCID)
    }

    @Test func aSuccessfulCalleeIsRevertedWhenItsCallerFails() throws {
        let h = try RuntimeHarness()
        let callee = try h.deploy(RuntimeHarness.actor("(drop \(Self.setRoot)) (i32.const 0)", data: "bbb"))
        let caller = try h.deploy(RuntimeHarness.actor("(drop \(Self.send(to: callee))) (unreachable)"))
        #expect(h.send(to: caller).exitCode == .sysIllegalInstruction)
        #expect(h.machine.stateTree.getActor(callee)?.state == CallManager.emptyArrayCID)
        #expect(h.executor.lastBacktrace.map(\.actor) == [caller])
    }

    @Test func theBacktraceNamesEveryFailedCallDeepestFirst() throws {
        let h = try RuntimeHarness()
        let deepest = try h.deploy(RuntimeHarness.actor("(unreachable)"))
        let middle = try h.deploy(RuntimeHarness.actor(
            "(drop \(Self.send(to: deepest))) (call $exit (i32.const 30) (i32.const 0) (i32.const 1024) (i32.const 6)) (i32.const 0)", data: "middle"))
        let top = try h.deploy(RuntimeHarness.actor(
            "(drop \(Self.send(to: middle))) (call $exit (i32.const 31) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 0)"))
        #expect(h.send(to: top).exitCode == ExitCode(31))
        #expect(h.executor.lastBacktrace.map(\.actor) == [deepest, middle, top])
        #expect(h.executor.lastBacktrace.map(\.exitCode) == [.sysIllegalInstruction, ExitCode(30), ExitCode(31)])
        #expect(h.executor.lastBacktrace[1].message == "middle")
        #expect(h.send(to: try h.deploy(RuntimeHarness.actor("(i32.const 0)"))).exitCode == .ok)
        #expect(h.executor.lastBacktrace.isEmpty)
    }

    /// An actor that sends to itself with its depth (a 4-byte raw block) until a send fails,
    /// then returns the depth it reached; every level returns its callee's return block.
    static let recursive = """
        (local.set $a (i32.const 1))
        (if (local.get $params) (then
          (drop (call $ipld_block_read (i32.const 0) (local.get $params) (i32.const 0) (i32.const 200) (i32.const 4)))
          (local.set $a (i32.add (i32.load (i32.const 200)) (i32.const 1)))))
        (i32.store (i32.const 200) (local.get $a))
        (drop (call $ipld_block_create (i32.const 0) (i64.const 0x55) (i32.const 200) (i32.const 4)))
        (drop (call $vm_message_context (i32.const 300)))
        (i32.store8 (i32.const 900) (i32.const 0))
        (local.set $c (i64.load (i32.const 324)))
        (local.set $b (i32.const 901))
        (block $done (loop $leb
          (i32.store8 (local.get $b) (i32.or (i32.wrap_i64 (i64.and (local.get $c) (i64.const 0x7f)))
            (select (i32.const 0x80) (i32.const 0) (i64.gt_u (local.get $c) (i64.const 0x7f)))))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (br_if $done (i64.le_u (local.get $c) (i64.const 0x7f)))
          (local.set $c (i64.shr_u (local.get $c) (i64.const 7)))
          (br $leb)))
        (if (call $send_send (i32.const 940) (i32.const 900) (i32.sub (local.get $b) (i32.const 900)) (i64.const 2)
              (i32.load (i32.const 0)) (i64.const 0) (i64.const 0) (i64.const -1) (i64.const 0))
          (then (return (i32.load (i32.const 0)))))
        (i32.load (i32.const 944))
        """

    @Test func theCallDepthLimitIs1024() throws {
        let h = try RuntimeHarness()
        let id = try h.deploy(RuntimeHarness.actor(Self.recursive))
        let receipt = h.send(to: id, gasLimit: 10_000_000_000)
        #expect(receipt.exitCode == .ok)
        let depth = receipt.returnData.count == 4 ? receipt.returnData.enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) } : -1
        #expect(depth == CallManager.maxCallDepth)
    }

    @Test func reentrancyGetsAFreshInstance() throws {
        let h = try RuntimeHarness()
        // Global $g counts calls within one instance; a reentrant call starts again at 0, so
        // the inner call returns 1 and the outer 1 too.
        let extra = "(global $g (mut i32) (i32.const 0))"
        let body = """
            (global.set $g (i32.add (global.get $g) (i32.const 1)))
            (if (i32.eqz (local.get $params)) (then
              (drop (call $ipld_block_create (i32.const 0) (i64.const 0x55) (i32.const 1024) (i32.const 1)))
              (drop \(Self.send(to: 1000, params: "(i32.load (i32.const 0))")))))
            (i32.store (i32.const 200) (global.get $g))
            (drop (call $ipld_block_create (i32.const 0) (i64.const 0x55) (i32.const 200) (i32.const 4)))
            (if (i32.eqz (local.get $params)) (then (return (i32.load (i32.const 944)))))
            (i32.load (i32.const 0))
            """
        let id = try h.deploy(RuntimeHarness.actor(body, data: "x", extra: extra))
        #expect(id == 1000)
        let receipt = h.send(to: id)
        #expect(receipt.exitCode == .ok)
        #expect(receipt.returnData == [1, 0, 0, 0])
    }

    @Test func eventsAreCollectedInAnAMTAndDroppedOnFailure() throws {
        let h = try RuntimeHarness()
        // One entry: flags 3 (indexed key and value), codec raw, key "k" (1 byte), value "vv".
        let emit = """
            (i64.store (i32.const 0) (i64.const 3)) (i64.store (i32.const 8) (i64.const 0x55))
            (i32.store (i32.const 16) (i32.const 1)) (i32.store (i32.const 20) (i32.const 2))
            (call $event_emit_event (i32.const 0) (i32.const 1) (i32.const 1024) (i32.const 1) (i32.const 1025) (i32.const 2))
            """
        let id = try h.deploy(RuntimeHarness.actor("(drop \(emit)) (i32.const 0)", data: "kvv"))
        let receipt = h.send(to: id)
        #expect(receipt.exitCode == .ok)
        let root = try #require(receipt.eventsRoot)
        let amt = try AMT(loading: root, store: h.store)
        #expect(amt.count == 1)
        #expect(try amt.get(0) == .list([.uint(id), .list([.list([.uint(3), .string("k"), .uint(0x55), .bytes(Array("vv".utf8))])])]))
        let failing = try h.deploy(RuntimeHarness.actor("(drop \(emit)) (unreachable)", data: "kvv"))
        #expect(h.send(to: failing).eventsRoot == nil)
    }

    @Test func createActorThroughTheInitActor() throws {
        let h = try RuntimeHarness()
        let child = try h.machine.code.install(try wat2wasmForTests(RuntimeHarness.actor("(i32.const 0)")))
        // A stand-in init actor: creates the actor whose ID is the first 8 bytes of its
        // parameters (a DAG-CBOR byte string) with the code CID that follows.
        let initBody = """
            (drop (call $ipld_block_read (i32.const 0) (local.get $params) (i32.const 2) (i32.const 100) (i32.const 200)))
            (call $actor_create_actor (i64.load (i32.const 100)) (i32.const 108) (i32.const 0) (i32.const 0))
            \(RuntimeHarness.returnErrno)
            """
        try h.deploy(RuntimeHarness.actor(initBody), id: BuiltinActors.initActorID)
        func params(_ id: UInt64, _ code: CID) -> [UInt8] {
            let payload = withUnsafeBytes(of: id.littleEndian) { Array($0) } + code.bytes
            return [0x58, UInt8(payload.count)] + payload
        }
        #expect(h.send(to: BuiltinActors.initActorID, params: params(5000, child)).returnedErrno == 0)
        #expect(h.machine.stateTree.getActor(5000)?.code == child)
        #expect(h.send(to: 5000).exitCode == .ok)
        // The ID is taken now.
        #expect(h.send(to: BuiltinActors.initActorID, params: params(5000, child)).returnedErrno == Int(ErrorNumber.forbidden.rawValue))
        // Code nobody installed.
        let unknown = CID(codec: .raw, hashing: [1, 2, 3])
        #expect(h.send(to: BuiltinActors.initActorID, params: params(5001, unknown)).returnedErrno == Int(ErrorNumber.notFound.rawValue))
        // Only the init actor creates actors.
        let other = try h.deploy(RuntimeHarness.actor(initBody))
        #expect(h.send(to: other, params: params(5002, child)).returnedErrno == Int(ErrorNumber.forbidden.rawValue))
    }
}

import WAT
func wat2wasmForTests(_ text: String) throws -> [UInt8] { try wat2wasm(text) }
