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

/// The benchmark workloads at small sizes: the fused pairs chosen from their profiles
/// (docs/register-machine.md, "Fused pairs") run in them, on real compiler output.
private let workloadCases: [(String, String, [Value])] = [
    ("loops.wasm", "int_loop", [.i32(2000)]), ("loops.wasm", "collatz_steps", [.i32(300)]),
    ("loops.wasm", "gcd_sum", [.i32(25)]), ("fmatmul.wasm", "fmatmul64", [.i32(9), .i32(7)]),
    ("fmatmul.wasm", "fmatmul32", [.i32(9), .i32(7)]), ("keccak.wasm", "keccak256_buf", [.i32(1500), .i32(7)]),
    ("lz.wasm", "lz_roundtrip", [.i32(3), .i32(7), .i32(16)]), ("json.wasm", "json_parse_bench", [.i32(12), .i32(2)]),
    ("memcpy.wasm", "memcpy_bench", [.i32(300), .i32(7)]), ("memcpy.wasm", "bytecopy_bench", [.i32(3)]),
    ("calls.wasm", "calls_direct", [.i32(300)]), ("calls.wasm", "calls_indirect", [.i32(300)]),
    ("calls.wasm", "calls_tree", [.i32(7)]), ("dispatch.wasm", "dispatch", [.i32(300)]),
    ("script.wasm", "script_eval", [.i32(0)]), ("script.wasm", "script_bench", [.i32(1)]),
]

