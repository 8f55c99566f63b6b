import Cairn
import Foundation
import Testing
import WAT

// The threaded interpreter and the `switch` loop (docs/register-machine.md, "Dispatch") must
// agree on everything: results, traps and gas used, at every gas limit, since the threaded
// run hands over to the `switch` loop exactly where gas runs out or an instruction traps.

private func example(_ file: String) throws -> Program {
    let url = packageRoot.appendingPathComponent("examples/\(file)")
    if file.hasSuffix(".wat") {
        return try Lowering.lower(wasm: try wat2wasm(String(contentsOf: url, encoding: .utf8)))
    }
    return try Lowering.lower(wasm: [UInt8](Data(contentsOf: url)))
}

/// Calls of real programs that reach calls, returns, br_table, loads, stores, traps and host-free
/// bulk memory: (file, export, arguments).
private let dispatchCases: [(String, String, [Value])] = [
    ("wasm/sha256.wasm", "sha256_word", [.i32(1000), .i32(42), .i32(3)]),
    ("wasm/qsort.wasm", "qsort_checksum", [.i32(1000), .i32(1)]),
    ("wasm/interp.wasm", "interp_collatz", [.i32(60)]),
    ("wasm/recursion.wasm", "fib_rec", [.i32(15)]),
    ("wasm/matmul.wasm", "matmul_trace", [.i32(10), .i32(1)]),
    ("wasm/sieve.wasm", "sieve", [.i32(1000)]),
    ("factorial.wat", "fac_checked", [.i64(21)]),
    ("memory.wat", "load64", [.i32(65529)]),
]

@Test(arguments: 0..<dispatchCases.count)
func threadedAndSwitchLoopsAgree(_ index: Int) throws {
    let (file, name, arguments) = dispatchCases[index]
    let program = try example(file)
    let threaded = try meteredRun(program, name, arguments, threaded: true)
    let switched = try meteredRun(program, name, arguments, threaded: false)
    #expect(threaded.results == switched.results, "\(file) \(name)")
    #expect(threaded.trap == switched.trap, "\(file) \(name)")
    #expect(threaded.gasUsed == switched.gasUsed, "\(file) \(name)")
    let unmetered = try meteredRun(program, name, arguments, metered: false, threaded: true)
    #expect(unmetered.results == switched.results && unmetered.trap == switched.trap, "\(file) \(name) unmetered")

    // Every gas limit ends the same way in both loops: out of gas at exactly the limit, or
    // the full result. Limits are drawn at random below the full cost, plus the edges.
    var random = TestRandom(state: 0x5EED_0000 &+ UInt64(index))
    var limits: [UInt64] = [0, 1, switched.gasUsed &- 1, switched.gasUsed]
    for _ in 0..<12 { limits.append(UInt64(random.below(Int(max(switched.gasUsed, 1))))) }
    for limit in limits {
        let a = try meteredRun(program, name, arguments, gasLimit: limit, threaded: true)
        let b = try meteredRun(program, name, arguments, gasLimit: limit, threaded: false)
        #expect(a.results == b.results && a.trap == b.trap && a.gasUsed == b.gasUsed, "\(file) \(name) at gas limit \(limit)")
        if limit < switched.gasUsed { #expect(a.trap == .outOfGas && a.gasUsed == limit, "\(file) \(name) at gas limit \(limit)") }
    }
}

/// Code made of fused pairs (docs/register-machine.md, "Fused pairs"): adds before loads and
/// stores, a loop closed by `i32.add_imm` + `br_if_i32_ne`, copies before calls and returns,
/// and pairs whose second instruction traps.
private let fusedPairProgram = """
    (module
      (memory 1)
      (func $load (export "load") (param $p i32) (result i32)
        (i32.load (i32.add (local.get $p) (i32.const 4))))
      (func $sum (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
        (loop $again
          (i32.store8 (i32.add (local.get $i) (i32.const 16)) (local.get $i))
          (local.set $s (i32.add (local.get $s) (i32.load8_u (i32.add (local.get $i) (i32.const 16)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $again (i32.ne (local.get $i) (local.get $n))))
        (local.get $s))
      (func $rem (export "rem") (param $x i32) (param $y i32) (result i32) (local $t i32)
        (local.set $t (local.get $x))
        (i32.rem_u (local.get $t) (local.get $y)))
      (func (export "chain") (param $n i32) (param $d i32) (result i32)
        (call $rem (call $sum (local.get $n)) (local.get $d))))
    """

@Test(arguments: [
    ("load", [Value.i32(8)]), ("load", [.i32(65530)]), ("sum", [.i32(40)]),
    ("rem", [.i32(17), .i32(5)]), ("rem", [.i32(17), .i32(0)]),
    ("chain", [.i32(30), .i32(7)]), ("chain", [.i32(30), .i32(0)]),
])
func fusedPairsKeepEveryStepBoundary(_ name: String, _ arguments: [Value]) throws {
    let program = try Lowering.lower(wasm: try wat2wasm(fusedPairProgram))
    let switched = try meteredRun(program, name, arguments, threaded: false)
    let threaded = try meteredRun(program, name, arguments, threaded: true)
    #expect(threaded.results == switched.results && threaded.trap == switched.trap && threaded.gasUsed == switched.gasUsed)
    // Every limit: each plants its breakpoint inside some run, often between the two
    // instructions of a fused pair, which must then come apart.
    for limit in 0...switched.gasUsed {
        let a = try meteredRun(program, name, arguments, gasLimit: limit, threaded: true)
        let b = try meteredRun(program, name, arguments, gasLimit: limit, threaded: false)
        #expect(a.results == b.results && a.trap == b.trap && a.gasUsed == b.gasUsed, "\(name) at gas limit \(limit)")
    }
}

@Test func fusedPairProgramHasThePairsItTests() throws {
    // The test above is only worth anything if lowering still produces these pairs.
    let code = try Lowering.lower(wasm: try wat2wasm(fusedPairProgram)).code
    let pairs = Set(zip(code, code.dropFirst()).map { "\($0.mnemonic) \($1.mnemonic)" })
    for pair in ["i32.add_imm i32.load", "i32.add_imm i32.store8", "i32.add_imm br_if_i32_ne", "copy i32.rem_u"] {
        #expect(pairs.contains(pair), "\(pair) not among \(pairs.sorted())")
    }
}

@Test func runCostsBeyondThirtyTwoBitsStillChargeExactly() throws {
    // Threaded instructions carry their run's cost in 32 bits; an instance whose runs cost
    // more runs in the `switch` loop, with the same results and gas.
    var schedule = GasSchedule.v2
    schedule.classCosts = schedule.classCosts.map { $0 << 31 }
    let program = try Lowering.lower(wasm: try wat2wasm(fusedPairProgram))
    func run(threaded: Bool) throws -> ([Value], UInt64) {
        let store = Store(schedule: schedule)
        store.threadedDispatch = threaded
        let instance = try store.instantiate(program)
        let results = try store.invoke(instance, "sum", [.i32(40)])
        return (results, store.gasUsed)
    }
    let threaded = try run(threaded: true)
    let switched = try run(threaded: false)
    #expect(threaded.0 == switched.0 && threaded.1 == switched.1)
    #expect(threaded.1 > UInt64(UInt32.max))
}
