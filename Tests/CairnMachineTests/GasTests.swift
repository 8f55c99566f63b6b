import Cairn
import Testing
import WAT

/// The outcome and gas of one metered call in a fresh store.
struct MeteredRun {
    var results: [Value]?
    var trap: TrapKind?
    var gasUsed: UInt64
}

/// Instantiates `program` (unlimited gas), then calls `name` with `gasLimit` gas for the call
/// alone; reports the call's own gas. `metered: false` uses an unmetered store; `threaded: false`
/// runs every instruction in the `switch` loop.
func meteredRun(_ program: Program, _ name: String, _ arguments: [Value] = [], gasLimit: UInt64 = .max,
                hostCost: UInt64 = 0, metered: Bool = true, threaded: Bool = true) throws -> MeteredRun {
    let store = metered ? Store() : Store(schedule: nil)
    store.threadedDispatch = threaded
    var imports = Imports()
    let host = store.addHostFunction(type: FunctionType(parameters: [.i32], results: [.i32]), cost: hostCost) { _, arguments in
        arguments
    }
    imports.define(module: "env", name: "echo", .function(host))
    let instance = try store.instantiate(program, imports: imports)
    let before = store.gasUsed
    store.gasLimit = gasLimit == .max ? .max : before + gasLimit
    do {
        let results = try store.invoke(instance, name, arguments)
        return MeteredRun(results: results, trap: nil, gasUsed: store.gasUsed - before)
    } catch {
        return MeteredRun(results: nil, trap: error.kind, gasUsed: store.gasUsed - before)
    }
}

func meteredRun(_ text: String, _ name: String, _ arguments: [Value] = [], gasLimit: UInt64 = .max,
                hostCost: UInt64 = 0) throws -> MeteredRun {
    try meteredRun(try Lowering.lower(wasm: try wat2wasm(text)), name, arguments, gasLimit: gasLimit, hostCost: hostCost)
}

let loopProgram = """
    (module
      (import "env" "echo" (func $echo (param i32) (result i32)))
      (memory 1 100)
      (func $sum (export "sum") (param $n i32) (result i64) (local $acc i64)
        (block $done
          (loop $again
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $n))))
            (i64.store (i32.const 8) (local.get $acc))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $again)))
        (local.get $acc))
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "copy") (param i32) (memory.copy (i32.const 0) (i32.const 100) (local.get 0)))
      (func (export "host") (param i32) (result i32) (call $echo (local.get 0)))
      (func (export "trapMidway") (param i32) (result i32)
        (i32.add (i32.const 1) (i32.div_u (i32.const 10) (local.get 0)))))
    """

@Test func gasIsTheSameOnEveryRun() throws {
    let program = try Lowering.lower(wasm: try wat2wasm(loopProgram))
    let first = try meteredRun(program, "sum", [.i32(1000)])
    #expect(first.results == [.i64(500_500)])
    #expect(first.gasUsed > 1000)
    for _ in 0..<100 {
        #expect(try meteredRun(program, "sum", [.i32(1000)]).gasUsed == first.gasUsed)
    }
    // A different limit, as long as it suffices, changes nothing.
    #expect(try meteredRun(program, "sum", [.i32(1000)], gasLimit: first.gasUsed * 3).gasUsed == first.gasUsed)
}

@Test func exactlyTheGasUsedSucceedsAndOneLessRunsOut() throws {
    let used = try meteredRun(loopProgram, "sum", [.i32(50)]).gasUsed
    let exact = try meteredRun(loopProgram, "sum", [.i32(50)], gasLimit: used)
    #expect(exact.results == [.i64(1275)])
    #expect(exact.gasUsed == used)
    let short = try meteredRun(loopProgram, "sum", [.i32(50)], gasLimit: used - 1)
    #expect(short.trap == .outOfGas)
    #expect(short.gasUsed == used - 1)
}

@Test func everyLimitBelowTheCostRunsOutAndUsesTheLimit() throws {
    let program = try Lowering.lower(wasm: try wat2wasm(loopProgram))
    let used = try meteredRun(program, "sum", [.i32(5)]).gasUsed
    for limit in 0..<used {
        let run = try meteredRun(program, "sum", [.i32(5)], gasLimit: limit)
        #expect(run.trap == .outOfGas)
        #expect(run.gasUsed == limit)
    }
}

