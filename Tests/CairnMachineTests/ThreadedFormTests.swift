@testable import CairnMachine
import CairnProgram
import CairnWasm
import Testing
import WAT

// Which instructions threaded code runs itself and which it leaves to the `switch` loop
// (docs/register-machine.md, "Calls in threaded code"). The agreement tests in
// DispatchTests.swift pass either way; these make sure the fast path is the one taken.

private let twoTables = """
    (module
      (type $unary (func (param i32) (result i32)))
      (table $first 2 funcref)
      (table $second 2 funcref)
      (elem (table $first) (i32.const 0) func $id)
      (elem (table $second) (i32.const 0) func $id)
      (func $id (type $unary) (local.get 0))
      (func (export "first") (param i32) (result i32)
        (call_indirect $first (type $unary) (local.get 0) (i32.const 0)))
      (func (export "second") (param i32) (result i32)
        (call_indirect $second (type $unary) (local.get 0) (i32.const 0))))
    """

@Test(arguments: [true, false])
func callIndirectThroughTableZeroRunsInThreadedCode(metered: Bool) throws {
    let program = try Lowering.lower(wasm: try wat2wasm(twoTables))
    let store = Store()
    let instance = try store.instantiate(program)
    let threaded = instance.threadedCode(metered: metered, fused: true)
    let exit = threadedHandlerAddresses[0]
    var tables: [UInt32: UInt64] = [:]
    for (index, instruction) in program.code.enumerated() {
        if case .callIndirect(_, let table, _) = instruction { tables[table] = threaded[index].handler }
    }
    #expect(tables.count == 2)
    #expect(tables[0] != nil && tables[0] != exit, "table 0: its own handler")
    #expect(tables[1] == exit, "another table: the switch loop")
    #expect(try store.invoke(instance, "first", [.i32(7)]) == [.i32(7)])
    #expect(try store.invoke(instance, "second", [.i32(8)]) == [.i32(8)])
}

@Test(arguments: [true, false])
func bulkMemoryRunsInThreadedCode(metered: Bool) throws {
    let program = try Lowering.lower(wasm: try wat2wasm("""
        (module (memory 1)
          (func (export "f") (param i32)
            (memory.copy (i32.const 0) (i32.const 8) (local.get 0))
            (memory.fill (i32.const 0) (i32.const 1) (local.get 0))))
        """))
    let store = Store()
    let instance = try store.instantiate(program)
    let threaded = instance.threadedCode(metered: metered, fused: true)
    let bulk = program.code.indices.filter {
        switch program.code[$0] {
        case .memoryCopy, .memoryFill: true
        default: false
        }
    }
    #expect(bulk.count == 2)
    #expect(bulk.allSatisfy { threaded[$0].handler != threadedHandlerAddresses[0] })
}

@Test(arguments: [true, false])
func threadedCallsCarryTheDistanceToTheirCallee(metered: Bool) throws {
    let program = try Lowering.lower(wasm: try wat2wasm("""
        (module
          (import "env" "host" (func $host (param i32) (result i32)))
          (func $double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
          (func $twice (param i32) (result i32) (call $double (call $double (local.get 0))))
          (func $few (param i32) (result i32) (local i32 i64)
            (local.set 1 (i32.add (local.get 1) (local.get 0))) (local.get 1))
          (func $many (param i32) (result i32) (local i32 i32 i32 i32 i32 i32)
            (local.set 6 (i32.add (local.get 6) (local.get 0))) (local.get 6))
          (func (export "f") (param i32) (result i32)
            (i32.add (call $twice (local.get 0)) (call $double (local.get 0))))
          (func (export "g") (param i32) (result i32) (call $host (local.get 0)))
          (func (export "h") (param i32) (result i32)
            (i32.add (call $few (local.get 0)) (call $many (local.get 0)))))
        """))
    let store = Store()
    var imports = Imports()
    imports.define(module: "env", name: "host", .function(store.addHostFunction(type: FunctionType(parameters: [.i32], results: [.i32])) { _, a in a }))
    let instance = try store.instantiate(program, imports: imports)
    let threaded = instance.threadedCode(metered: metered, fused: true)
    #expect(MemoryLayout<ThreadedOp>.stride == 24, "Frame.returnPC divides by 24")
    var calls = 0, prologues = 0
    for (index, instruction) in program.code.enumerated() {
        // Frame records keep the return instruction as its offset in threaded code.
        #expect(Frame(returnPC: index, callerBase: index, callerInstance: 0).returnPC == index)
        #expect(Frame(returnOffset: index * 24, callerOffset: 8 * index, callerInstance: 0).callerBase == index)
        guard case .call(let function, let frame) = instruction else { continue }
        if function == 0 {
            #expect(threaded[index].handler == threadedHandlerAddresses[0], "an import: the switch loop")
            continue
        }
        let callee = program.functions[Int(function) - 1]
        let zeroCount = callee.localCount - callee.parameterCount
        #expect(threaded[index].b == frame)
        let target = index + Int(Int32(bitPattern: threaded[index].c)) / MemoryLayout<ThreadedOp>.stride
        if zeroCount <= 4 {
            // The call zeroes the locals itself and enters the function's first instruction.
            #expect(target == Int(callee.entry))
            #expect(threaded[index].a == callee.parameterCount | zeroCount << Threaded.callLocalsShift)
        } else {
            // The prologue after the code, which zeroes the locals and goes on to the entry.
            #expect(target >= program.code.count)
            #expect(threaded[index].a == 0, "the call zeroes nothing")
            let prologue = threaded[target]
            #expect(prologue.a == callee.parameterCount && prologue.b == zeroCount)
            #expect(prologue.cost == 0, "the call charges the entry's run where the prologue enters it")
            #expect(target + Int(Int32(bitPattern: prologue.c)) / MemoryLayout<ThreadedOp>.stride == Int(callee.entry))
            prologues += 1
        }
        calls += 1
    }
    #expect(calls == 6 && prologues == 1)
    #expect(try store.invoke(instance, "f", [.i32(5)]) == [.i32(30)])
    #expect(try store.invoke(instance, "g", [.i32(9)]) == [.i32(9)])
    #expect(try store.invoke(instance, "h", [.i32(4)]) == [.i32(8)])
}

