import CairnIPLD
import Testing
import WAT
@testable import CairnActors

/// Backtraces beside the receipt (ref-fvm's `ApplyRet` and its integration scenario
/// "backtraces"): each failed call, deepest first, with the Wasm functions it trapped in.
@Suite struct RuntimeBacktraceTests {
    /// Deploys `text` with its name section (so functions keep their WAT names).
    static func deployNamed(_ h: RuntimeHarness, _ text: String) throws -> UInt64 {
        let code = try h.machine.code.install(try wat2wasm(text, options: EncodeOptions(nameSection: true)))
        return try h.deploy(code: code)
    }

    /// An actor whose `invoke` calls `$outer`, which calls `$inner`, which runs `body`.
    static func nested(_ body: String, data: String = "") -> String {
        RuntimeHarness.actor(
            "(call $outer) (i32.const 0)", data: data,
            extra: """
                (func $inner \(body))
                (func $outer (call $inner))
                """)
    }

    @Test func aCallerOfAnActorThatTrapsGetsATwoFrameBacktraceWithFunctionNames() throws {
        let h = try RuntimeHarness()
        let callee = try Self.deployNamed(h, Self.nested("(unreachable)"))
        let caller = try Self.deployNamed(
            h, RuntimeHarness.actor(
                "(call $relay) (i32.const 0)",
                extra: "(func $relay (drop \(RuntimeCallTests.send(to: callee))) (call $give_up))\n(func $give_up (unreachable))"))
        let result = h.executor.applyMessage(h.message(to: caller))
        #expect(result.receipt.exitCode == .sysIllegalInstruction)
        #expect(result.backtrace.map(\.actor) == [callee, caller])
        #expect(result.backtrace.map(\.exitCode) == [.sysIllegalInstruction, .sysIllegalInstruction])
        #expect(result.backtrace[0].wasmFrames.map(\.function) == ["inner", "outer", "invoke"])
        #expect(result.backtrace[1].wasmFrames.map(\.function) == ["give_up", "relay", "invoke"])
        #expect(result.failure == result.backtrace[1].message)
        // The executor keeps the same for the CLI, and a success clears it.
        #expect(h.executor.lastBacktrace == result.backtrace)
        #expect(h.send(to: try h.deploy(RuntimeHarness.actor("(i32.const 0)"))).exitCode == .ok)
        #expect(h.executor.lastBacktrace.isEmpty)
    }

    @Test func anAbortNamesWhereTheActorCalledExit() throws {
        let h = try RuntimeHarness()
        let actor = try Self.deployNamed(
            h, Self.nested("(call $exit (i32.const 17) (i32.const 0) (i32.const 1024) (i32.const 4))", data: "nope"))
        let result = h.executor.applyMessage(h.message(to: actor))
        #expect(result.receipt.exitCode == ExitCode(17))
        #expect(result.backtrace.count == 1)
        #expect(result.backtrace[0].message == "nope")
        #expect(result.backtrace[0].wasmFrames.map(\.function) == ["exit", "inner", "outer", "invoke"])
    }

    @Test func withoutANameSectionFramesFallBackToIndices() throws {
        let h = try RuntimeHarness()
        let actor = try h.deploy(Self.nested("(unreachable)"))
        let result = h.executor.applyMessage(h.message(to: actor))
        let names = try #require(result.backtrace.first?.wasmFrames.map(\.function))
        #expect(names.count == 3)
        #expect(names.last == "invoke")
        #expect(names.first?.hasPrefix("func[") == true)
    }

    @Test func theReceiptItselfIsUnchangedByTheBacktrace() throws {
        let h = try RuntimeHarness()
        let actor = try Self.deployNamed(h, Self.nested("(unreachable)"))
        let message = h.message(to: actor)
        let result = h.executor.applyMessage(message)
        #expect(try Receipt(encoded: try result.receipt.encoded()) == result.receipt)
        #expect(result.receipt.ipld == Receipt(exitCode: result.receipt.exitCode, gasUsed: result.receipt.gasUsed).ipld)
    }

    @Test func theTesterReturnsTheBacktrace() throws {
        let tester = try Tester()
        let sender = try tester.createAccount(balance: TokenAmount(atto: 1_000_000_000_000_000_000))
        let code = try tester.install(try wat2wasm(Self.nested("(unreachable)"), options: EncodeOptions(nameSection: true)))
        let actor = try tester.createActor(code: code)
        let result = tester.sendMessage(from: sender, to: .id(actor), method: 2)
        #expect(result.receipt.exitCode == .sysIllegalInstruction)
        #expect(result.backtrace.first?.wasmFrames.map(\.function) == ["inner", "outer", "invoke"])
        #expect(result.backtrace.first?.description.contains("inner <- outer <- invoke") == true)
    }
}
