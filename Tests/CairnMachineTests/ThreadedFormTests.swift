@testable import CairnMachine
import CairnProgram
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