@Test(arguments: 0..<workloadCases.count)
func benchmarkWorkloadsAgreeInBothLoops(_ index: Int) throws {
    let (file, name, arguments) = workloadCases[index]
    let url = packageRoot.appendingPathComponent("Benchmarks/Workloads/wasm/\(file)")
    let program = try Lowering.lower(wasm: [UInt8](Data(contentsOf: url)))
    let switched = try meteredRun(program, name, arguments, threaded: false)
    #expect(switched.trap == nil, "\(file) \(name)")
    let threaded = try meteredRun(program, name, arguments, threaded: true)
    #expect(threaded.results == switched.results && threaded.trap == switched.trap && threaded.gasUsed == switched.gasUsed,
            "\(file) \(name)")
    let unmetered = try meteredRun(program, name, arguments, metered: false, threaded: true)
    #expect(unmetered.results == switched.results && unmetered.trap == nil, "\(file) \(name) unmetered")
    // Gas running out inside the run: both loops stop at exactly the limit.
    var random = TestRandom(state: 0x0B0E_0000 &+ UInt64(index))
    for _ in 0..<3 {
        let limit = UInt64(random.below(Int(max(switched.gasUsed, 1))))
        let a = try meteredRun(program, name, arguments, gasLimit: limit, threaded: true)
        #expect(a.trap == .outOfGas && a.gasUsed == limit, "\(file) \(name) at gas limit \(limit)")
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

/// `call_indirect` in threaded code (docs/register-machine.md, "Calls in threaded code"): calls
/// through table 0 to functions of the instance, to a host function, to a function of the
/// wrong type, to a null or missing element, to a callee with many locals, recursively, and
/// after `table.set` and `table.grow` have changed the table while the machine runs.
private let indirectCallProgram = """
    (module
      (import "env" "echo" (func $echo (param i32) (result i32)))
      (type $unary (func (param i32) (result i32)))
      (type $binary (func (param i32 i32) (result i32)))
      (table 8 16 funcref)
      (elem (i32.const 0) $double $inc $echo $many $add)
      (elem declare func $fib)
      (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
      (func $inc (type $unary) (i32.add (local.get 0) (i32.const 1)))
      (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
      (func $many (type $unary) (local $a i64) (local $b i64) (local $c i64) (local $d i64) (local $e i32) (local $f i32)
        (local.set $e (i32.add (local.get $e) (local.get 0)))
        (i32.add (local.get $e) (i32.wrap_i64 (i64.add (local.get $a) (local.get $d)))))
      ;; acc = table[i % k](acc + i) for i in 0..<n
      (func $mix (export "mix") (param $n i32) (param $k i32) (result i32) (local $i i32) (local $acc i32)
        (loop $again
          (local.set $acc (call_indirect (type $unary)
            (i32.add (local.get $acc) (local.get $i)) (i32.rem_u (local.get $i) (local.get $k))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $again (i32.lt_u (local.get $i) (local.get $n))))
        (local.get $acc))
      (func $fib (param $n i32) (result i32)
        (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
          (then (local.get $n))
          (else (i32.add
            (call_indirect (type $unary) (i32.sub (local.get $n) (i32.const 1)) (i32.const 6))
            (call_indirect (type $unary) (i32.sub (local.get $n) (i32.const 2)) (i32.const 6))))))
      (func (export "fib") (param $n i32) (result i32)
        (table.set (i32.const 6) (ref.func $fib))
        (call_indirect (type $unary) (local.get $n) (i32.const 6)))
      (func (export "swap") (param $n i32) (result i32)
        (drop (call $mix (local.get $n) (i32.const 2)))
        (table.set (i32.const 0) (ref.func $inc))
        (call $mix (local.get $n) (i32.const 2)))
      (func (export "grow") (param $n i32) (result i32)
        (drop (table.grow (ref.func $double) (i32.const 4)))
        (call_indirect (type $unary) (local.get $n) (i32.const 11)))
      (func (export "null") (param $n i32) (result i32)
        (call_indirect (type $unary) (local.get $n) (i32.const 7)))
      (func (export "missing") (param $n i32) (result i32)
        (call_indirect (type $unary) (local.get $n) (i32.const 9))))
    """

@Test(arguments: [
    ("mix", [Value.i32(50), .i32(2)]), ("mix", [.i32(50), .i32(3)]), ("mix", [.i32(50), .i32(4)]),
    ("mix", [.i32(50), .i32(5)]), ("mix", [.i32(50), .i32(6)]), ("fib", [.i32(12)]),
    ("swap", [.i32(20)]), ("grow", [.i32(21)]), ("null", [.i32(1)]), ("missing", [.i32(1)]),
])
func threadedIndirectCallsAgreeWithTheSwitchLoop(_ name: String, _ arguments: [Value]) throws {
    try expectAgreement(try Lowering.lower(wasm: try wat2wasm(indirectCallProgram)), name, arguments)
}

/// Expects threaded code (metered and unmetered) and the `switch` loop to agree on `name`:
/// results, trap and gas, at the full limit and at about 150 limits below it.
private func expectAgreement(_ program: Program, _ name: String, _ arguments: [Value]) throws {
    let switched = try meteredRun(program, name, arguments, threaded: false)
    let threaded = try meteredRun(program, name, arguments, threaded: true)
    #expect(threaded.results == switched.results && threaded.trap == switched.trap && threaded.gasUsed == switched.gasUsed, "\(name)")
    let unmetered = try meteredRun(program, name, arguments, metered: false, threaded: true)
    #expect(unmetered.results == switched.results && unmetered.trap == switched.trap, "\(name) unmetered")
    for limit in stride(from: 0, through: switched.gasUsed, by: max(1, Int(switched.gasUsed) / 150)) {
        let a = try meteredRun(program, name, arguments, gasLimit: limit, threaded: true)
        let b = try meteredRun(program, name, arguments, gasLimit: limit, threaded: false)
        #expect(a.results == b.results && a.trap == b.trap && a.gasUsed == b.gasUsed, "\(name) at gas limit \(limit)")
    }
}

@Test func threadedIndirectCallsGiveTheExpectedResults() throws {
    let program = try Lowering.lower(wasm: try wat2wasm(indirectCallProgram))
    func run(_ name: String, _ arguments: [Value]) throws -> MeteredRun {
        try meteredRun(program, name, arguments, threaded: true)
    }
    // Reference values worked out by hand from the functions' definitions.
    func mix(_ n: UInt32, _ k: UInt32, _ table: [(UInt32) -> UInt32]) -> UInt32 {
        var acc: UInt32 = 0
        for i in 0..<n { acc = table[Int(i % k)](acc &+ i) }
        return acc
    }
    let double: (UInt32) -> UInt32 = { $0 &* 2 }, inc: (UInt32) -> UInt32 = { $0 &+ 1 }, echo: (UInt32) -> UInt32 = { $0 }
    #expect(try run("mix", [.i32(50), .i32(3)]).results == [.i32(mix(50, 3, [double, inc, echo]))])
    // $many has six declared locals, which each call must find zeroed: it is the identity.
    #expect(try run("mix", [.i32(50), .i32(4)]).results == [.i32(mix(50, 4, [double, inc, echo, echo]))])
    #expect(try run("mix", [.i32(50), .i32(5)]).trap == .indirectCallTypeMismatch)
    #expect(try run("mix", [.i32(50), .i32(6)]).trap == .indirectCallTypeMismatch)
    #expect(try run("fib", [.i32(12)]).results == [.i32(144)])
    #expect(try run("swap", [.i32(20)]).results == [.i32(mix(20, 2, [inc, inc]))])
    #expect(try run("grow", [.i32(21)]).results == [.i32(42)])
    #expect(try run("null", [.i32(1)]).trap == .uninitializedElement)
    #expect(try run("missing", [.i32(1)]).trap == .undefinedElement)
}

/// Direct calls of functions that declare locals, which threaded code zeroes in a prologue
/// before the callee's first instruction (docs/register-machine.md, "Calls in threaded code"):
/// few (two) and many (six), each called right after `$dirty` has left other values in the
/// slots they take. Each callee adds its locals to its parameter, so it returns the parameter
/// only if it found them zeroed.
private let directCallLocalsProgram = """
    (module
      (func $dirty (param i32) (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32)
        (local.set 1 (local.get 0)) (local.set 2 (local.get 0)) (local.set 3 (local.get 0))
        (local.set 4 (local.get 0)) (local.set 5 (local.get 0)) (local.set 6 (local.get 0))
        (local.set 7 (local.get 0)) (local.set 8 (local.get 0))
        (i32.add (local.get 8) (local.get 1)))
      (func $few (param i32) (result i32) (local $a i32) (local $b i64)
        (local.set $a (i32.add (local.get $a) (local.get 0)))
        (i32.add (local.get $a) (i32.wrap_i64 (local.get $b))))
      (func $many (param i32) (result i32) (local $a i32) (local $b i32) (local $c i64) (local $d i32) (local $e i32) (local $f i32)
        (i32.add (i32.add (i32.add (local.get 0) (local.get $a)) (i32.add (local.get $b) (i32.wrap_i64 (local.get $c))))
                 (i32.add (local.get $d) (i32.add (local.get $e) (local.get $f)))))
      (func (export "calls") (param $n i32) (result i32) (local $i i32) (local $acc i32)
        (loop $again
          (drop (call $dirty (i32.add (local.get $i) (i32.const 77))))
          (local.set $acc (i32.add (local.get $acc) (call $few (local.get $i))))
          (drop (call $dirty (i32.add (local.get $i) (i32.const 78))))
          (local.set $acc (i32.add (local.get $acc) (call $many (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $again (i32.lt_u (local.get $i) (local.get $n))))
        (local.get $acc)))
    """

@Test func threadedDirectCallsZeroTheCalleesLocals() throws {
    let program = try Lowering.lower(wasm: try wat2wasm(directCallLocalsProgram))
    // Sum of 2i for i in 0..<40.
    #expect(try meteredRun(program, "calls", [.i32(40)], threaded: true).results == [.i32(40 * 39)])
    #expect(try meteredRun(program, "calls", [.i32(40)], metered: false, threaded: true).results == [.i32(40 * 39)])
    try expectAgreement(program, "calls", [.i32(40)])
}

/// Direct calls near the end of the value stack: threaded code checks a call's frame against
/// one bound for every callee of the instance (the stack's end less its largest frame, here
/// `$big`'s, which never runs) and leaves calls above it to the `switch` loop. Recursion of
/// `$deep`, whose frame is small, still runs to the exact slot where the stack ends.
private let deepRecursionProgram = """
    (module
      (func $big (param i64) (result i64) (local \(String(repeating: "i64 ", count: 3000)))
        (local.get 2999))
      (func $deep (export "deep") (param $n i32) (result i32)
        (if (result i32) (i32.eqz (local.get $n))
          (then (i32.const 0))
          (else (i32.add (call $deep (i32.sub (local.get $n) (i32.const 1))) (i32.const 1))))))
    """

@Test func deepRecursionEndsAtTheSameSlotInBothLoops() throws {
    let program = try Lowering.lower(wasm: try wat2wasm(deepRecursionProgram))
    // Within the call depth limit: the result.
    #expect(try meteredRun(program, "deep", [.i32(9000)], threaded: true).results == [.i32(9000)])
    for depth: UInt32 in [9000, 20000] {
        let threaded = try meteredRun(program, "deep", [.i32(depth)], threaded: true)
        let switched = try meteredRun(program, "deep", [.i32(depth)], threaded: false)
        #expect(threaded.results == switched.results, "depth \(depth)")
        #expect(threaded.trap == switched.trap && threaded.gasUsed == switched.gasUsed, "depth \(depth)")
    }
    #expect(try meteredRun(program, "deep", [.i32(20000)], threaded: true).trap == .callStackExhausted)
    // A smaller value stack, which `$deep` exhausts before the call depth.
    for metered in [true, false] {
        var results: [(TrapKind?, UInt64)] = []
        for threadedDispatch in [true, false] {
            var limits = MachineLimits()
            limits.maxValueSlots = 5000
            let store = metered ? Store(limits: limits) : Store(limits: limits, schedule: nil)
            store.threadedDispatch = threadedDispatch
            let instance = try store.instantiate(program)
            do {
                _ = try store.invoke(instance, "deep", [.i32(9500)])
                results.append((nil, store.gasUsed))
            } catch {
                results.append((error.kind, store.gasUsed))
            }
        }
        #expect(results[0].0 == .valueStackExhausted && results[1].0 == .valueStackExhausted, "metered: \(metered), \(results)")
        #expect(results[0].1 == results[1].1, "metered: \(metered)")
    }
}

/// `memory.copy` and `memory.fill` in threaded code: overlapping copies both ways, fills,
/// empty ranges at the end of memory, ranges past it, and byte counts whose gas runs out.
private let bulkMemoryProgram = """
    (module
      (memory 1)
      ;; Fills [0, n) with a pattern, copies it up by 3 and back down by 5 (overlapping), then
      ;; sums bytes 0..<n+8 weighted by position.
      (func (export "shuffle") (param $n i32) (result i32) (local $i i32) (local $s i32)
        (memory.fill (i32.const 0) (i32.const 0xA5) (local.get $n))
        (memory.fill (i32.const 1) (i32.const 7) (i32.shr_u (local.get $n) (i32.const 1)))
        (memory.copy (i32.const 3) (i32.const 0) (local.get $n))
        (memory.copy (i32.const 0) (i32.const 5) (local.get $n))
        (loop $sum
          (local.set $s (i32.add (local.get $s)
            (i32.mul (i32.load8_u (local.get $i)) (i32.add (local.get $i) (i32.const 1)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $sum (i32.lt_u (local.get $i) (i32.add (local.get $n) (i32.const 8)))))
        (local.get $s))
      (func (export "copy") (param $d i32) (param $s i32) (param $n i32) (result i32)
        (memory.copy (local.get $d) (local.get $s) (local.get $n))
        (i32.load8_u (i32.const 0)))
      (func (export "fill") (param $d i32) (param $n i32) (result i32)
        (memory.fill (local.get $d) (i32.const 1) (local.get $n))
        (i32.load8_u (i32.sub (i32.add (local.get $d) (local.get $n)) (i32.const 1)))))
    """

@Test(arguments: [
    ("shuffle", [Value.i32(40)]), ("shuffle", [.i32(1000)]), ("copy", [.i32(65536), .i32(0), .i32(0)]),
    ("copy", [.i32(65535), .i32(0), .i32(2)]), ("copy", [.i32(0), .i32(65535), .i32(2)]),
    ("copy", [.i32(0), .i32(100), .i32(65436)]), ("fill", [.i32(65000), .i32(536)]), ("fill", [.i32(65000), .i32(537)]),
    ("fill", [.i32(0), .i32(65536)]),
])
func threadedBulkMemoryAgreesWithTheSwitchLoop(_ name: String, _ arguments: [Value]) throws {
    try expectAgreement(try Lowering.lower(wasm: try wat2wasm(bulkMemoryProgram)), name, arguments)
}

@Test func threadedBulkMemoryGivesTheExpectedResults() throws {
    let program = try Lowering.lower(wasm: try wat2wasm(bulkMemoryProgram))
    // The same steps on an array.
    var bytes = [UInt8](repeating: 0, count: 1100)
    let n = 1000
    for i in 0..<n { bytes[i] = 0xA5 }
    for i in 1..<(1 + n / 2) { bytes[i] = 7 }
    bytes.replaceSubrange(3..<(3 + n), with: Array(bytes[0..<n]))
    bytes.replaceSubrange(0..<n, with: Array(bytes[5..<(5 + n)]))
    var sum: UInt32 = 0
    for i in 0..<(n + 8) { sum &+= UInt32(bytes[i]) &* UInt32(i + 1) }
    #expect(try meteredRun(program, "shuffle", [.i32(UInt32(n))]).results == [.i32(sum)])
    #expect(try meteredRun(program, "fill", [.i32(65000), .i32(537)]).trap == .memoryOutOfBounds)
    #expect(try meteredRun(program, "copy", [.i32(0), .i32(65535), .i32(2)]).trap == .memoryOutOfBounds)
    #expect(try meteredRun(program, "copy", [.i32(65536), .i32(0), .i32(0)]).results == [.i32(0)])
}

/// Pairs that keep the accumulator (docs/register-machine.md, "Keeping the accumulator"): the
/// sieve's marking loop, whose store may also go out of bounds, then a sum that reads back.
private let keptAccumulatorProgram = """
    (module (memory 1)
      (func (export "mark") (param $j i32) (param $i i32) (param $n i32) (result i32) (local $s i32)
        (local.set $j (i32.mul (local.get $j) (local.get $j)))
        (loop $again
          (i32.store8 offset=0 (i32.add (local.get $j) (i32.const 1024)) (local.get $i))
          (local.set $j (i32.add (local.get $j) (local.get $i)))
          (br_if $again (i32.lt_s (local.get $j) (local.get $n))))
        (local.set $j (i32.const 0))
        (loop $sum
          (local.set $s (i32.add (local.get $s) (i32.load8_u offset=1024 (local.get $j))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $sum (i32.lt_s (local.get $j) (local.get $n))))
        (i32.add (local.get $s) (local.get $j))))
    """

@Test(arguments: [[Value.i32(3), .i32(7), .i32(3000)], [.i32(5), .i32(13), .i32(64600)], [.i32(2), .i32(9), .i32(70000)]])
func pairsThatKeepTheAccumulatorAgreeWithTheSwitchLoop(_ arguments: [Value]) throws {
    try expectAgreement(try Lowering.lower(wasm: try wat2wasm(keptAccumulatorProgram)), "mark", arguments)
}

/// Float chains whose results become NaNs (docs/register-machine.md, "NaNs in threaded code"):
/// the threaded handlers of float arithmetic leave a NaN result to the `switch` loop, which
/// makes it canonical. `$x` may be a NaN with a payload, an infinity (`inf * 0`) or finite.
private let floatNaNProgram = """
    (module (memory 1)
      (func (export "f64chain") (param $n i32) (param $bits i64) (result i64) (local $i i32) (local $acc f64) (local $x f64)
        (local.set $x (f64.reinterpret_i64 (local.get $bits)))
        (loop $again
          (local.set $acc (f64.add (local.get $acc) (f64.mul (local.get $x) (f64.convert_i32_s (local.get $i)))))
          (f64.store (i32.shl (i32.and (local.get $i) (i32.const 7)) (i32.const 3)) (local.get $acc))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $again (i32.lt_s (local.get $i) (local.get $n))))
        (i64.add (i64.reinterpret_f64 (local.get $acc)) (i64.load (i32.const 16))))
      (func (export "f32chain") (param $n i32) (param $bits i32) (result i32) (local $i i32) (local $acc f32) (local $x f32)
        (local.set $x (f32.reinterpret_i32 (local.get $bits)))
        (loop $again
          (local.set $acc (f32.sub (local.get $acc) (f32.div (local.get $x) (f32.convert_i32_s (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $again (i32.lt_s (local.get $i) (local.get $n))))
        (i32.reinterpret_f32 (local.get $acc))))
    """

@Test(arguments: [
    ("f64chain", [Value.i32(40), .i64(0x3FF8_0000_0000_0000)]), ("f64chain", [.i32(40), .i64(0x7FF4_0000_0000_0001)]),
    ("f64chain", [.i32(40), .i64(0x7FF0_0000_0000_0000)]), ("f64chain", [.i32(40), .i64(0xFFF8_0000_0000_0000)]),
    ("f32chain", [.i32(30), .i32(0x3FC0_0000)]), ("f32chain", [.i32(30), .i32(0)]), ("f32chain", [.i32(30), .i32(0xFFA0_0001)]),
])
func threadedFloatNaNsAgreeWithTheSwitchLoop(_ name: String, _ arguments: [Value]) throws {
    try expectAgreement(try Lowering.lower(wasm: try wat2wasm(floatNaNProgram)), name, arguments)
}

@Test func threadedFloatNaNsAreCanonical() throws {
    let program = try Lowering.lower(wasm: try wat2wasm(floatNaNProgram))
    let nan64: UInt64 = 0x7FF8_0000_0000_0000, nan32: UInt32 = 0x7FC0_0000
    // A signalling NaN with a payload, a negative quiet NaN and inf * 0 all end as the canonical
    // NaN, in the sum and in the memory it was stored to.
    for bits: UInt64 in [0x7FF4_0000_0000_0001, 0xFFF8_0000_0000_0000, 0x7FF0_0000_0000_0000] {
        #expect(try meteredRun(program, "f64chain", [.i32(40), .i64(bits)], threaded: true).results == [.i64(nan64 &+ nan64)])
    }
    // 0 / 0 at i = 0, and a NaN input with a payload.
    for bits: UInt32 in [0, 0xFFA0_0001] {
        #expect(try meteredRun(program, "f32chain", [.i32(30), .i32(bits)], threaded: true).results == [.i32(nan32)])
    }
    // Finite: the same sums in Swift.
    var acc = 0.0, stored = [Double](repeating: 0, count: 8)
    for i in 0..<40 { acc += 1.5 * Double(i); stored[i & 7] = acc }
    #expect(try meteredRun(program, "f64chain", [.i32(40), .i64(0x3FF8_0000_0000_0000)], threaded: true).results
        == [.i64(acc.bitPattern &+ stored[2].bitPattern)])
}
