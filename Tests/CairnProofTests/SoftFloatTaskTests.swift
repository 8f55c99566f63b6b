import Cairn
import CairnProof
import CairnTask
import CairnVerifier
import Foundation
import Testing
import WAT

/// Tasks lowered under the soft-float profile: the same output and traps as natively, proofs of
/// their steps verify, and the steps each float instruction costs (docs/softfloat.md, "Cost").
@Suite struct SoftFloatTaskTests {
    /// contracts/tasks/floats.wat's computation (add, convert, mul, sqrt, demote, nearest,
    /// trunc_sat), twice: the second time on a value that reaches subnormals and division.
    static let floatsTask = """
        (module
          (import "task" "input_read" (func $input_read (param i32 i32 i32) (result i32)))
          (import "task" "output_write" (func $output_write (param i32 i32)))
          (memory 1)
          (func (export "run")
            (local $a f64) (local $b f32)
            (drop (call $input_read (i32.const 0) (i32.const 0) (i32.const 16)))
            (local.set $a (f64.add (f64.load (i32.const 0)) (f64.convert_i32_u (i32.load (i32.const 8)))))
            (local.set $a (f64.sqrt (f64.mul (local.get $a) (local.get $a))))
            (local.set $b (f32.demote_f64 (local.get $a)))
            (f64.store (i32.const 32) (local.get $a))
            (f32.store (i32.const 40) (f32.nearest (local.get $b)))
            (i32.store (i32.const 44) (i32.trunc_sat_f64_s (local.get $a)))
            (f64.store (i32.const 48) (f64.div (f64.const 0x1p-1000) (f64.add (local.get $a) (f64.const 3))))
            (f32.store (i32.const 56) (f32.div (f32.mul (local.get $b) (f32.const 0x1p-120)) (f32.const 7)))
            (call $output_write (i32.const 32) (i32.const 28))))
        """

    static let input: [UInt8] = Array(withUnsafeBytes(of: (1234.5678 as Double).bitPattern.littleEndian, Array.init))
        + [0x39, 0x30, 0, 0] + [0, 0, 0, 0]

    static func task(_ text: String, _ profile: WasmProfile) throws -> TaskProgram {
        try TaskProgram(try Lowering.lower(wasm: try wat2wasm(text), profile: profile))
    }

    @Test func floatTaskGivesTheNativeOutputAndItsStepsProve() throws {
        let native = TaskRunner(task: try Self.task(Self.floatsTask, .standard), input: Self.input, gasLimit: 10_000_000).run()
        let runner = TaskRunner(task: try Self.task(Self.floatsTask, .softFloat), input: Self.input, gasLimit: 10_000_000)
        var random = SoftFloatRandom(state: 99)
        var targets = Set((0..<120).map { _ in random.next() % 2_500 }).sorted()[...]
        var failures: [UInt64] = []
        var proven = 0
        let soft = runner.run(targets: { _ in targets.popFirst() }, visit: { step, state in
            let before = state.stateHash()
            let proof = state.prove().encoded()
            state.step()
            if (try? Verifier.verify(before: before, proof: proof)) != state.stateHash() { failures.append(step) }
            proven += 1
        })
        #expect(native.registers.status == .halted && soft.registers.status == .halted)
        #expect(soft.output == native.output)
        #expect(soft.output.count == 28)
        #expect(failures.isEmpty, "steps \(failures)")
        #expect(proven > 50)
        // The stepper (the verifier's semantics) reaches the fast machine's final state.
        let stepped = runner.initialState()
        stepped.run(toStep: .max)
        #expect(stepped.stateHash() == soft.stateHash())
        print("soft-float task: \(soft.registers.steps) steps (natively \(native.registers.steps)), \(proven) proven")
    }

