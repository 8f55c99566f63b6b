import Cairn
import CairnDebug
import CairnProof
import CairnTask
import Foundation
import Testing
import WAT

/// The example tasks (examples/tasks), compiled from C.
func exampleTask(_ name: String) throws -> TaskProgram {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/tasks/\(name).wasm")
    return try TaskProgram(try Lowering.lower(wasm: [UInt8](try Data(contentsOf: url))))
}

@Suite struct TaskTraceTests {
    /// The trace of a task run on the fast machine, and the final state.
    func trace(_ task: TaskProgram, input: [UInt8], gas: UInt64) -> (records: [[String: Any]], final: TaskState) {
        var bytes: [UInt8] = []
        var tracer: StepTracer?
        let runner = TaskRunner(task: task, input: input, gasLimit: gas)
        runner.instructionHook = { store in
            let made = StepTracer(store: store, proofSteps: true) { bytes += $0 }
            tracer = made
            return made.hook
        }
        let final = runner.run()
        tracer?.finish(gasLeft: final.registers.gas, trap: final.registers.status == .trapped ? "trap" : nil)
        return ((try? traceRecords(bytes)) ?? [], final)
    }

    /// (proof step, pc, gas, depth) at every instruction boundary the stepper passes.
    func stepperBoundaries(_ task: TaskProgram, input: [UInt8], gas: UInt64) -> [[UInt64]] {
        let state = TaskState(program: task, input: input, gas: gas)
        var boundaries: [[UInt64]] = []
        while !state.isStopped {
            let r = state.registers
            if r.progress == 0 { boundaries.append([r.steps, UInt64(r.pc), r.gas, UInt64(r.depth)]) }
            state.step()
        }
        return boundaries
    }

    @Test(arguments: [("wordcount", "two words\nand a line\n"), ("sha256", "abc")])
    func theTraceOfATaskIsTheStepperStepByStep(name: String, input: String) throws {
        let task = try exampleTask(name)
        let bytes = Array(input.utf8)
        let (records, final) = trace(task, input: bytes, gas: 50_000_000)
        let traced = records.dropLast().map { [int($0, "proofStep")!, int($0, "pc")!, int($0, "gas")!, int($0, "depth")!] }
        let stepped = stepperBoundaries(task, input: bytes, gas: 50_000_000)
        #expect(traced.count > 100)
        #expect(traced.count == stepped.count)
        if let mismatch = zip(traced, stepped).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("record \(mismatch): traced \(traced[mismatch]), stepper \(stepped[mismatch])")
        }
        #expect(final.registers.status == .halted)
        #expect(int(records.last!, "gasLeft") == final.registers.gas)
    }

    @Test func aTrappingTaskIsTracedToTheTrap() throws {
        let task = try TaskProgram(try Lowering.lower(wasm: try wat2wasm("""
            (module (memory 1)
              (func (export "run") (local i32)
                (local.set 0 (i32.const 10))
                (loop $l (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if $l (local.get 0)))
                (drop (i32.div_s (i32.const 1) (local.get 0)))))
            """)))
        let (records, final) = trace(task, input: [], gas: 1_000_000)
        let traced = records.dropLast().map { [int($0, "proofStep")!, int($0, "pc")!, int($0, "gas")!, int($0, "depth")!] }
        #expect(traced == stepperBoundaries(task, input: [], gas: 1_000_000))
        #expect(final.registers.status == .trapped)
        #expect(records.dropLast().last?["op"] as? String == "i32.div_s")
    }
}
