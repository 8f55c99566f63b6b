import Cairn
import CairnDebug
import CairnProof
import CairnTask
import Foundation
import Testing
import WAT

/// The records of a trace, decoded (the summary line last).
func traceRecords(_ bytes: [UInt8]) throws -> [[String: Any]] {
    try String(decoding: bytes, as: UTF8.self).split(separator: "\n").map {
        try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
}

func int(_ record: [String: Any], _ key: String) -> UInt64? { (record[key] as? NSNumber)?.uint64Value }

/// A small program: a loop with a call, a store and a trap on request.
let tracedModule = """
    (module
      (memory 1)
      (func (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func (export "sum") (param i32) (result i32)
        (local i32)
        (block $done
          (loop $next
            (br_if $done (i32.eqz (local.get 0)))
            (local.set 1 (call 0 (local.get 1) (local.get 0)))
            (i32.store (i32.const 16) (local.get 1))
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (br $next)))
        (local.get 1))
      (func (export "divide") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1))))
    """

/// Runs `function` of the traced module with a tracer; returns the trace and the gas the call used.
func traceCall(_ function: String, _ arguments: [Value], filter: TraceFilter = TraceFilter()) throws -> (records: [[String: Any]], gasUsed: UInt64) {
    let program = try Lowering.lower(wasm: try wat2wasm(tracedModule))
    let store = Store(limits: MachineLimits(), schedule: .v2)
    let instance = try store.instantiate(program, imports: Imports())
    var bytes: [UInt8] = []
    let tracer = StepTracer(store: store, filter: filter) { bytes += $0 }
    store.instructionHook = tracer.hook
    let before = store.gasUsed
    var trap: String?
    do { _ = try store.invoke(instance, function, arguments) } catch { trap = error.description }
    tracer.finish(gasLeft: store.gasLimit &- store.gasUsed, trap: trap)
    return (try traceRecords(bytes), store.gasUsed - before)
}

@Suite struct StepTraceTests {
    @Test func gasCostsAddUpToTheGasUsedAndEveryInstructionIsRecorded() throws {
        let (records, gasUsed) = try traceCall("sum", [.i32(5)])
        let summary = try #require(records.last)
        let steps = records.dropLast()
        #expect(summary["status"] as? String == "ok")
        #expect(int(summary, "records") == UInt64(steps.count))
        #expect(steps.map { int($0, "step")! } == Array(0..<UInt64(steps.count)))
        #expect(steps.reduce(0) { $0 + int($1, "gasCost")! } == gasUsed)
        // Gas before each instruction is the gas before the one before, less its cost.
        for (a, b) in zip(steps, steps.dropFirst()) {
            #expect(int(a, "gas")! - int(a, "gasCost")! == int(b, "gas")!)
        }
        // The calls to func[0] run one frame deeper.
        #expect(steps.filter { int($0, "depth") == 1 }.count > 0)
    }

    @Test func operandsReadAndTheValueWritten() throws {
        let (records, _) = try traceCall("sum", [.i32(3)])
        // 3 + 2 + 1: the adds in $add read the accumulator and n and write their sum.
        let adds = records.filter { $0["op"] as? String == "i32.add" }
        let pairs = adds.compactMap { record -> [String]? in
            guard let reads = record["reads"] as? [[Any]], let write = record["write"] as? [Any] else { return nil }
            return reads.map { $0[1] as! String } + [write[1] as! String]
        }
        #expect(pairs == [["0x0", "0x3", "0x3"], ["0x3", "0x2", "0x5"], ["0x5", "0x1", "0x6"]])
        #expect(adds.allSatisfy { ($0["function"] as? String) == "func[0]" })
        // Slots are the instruction's own (frame-relative) operands.
        let program = try Lowering.lower(wasm: try wat2wasm(tracedModule))
        for record in records.dropLast() {
            let roles = OperandRoles(of: program.code[record["pc"] as! Int])
            #expect((record["write"] as? [Any])?.first as? Int == roles.write.map(Int.init))
            #expect(((record["reads"] as? [[Any]]) ?? []).map { $0[0] as! Int } == roles.reads.map(Int.init))
        }
    }

    @Test func memoryWritesAreRecordedWhenAskedFor() throws {
        let (records, _) = try traceCall("sum", [.i32(2)], filter: TraceFilter(memory: true))
        let stores = records.filter { ($0["op"] as? String) == "i32.store" }
        let memory = stores.compactMap { $0["memory"] as? [String: Any] }
        #expect(memory.count == 2)
        #expect(memory.map { $0["bytes"] as? String } == ["02000000", "03000000"])
        #expect(memory.allSatisfy { int($0, "address") == 16 && int($0, "length") == 4 })
    }

    @Test func filtersByStepRangeAndFunction() throws {
        let (all, _) = try traceCall("sum", [.i32(4)])
        let (range, _) = try traceCall("sum", [.i32(4)], filter: TraceFilter(from: 5, to: 9))
        #expect(range.dropLast().map { int($0, "step")! } == [5, 6, 7, 8])
        #expect(range.dropLast().map { $0["pc"] as? Int } == all[5..<9].map { $0["pc"] as? Int })
        let (inner, _) = try traceCall("sum", [.i32(4)], filter: TraceFilter(function: "func[0]"))
        #expect(inner.dropLast().count == all.filter { int($0, "depth") == 1 }.count)
        let (exported, _) = try traceCall("sum", [.i32(4)], filter: TraceFilter(function: "sum"))
        #expect(exported.dropLast().count + inner.dropLast().count == all.dropLast().count)
    }

    @Test func aTrapEndsTheTraceAtTheTrappingInstruction() throws {
        let (records, gasUsed) = try traceCall("divide", [.i32(7), .i32(0)])
        let summary = try #require(records.last)
        #expect(summary["status"] as? String == "trap")
        #expect(summary["trap"] as? String == "integer divide by zero")
        let last = try #require(records.dropLast().last)
        #expect(last["op"] as? String == "i32.div_u")
        #expect(last["write"] == nil)
        #expect(records.dropLast().reduce(0) { $0 + int($1, "gasCost")! } == gasUsed)
    }

    @Test func operandRolesOfInstructionKinds() {
        #expect(OperandRoles(of: .i32Add(dst: 1, lhs: 2, rhs: 3)) == OperandRoles(reads: [2, 3], write: 1))
        #expect(OperandRoles(of: .select(dst: 1, other: 2, condition: 3)) == OperandRoles(reads: [1, 2, 3], write: 1))
        #expect(OperandRoles(of: .i32Store(address: 4, value: 5, offset: 8)) == OperandRoles(reads: [4, 5], write: nil))
        #expect(OperandRoles(of: .const32(dst: 6, value: 9)) == OperandRoles(reads: [], write: 6))
        #expect(OperandRoles(of: .memorySize(dst: 7)) == OperandRoles(reads: [], write: 7))
        #expect(OperandRoles(of: .memoryFill(operands: 4)) == OperandRoles(reads: [4, 5, 6], write: nil))
        #expect(OperandRoles(of: .tableGrow(table: 0, operands: 2)) == OperandRoles(reads: [2, 3], write: 2))
        #expect(OperandRoles(of: .call(function: 1, frame: 3)) == OperandRoles(reads: [], write: nil))
        #expect(OperandRoles(of: .br(target: 12)) == OperandRoles(reads: [], write: nil))
        #expect(OperandRoles(of: .brIfI32LtS(lhs: 1, rhs: 2, target: 40)) == OperandRoles(reads: [1, 2], write: nil))
    }
}