    /// The float-heavy C workload (Benchmarks/Workloads/c/fmatmul.c, f64 and f32 matrix
    /// multiplication): the same result bits natively and under the profile, and, made into a
    /// task that calls both, random steps prove and the stepper ends where the fast run does.
    @Test func floatMatrixWorkloadAgreesAndProves() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent("Benchmarks/Workloads/wasm/fmatmul.wasm")))
        let native = try Lowering.lower(wasm: bytes)
        let soft = try Lowering.lower(wasm: bytes, profile: .softFloat)
        let nativeStore = Store(), softStore = Store()
        let nativeInstance = try nativeStore.instantiate(native), softInstance = try softStore.instantiate(soft)
        for (name, n) in [("fmatmul64", UInt32(9)), ("fmatmul32", 10)] {
            let expected = try nativeStore.invoke(nativeInstance, name, [.i32(n), .i32(7)])
            #expect(try softStore.invoke(softInstance, name, [.i32(n), .i32(7)]) == expected, "\(name)")
        }
        guard case .function(let f64Index)? = soft.exports.first(where: { $0.name == "fmatmul64" })?.descriptor,
              case .function(let f32Index)? = soft.exports.first(where: { $0.name == "fmatmul32" })?.descriptor else {
            Issue.record("fmatmul.wasm exports")
            return
        }
        let calls = [(function: f64Index, arguments: [UInt64(3), 7]), (function: f32Index, arguments: [UInt64(3), 7])]
        let runner = TaskRunner(task: try TaskProgram(soft, calls: calls), input: [], gasLimit: 100_000_000)
        let total = runner.run().registers.steps
        var random = SoftFloatRandom(state: 5)
        var targets = Set((0..<40).map { _ in random.next() % total }).sorted()[...]
        var failures: [UInt64] = []
        let final = runner.run(targets: { _ in targets.popFirst() }, visit: { step, state in
            let before = state.stateHash()
            let proof = state.prove().encoded()
            state.step()
            if (try? Verifier.verify(before: before, proof: proof)) != state.stateHash() { failures.append(step) }
        })
        #expect(final.registers.status == .halted)
        #expect(failures.isEmpty, "steps \(failures)")
        let stepped = runner.initialState()
        stepped.run(toStep: .max)
        #expect(stepped.stateHash() == final.stateHash())
        print("soft-float fmatmul task: \(total) steps")
    }

    /// Conversions that trap stop a soft-float task with the engine's trap kind, and the
    /// trapping step (the library's `i32.trunc_f32_s` of NaN, or the `i32.div_s` overflow) proves.
    @Test(arguments: [
        ("i32.trunc_f64_s", "0x7ff8000000000000", TrapKind.invalidConversionToInteger),
        ("i64.trunc_f64_u", "0xfff0000000000000", TrapKind.integerOverflow),
        ("i32.trunc_f64_u", "0xbff0000000000000", TrapKind.integerOverflow),
    ])
    func trappingConversionsTrapAlike(operation: String, bits: String, kind: TrapKind) throws {
        let text = """
            (module (func (export "run") (drop (\(operation) (f64.reinterpret_i64 (i64.const \(bits)))))))
            """
        let native = TaskRunner(task: try Self.task(text, .standard), input: [], gasLimit: 1_000_000).run()
        let soft = TaskRunner(task: try Self.task(text, .softFloat), input: [], gasLimit: 1_000_000)
        let final = soft.run()
        #expect(native.registers.status == .trapped && native.registers.trap == kind.rawValue)
        #expect(final.registers.status == .trapped && final.registers.trap == kind.rawValue)
        // Prove every step up to and including the trap.
        let state = soft.initialState()
        #expect(try proveEveryStep(state).count == Int(final.registers.steps))
        #expect(state.stateHash() == final.stateHash())
    }

    /// The steps one float instruction costs under the profile (the call, the library's
    /// instructions and the return), over the inputs of the differential test: printed as the
    /// median and maximum per instruction (docs/softfloat.md, "Cost"), and bounded. Counted as
    /// instructions executed (a store's instruction hook), and checked against the task
    /// machine's step count on one input per instruction.
    @Test func stepsPerFloatInstruction() throws {
        let soft = SoftFloatTests.soft
        let native = SoftFloatTests.native
        let softCounter = try InstructionCounter(soft)
        let nativeCounter = try InstructionCounter(native)
        var random = SoftFloatRandom(state: 7)
        var lines: [String] = []
        var overall: [Int] = []
        for operation in SoftFloatTests.operations {
            guard case .function(let index)? = soft.exports.first(where: { $0.name == operation.name })?.descriptor else {
                Issue.record("no export \(operation.name)")
                continue
            }
            var steps: [Int] = []
            for arguments in SoftFloatTests.inputs(operation, count: 100, &random) {
                guard let softCount = softCounter.count(operation.name, arguments),
                      let nativeCount = nativeCounter.count(operation.name, arguments) else { continue }
                // Natively the instruction is one of the instructions executed.
                steps.append(softCount - nativeCount + 1)
                if steps.count == 1 {
                    let calls = [(function: index, arguments: arguments.map(\.slotBits))]
                    let softRun = TaskRunner(task: try TaskProgram(soft, calls: calls), input: [], gasLimit: 10_000_000).run()
                    let nativeRun = TaskRunner(task: try TaskProgram(native, calls: calls), input: [], gasLimit: 10_000_000).run()
                    #expect(Int(softRun.registers.steps - nativeRun.registers.steps) + 1 == steps[0], "\(operation.name)")
                }
            }
            steps.sort()
            guard let maximum = steps.last else { continue }
            overall += steps
            lines.append("\(operation.name) \(steps[steps.count / 2]) \(maximum)")
        }
        overall.sort()
        print("soft-float steps per instruction (name median max):\n" + lines.joined(separator: "\n"))
        print("soft-float steps overall: \(overall.count) calls, median \(overall[overall.count / 2]), max \(overall.last ?? 0)")
        #expect(overall.last ?? .max < 2_000)
        print("soft-float library: \(SoftFloatLibrary.wasm.count) bytes of Wasm, \(soft.code.count - native.code.count) instructions added to the program")
    }
}

/// Counts the instructions a call of an export executes (nil when it traps).
final class InstructionCounter {
    let store: Store
    let instance: Instance
    var executed = 0

    init(_ program: Program) throws {
        store = Store()
        instance = try store.instantiate(program)
        store.instructionHook = { [unowned self] _ in self.executed += 1 }
    }

    func count(_ name: String, _ arguments: [Value]) -> Int? {
        executed = 0
        guard (try? store.invoke(instance, name, arguments)) != nil else { return nil }
        return executed
    }
}

extension Array {
    /// Up to `count` elements, picked at random without repetition.
    func shuffledPrefix(_ count: Int, _ random: inout SoftFloatRandom) -> [Element] {
        var copy = self
        var picked: [Element] = []
        while !copy.isEmpty, picked.count < count {
            picked.append(copy.remove(at: random.below(copy.count)))
        }
        return picked
    }
}