/// The sieve's inner loop: `j = j * j; loop { flags[j] = i; j += i }`. The address `j + flags` is the store's
/// alone, and `j` (the accumulator before the pair) is read right after it.
private let sieveLoop = """
    (module (memory 1)
      (func (export "mark") (param $j i32) (param $i i32) (param $n i32)
        (local.set $j (i32.mul (local.get $j) (local.get $j)))
        (loop $again
          (i32.store8 offset=0 (i32.add (local.get $j) (i32.const 1024)) (local.get $i))
          (local.set $j (i32.add (local.get $j) (local.get $i)))
          (br_if $again (i32.lt_s (local.get $j) (local.get $n))))))
    """

@Test func aStoreWhoseAddressIsDeadKeepsTheAccumulator() throws {
    let program = try Lowering.lower(wasm: try wat2wasm(sieveLoop))
    let store = Store()
    let instance = try store.instantiate(program)
    _ = instance.threadedCode(metered: true, fused: true)
    let pairs = program.code.indices.filter { instance.keepsAccumulator[$0] }
    #expect(pairs.count == 1, "\(program.code)")
    if let index = pairs.first {
        #expect(program.code[index].mnemonic == "i32.add_imm" && program.code[index + 1].mnemonic == "i32.store8")
        // `j += i` after the pair reads `j` from the accumulator.
        let add = program.code.indices.first { program.code[$0].mnemonic == "i32.add" }!
        #expect(instance.accumulatorSlots![add] != 0)
    }
    // Without fused pairs, nothing keeps it.
    _ = instance.threadedCode(metered: true, fused: false)
    #expect(!instance.keepsAccumulator.contains(true))
    try store.invoke(instance, "mark", [.i32(3), .i32(7), .i32(60000)])
    #expect(store.gasUsed > 0)
}

@Test func aPairWhoseSecondOverwritesTheFirstsResultSkipsItsStore() throws {
    // `p = a + 4; p = load [p]`: the second writes the slot the first wrote and reads it once,
    // so the fused handler keeps the address in the accumulator only (a `Dead` variant).
    let address = Instruction.i32AddImm(dst: 5, lhs: 2, imm: 4)
    func handler(_ next: Instruction) -> Int? {
        address.fusedThreadedHandler(followedBy: next, metered: true, accumulator: nil)
    }
    let overwriting = handler(.i32Load(dst: 5, address: 5, offset: 0))
    let elsewhere = handler(.i32Load(dst: 6, address: 5, offset: 0))
    let fromSlot = handler(.i32Load(dst: 5, address: 7, offset: 0))
    #expect(overwriting != nil && elsewhere != nil && fromSlot != nil)
    #expect(Set([overwriting, elsewhere, fromSlot]).count == 3)
    // Read twice (once from the accumulator, once from the slot): the store must stay.
    let sum = Instruction.i32Load(dst: 5, address: 2, offset: 0)
    let twice = sum.fusedThreadedHandler(followedBy: .i32Add(dst: 5, lhs: 5, rhs: 5), metered: true, accumulator: nil)
    let once = sum.fusedThreadedHandler(followedBy: .i32Add(dst: 5, lhs: 5, rhs: 3), metered: true, accumulator: nil)
    let notOverwritten = sum.fusedThreadedHandler(followedBy: .i32Add(dst: 6, lhs: 5, rhs: 3), metered: true, accumulator: nil)
    #expect(twice != nil && once != nil)
    #expect(twice == notOverwritten && once != notOverwritten)
}
