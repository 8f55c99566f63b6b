import Cairn
import Testing
import WAT

// Execution profiles (`cairn run --profile`): exact counts, and a profiled run ends the way
// any other run does.

private let countingLoop = """
    (module
      (func (export "count") (param $n i32) (result i32) (local $i i32) (local $s i32)
        (block $done
          (loop $again
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (i32.const 3))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $again)))
        (local.get $s))
      (func (export "divide") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1))))
    """

@Test func profileCountsEveryExecution() throws {
    let program = try Lowering.lower(wasm: try wat2wasm(countingLoop))
    let plain = Store()
    let plainInstance = try plain.instantiate(program)
    let expected = try plain.invoke(plainInstance, "count", [.i32(50)])

    let store = Store()
    store.profiling = true
    let instance = try store.instantiate(program)
    #expect(try store.invoke(instance, "count", [.i32(50)]) == expected)
    #expect(store.gasUsed == plain.gasUsed)
    let profile = try #require(instance.executionProfile)
    // The loop's exit test runs once per iteration and once more; each other loop
    // instruction once per iteration.
    let code = program.code
    let loopTest = try #require(code.firstIndex { $0.mnemonic == "br_if_i32_ge_u" })
    #expect(profile.counts[loopTest] == 51)
    let multiply = try #require(code.firstIndex { $0.mnemonic == "i32.mul_imm" })
    #expect(profile.counts[multiply] == 50)
    #expect(profile.mnemonicCounts().first { $0.mnemonic == "br" }?.count == 50)
    // Every executed instruction is counted once: the total is the sum over mnemonics.
    #expect(profile.total == profile.mnemonicCounts().reduce(0) { $0 + $1.count })
    #expect(profile.fallThroughPairs().contains { $0.first == "i32.mul_imm" && $0.count == 50 })
}

@Test func profiledTrapsAndOutOfGasMatchPlainRuns() throws {
    let program = try Lowering.lower(wasm: try wat2wasm(countingLoop))
    for (name, arguments, limit) in [("divide", [Value.i32(7), .i32(0)], UInt64.max), ("count", [.i32(1000)], 500)] {
        func outcome(profiling: Bool) throws -> (TrapKind?, UInt64, UInt64?) {
            let store = Store()
            store.profiling = profiling
            let instance = try store.instantiate(program)
            store.gasLimit = limit == .max ? .max : store.gasUsed + limit
            do {
                _ = try store.invoke(instance, name, arguments)
                return (nil, store.gasUsed, instance.executionProfile?.total)
            } catch {
                return (error.kind, store.gasUsed, instance.executionProfile?.total)
            }
        }
        let plain = try outcome(profiling: false)
        let profiled = try outcome(profiling: true)
        #expect(profiled.0 == plain.0 && profiled.1 == plain.1, "\(name)")
        #expect(plain.0 != nil && plain.2 == nil && (profiled.2 ?? 0) > 0, "\(name)")
    }
}

@Test func profileListsWhatRunsAloneAfterAFusedPair() throws {
    // Two `i32.add_imm` run as a fused pair in threaded code; the division after them has no
    // pair with either and runs alone.
    let program = try Lowering.lower(wasm: try wat2wasm("""
        (module
          (func (export "f") (param i32 i32) (result i32)
            (local.set 0 (i32.add (local.get 0) (i32.const 5)))
            (local.set 0 (i32.add (local.get 0) (i32.const 7)))
            (i32.div_u (local.get 0) (local.get 1))))
        """))
    #expect(program.code.map(\.mnemonic).starts(with: ["i32.add_imm", "i32.add_imm", "i32.div_u"]))
    let store = Store()
    store.profiling = true
    let instance = try store.instantiate(program)
    for divisor in 1...3 { _ = try store.invoke(instance, "f", [.i32(30), .i32(UInt32(divisor))]) }
    let singles = try #require(instance.executionProfile).singlesAfterPairs()
    #expect(singles.contains { ($0.first, $0.second, $0.third, $0.count) == ("i32.add_imm", "i32.add_imm", "i32.div_u", 3) })
}
