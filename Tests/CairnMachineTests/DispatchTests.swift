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