@Test func memoryGrowIsChargedPerPageAdded() throws {
    let schedule = GasSchedule.v2
    let none = try meteredRun(loopProgram, "grow", [.i32(0)])
    let three = try meteredRun(loopProgram, "grow", [.i32(3)])
    #expect(three.results == [.i32(1)])
    #expect(three.gasUsed - none.gasUsed == 3 * schedule.memoryGrowPerPage)
    // A grow that fails adds no pages and costs no more than growing by zero.
    let failed = try meteredRun(loopProgram, "grow", [.i32(1000)])
    #expect(failed.results == [.i32(UInt32.max)])
    #expect(failed.gasUsed == none.gasUsed)
}

@Test func memoryCopyIsChargedPerByte() throws {
    let schedule = GasSchedule.v2
    let zero = try meteredRun(loopProgram, "copy", [.i32(0)])
    let many = try meteredRun(loopProgram, "copy", [.i32(800)])
    #expect(many.gasUsed - zero.gasUsed == schedule.bulkBytes(800))
    // Out of gas before the copy: nothing unpaid happens, and the limit is what was used.
    let short = try meteredRun(loopProgram, "copy", [.i32(800)], gasLimit: many.gasUsed - 1)
    #expect(short.trap == .outOfGas)
}

@Test func hostCallsAreChargedTheirDeclaredCost() throws {
    let cheap = try meteredRun(loopProgram, "host", [.i32(7)], hostCost: 0)
    let dear = try meteredRun(loopProgram, "host", [.i32(7)], hostCost: 1000)
    #expect(cheap.results == [.i32(7)])
    #expect(dear.gasUsed - cheap.gasUsed == 1000)
}

@Test func aTrapChargesOnlyWhatRanUpToIt() throws {
    // Both runs execute the same instructions up to the division; the trapping run does not
    // pay for the addition after it, although the whole run was prepaid.
    let ok = try meteredRun(loopProgram, "trapMidway", [.i32(2)])
    let trapped = try meteredRun(loopProgram, "trapMidway", [.i32(0)])
    #expect(ok.results == [.i32(6)])
    #expect(trapped.trap == .integerDivideByZero)
    // Gas is defined on the lowered program: the difference is what follows the division.
    let program = try Lowering.lower(wasm: try wat2wasm(loopProgram))
    let function = program.functions[program.functions.count - 1]
    let code = program.code[Int(function.entry)...]
    let division = try #require(code.firstIndex { if case .i32DivU = $0 { true } else { false } })
    let returnIndex = try #require(code[division...].firstIndex { if case .return = $0 { true } else { false } })
    let schedule = GasSchedule.v2
    let after = program.code[(division + 1)...returnIndex].reduce(0) { $0 + schedule.cost(of: $1) }
    #expect(after > 0)
    #expect(ok.gasUsed - trapped.gasUsed == after)
}

@Test func instantiationIsMeteredLikeAnyCode() throws {
    // The entrypoint grows the memory to its initial page and writes the data segment.
    let text = """
        (module (memory 1) (data (i32.const 0) "0123456789abcdef") (func (export "f")))
        """
    let program = try Lowering.lower(wasm: try wat2wasm(text))
    let store = Store()
    _ = try store.instantiate(program)
    let schedule = GasSchedule.v2
    #expect(store.gasUsed >= schedule.memoryGrowPerPage + schedule.bulkBytes(16))
    let short = Store()
    short.gasLimit = schedule.memoryGrowPerPage
    #expect(throws: InstantiationError.self) { _ = try short.instantiate(program) }
    #expect(short.gasUsed == schedule.memoryGrowPerPage)
}

@Test func unmeteredStoresUseNoGas() throws {
    let program = try Lowering.lower(wasm: try wat2wasm(loopProgram))
    let store = Store(schedule: nil)
    var imports = Imports()
    imports.define(module: "env", name: "echo", .function(store.addHostFunction(type: FunctionType(parameters: [.i32], results: [.i32])) { _, a in a }))
    let instance = try store.instantiate(program, imports: imports)
    store.gasLimit = 10
    #expect(try store.invoke(instance, "sum", [.i32(1000)]) == [.i64(500_500)])
    #expect(store.gasUsed == 0)
}
