import Cairn
import Testing
import WAT

/// `evaluate` checks the export and the arguments against the program before it instantiates
/// anything: a mistake in the call is named, and costs no gas.
@Suite struct EvaluateCheckTests {
    static let program: Program = {
        let text = """
            (module
              (memory (export "mem") 1)
              (global (export "g") i32 (i32.const 7))
              (func (export "fib") (param i32) (result i32) (local.get 0))
              (func (export "pair") (param i64 f32) (result i32 i64) (i32.const 1) (local.get 0)))
            """
        return try! Lowering.lower(wasm: try! wat2wasm(text))
    }()

    @Test func aMissingExportIsNamedWithTheExports() {
        let evaluation = evaluate(Self.program, function: "fo", arguments: [.i32(1)], gasLimit: 1_000_000)
        #expect(evaluation.gasUsed == 0)
        #expect(evaluation.callError == .noSuchExport(name: "fo", exports: [
            "mem (memory)", "g (global)", "fib (i32) -> i32", "pair (i64, f32) -> (i32, i64)",
        ]))
        #expect(evaluation.callError?.description
            == #"no export named "fo"; exports: mem (memory), g (global), fib (i32) -> i32, pair (i64, f32) -> (i32, i64)"#)
    }

    @Test func anExportThatIsNotAFunctionIsNamed() {
        let evaluation = evaluate(Self.program, function: "mem", gasLimit: 1_000_000)
        #expect(evaluation.gasUsed == 0)
        #expect(evaluation.callError?.description == #"export "mem" is a memory, not a function"#)
    }

    @Test func wrongArgumentTypesAreNamed() {
        let evaluation = evaluate(Self.program, function: "fib", arguments: [.i64(1), .i32(2)], gasLimit: 1_000_000)
        #expect(evaluation.gasUsed == 0)
        #expect(evaluation.callError == .argumentMismatch(name: "fib", expected: [.i32], given: [.i64, .i32]))
        #expect(evaluation.callError?.description == "fib expects (i32), got (i64, i32)")
    }

    @Test(arguments: [[Value](), [.i32(1)], [.i64(1), .i32(2)], [.i64(1), .f32(2), .i32(3)]])
    func wrongArgumentCountsAreNamed(arguments: [Value]) {
        let evaluation = evaluate(Self.program, function: "pair", arguments: arguments, gasLimit: 1_000_000)
        #expect(evaluation.gasUsed == 0)
        #expect(evaluation.callError == .argumentMismatch(name: "pair", expected: [.i64, .f32], given: arguments.map(\.type)))
    }

    /// A module without exports says so rather than listing nothing.
    @Test func aModuleWithoutExports() throws {
        let program = try Lowering.lower(wasm: try wat2wasm("(module (memory 1))"))
        let evaluation = evaluate(program, gasLimit: 1_000_000)
        #expect(evaluation.callError?.description == #"no export named "main"; exports: none"#)
        #expect(evaluation.gasUsed == 0)
    }

    /// A good call still pays for instantiation (one page: 8,192) and the run.
    @Test func aGoodCallRunsAndPays() {
        let evaluation = evaluate(Self.program, function: "fib", arguments: [.i32(5)], gasLimit: 1_000_000)
        #expect(evaluation.results == [.i32(5)])
        #expect(evaluation.callError == nil)
        #expect(evaluation.gasUsed > 8_192)
    }
}

/// Instantiation is metered code paid from the call's limit; the figures of docs/gas.md
/// ("Instantiation is metered") for each kind of declaration.
@Suite struct InstantiationGasTests {
    /// The gas instantiation of a module with `declarations` uses: `evaluate` of an empty
    /// exported function, less that function's own cost (its `return`, 1).
    func instantiationGas(_ declarations: String) throws -> UInt64 {
        let program = try Lowering.lower(wasm: try wat2wasm("(module \(declarations) (func (export \"main\")))"))
        let evaluation = evaluate(program, gasLimit: 100_000_000)
        #expect(evaluation.results == [])
        return evaluation.gasUsed - 1
    }

    @Test func theDocumentedFigures() throws {
        // Nothing but the entrypoint's return.
        #expect(try instantiationGas("") == 1)
        // A memory: const32 + memory.grow + 8,192 per page.
        #expect(try instantiationGas("(memory 1)") == 8_258)
        #expect(try instantiationGas("(memory 3 10)") == 1 + 64 + 3 * 8_192 + 1)
        #expect(try instantiationGas("(memory 0)") == 1)
        // A table: const64 + const32 + table.grow + 1 per element.
        #expect(try instantiationGas("(table 10 funcref)") == 4 + 10 + 1)
        // A global: its constant and global.set.
        #expect(try instantiationGas("(global i32 (i32.const 1)) (global (mut i64) (i64.const 2))") == 2 * 2 + 1)
        // An active data segment: 11 + one per 8 bytes, rounded up.
        #expect(try instantiationGas(#"(memory 1) (data (i32.const 0) "0123456789")"#) == 8_258 + 11 + 2)
        // A passive one: nothing.
        #expect(try instantiationGas(#"(memory 1) (data "0123456789")"#) == 8_258)
        // An active element segment: 11 + one per item.
        #expect(try instantiationGas("(table 2 funcref) (elem (i32.const 0) func 0 0)") == 4 + 2 + 11 + 2 + 1)
        // A start function: call + what it runs (its return).
        #expect(try instantiationGas("(func $s) (start $s)") == 5 + 1 + 1)
    }
}
