import BigInt
import CairnIPLD
import Testing
@testable import CairnActors

/// ref-fvm's integration scenarios, end to end through the executor with WAT actors.
@Suite struct RuntimeScenarioTests {
    @Test func helloWorldReturnsOkAndLogsWhenDebugging() throws {
        let h = try RuntimeHarness()
        h.machine.debugEnabled = true
        let receipt = try h.run(
            "(drop (call $debug_log (i32.const 1024) (i32.const 11))) (i32.const 0)", data: "hello world")
        #expect(receipt.exitCode == .ok)
        #expect(receipt.returnData.isEmpty)
        #expect(receipt.gasUsed > 0)
        #expect(h.machine.debugLog == ["hello world"])
    }

    @Test func debugLogIsSilentWhenDebuggingIsOff() throws {
        let h = try RuntimeHarness()
        let receipt = try h.run("(drop (call $debug_log (i32.const 1024) (i32.const 11))) (i32.const 0)", data: "hello world")
        #expect(receipt.exitCode == .ok)
        #expect(h.machine.debugLog.isEmpty)
    }

    @Test func ipldRoundTripThroughTheStoreAndTheStateRoot() throws {
        let h = try RuntimeHarness()
        // Create a DAG-CBOR block (the list [1, 2, 3]), link it, set it as the root, read the
        // root back, open it, read its bytes, and return them as a raw block.
        let body = """
            (drop (call $ipld_block_create (i32.const 0) (i64.const 0x71) (i32.const 1024) (i32.const 4)))
            (drop (call $ipld_block_link (i32.const 4) (i32.load (i32.const 0)) (i64.const 0xb220) (i32.const 32) (i32.const 100) (i32.const 100)))
            (drop (call $self_set_root (i32.const 100)))
            (drop (call $self_root (i32.const 8) (i32.const 300) (i32.const 100)))
            (drop (call $ipld_block_open (i32.const 16) (i32.const 300)))
            (drop (call $ipld_block_read (i32.const 40) (i32.load (i32.const 24)) (i32.const 0) (i32.const 500) (i32.const 100)))
            (drop (call $ipld_block_create (i32.const 44) (i64.const 0x55) (i32.const 500) (i32.load (i32.const 28))))
            (i32.load (i32.const 44))
            """
        let id = try h.deploy(RuntimeHarness.actor(body, data: "\\83\\01\\02\\03"))
        let receipt = h.send(to: id)
        #expect(receipt.exitCode == .ok)
        #expect(receipt.returnData == [0x83, 1, 2, 3])
        let expected = CID(codec: .dagCBOR, hashing: [0x83, 1, 2, 3])
        #expect(h.machine.stateTree.getActor(id)?.state == expected)
        #expect(try h.store.get(expected) == [0x83, 1, 2, 3])
    }

    @Test func exitWithDataKeepsTheDataAndRevertsState() throws {
        let h = try RuntimeHarness()
        let body = """
            (drop (call $ipld_block_create (i32.const 0) (i64.const 0x55) (i32.const 1024) (i32.const 5)))
            (drop (call $ipld_block_link (i32.const 4) (i32.load (i32.const 0)) (i64.const 0xb220) (i32.const 32) (i32.const 100) (i32.const 100)))
            (drop (call $self_set_root (i32.const 100)))
            (call $exit (i32.const 24) (i32.load (i32.const 0)) (i32.const 1029) (i32.const 4))
            (i32.const 0)
            """
        let id = try h.deploy(RuntimeHarness.actor(body, data: "oops!boom"))
        let receipt = h.send(to: id)
        #expect(receipt.exitCode == .usrAssertionFailed)
        #expect(receipt.returnData == Array("oops!".utf8))
        #expect(h.machine.stateTree.getActor(id)?.state == CallManager.emptyArrayCID)
    }

    @Test func exitWithASystemCodeIsIllegal() throws {
        let h = try RuntimeHarness()
        let receipt = try h.run("(call $exit (i32.const 7) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 0)")
        #expect(receipt.exitCode == .sysIllegalExitCode)
    }

    @Test func exitWithAnInvalidHandleIsAMissingReturn() throws {
        let h = try RuntimeHarness()
        let receipt = try h.run("(call $exit (i32.const 0) (i32.const 9) (i32.const 0) (i32.const 0)) (i32.const 0)")
        #expect(receipt.exitCode == .sysMissingReturn)
        let returned = try h.run("(i32.const 9)")
        #expect(returned.exitCode == .sysMissingReturn)
    }

    @Test(arguments: [
        "(unreachable)",
        "(drop (i32.div_s (i32.const 1) (i32.sub (i32.const 1) (i32.const 1)))) (i32.const 0)",
        "(drop (i32.load (i32.const 70000))) (i32.const 0)",
    ])
    func trapsAreIllegalInstructions(body: String) throws {
        let h = try RuntimeHarness()
        let receipt = try h.run(body)
        #expect(receipt.exitCode == .sysIllegalInstruction)
        #expect(receipt.gasUsed > 0)
    }

    @Test func wasmStackExhaustionIsAnIllegalInstruction() throws {
        let h = try RuntimeHarness()
        let module = RuntimeHarness.actor(
            "(call $deep (i32.const 0))",
            extra: "(func $deep (param i32) (result i32) (call $deep (i32.add (local.get 0) (i32.const 1))))")
        let receipt = h.send(to: try h.deploy(module))
        #expect(receipt.exitCode == .sysIllegalInstruction)
    }

    @Test func outOfGasRevertsAndChargesTheWholeLimit() throws {
        let h = try RuntimeHarness()
        let body = """
            (drop (call $ipld_block_create (i32.const 0) (i64.const 0x55) (i32.const 1024) (i32.const 1)))
            (drop (call $ipld_block_link (i32.const 4) (i32.load (i32.const 0)) (i64.const 0xb220) (i32.const 32) (i32.const 100) (i32.const 100)))
            (drop (call $self_set_root (i32.const 100)))
            (loop $forever (br $forever))
            (i32.const 0)
            """
        let id = try h.deploy(RuntimeHarness.actor(body, data: "x"))
        let before = h.machine.stateTree.getActor(h.senderID)!.balance
        let receipt = h.send(to: id, gasLimit: 10_000_000)
        #expect(receipt.exitCode == .sysOutOfGas)
        #expect(receipt.gasUsed == 10_000_000)
        #expect(h.machine.stateTree.getActor(id)?.state == CallManager.emptyArrayCID)
        // The sender paid for all of it: base fee 100 + premium 10 per gas.
        let after = h.machine.stateTree.getActor(h.senderID)!.balance
        #expect(before.atto - after.atto == BigInt(10_000_000) * 110)
        #expect(h.machine.stateTree.getActor(h.senderID)?.sequence == 1)
    }

    @Test func gasUsedIsDeterministic() throws {
        let body = "(drop (call $crypto_hash (i32.const 0) (i64.const 0xb220) (i32.const 1024) (i32.const 3) (i32.const 100) (i32.const 32))) (i32.const 0)"
        let first = try RuntimeHarness().run(body, data: "abc")
        let second = try RuntimeHarness().run(body, data: "abc")
        #expect(first.exitCode == .ok)
        #expect(first.gasUsed == second.gasUsed)
    }
}
