import Cairn
import CairnProgram
import CairnProof
import CairnTask
import CairnVerifier
import Testing
import WAT

/// Regressions of the divergence classes found between the fast machine, the stepper and the
/// verifier (docs/proofs.md, "Soundness"): each would let an honest party that computed its
/// hashes with the fast runner lose a one-step proof.
@Suite struct SoundnessRegressionTests {
    /// A task that stores a reference in a table and calls through it. The test swaps the
    /// `ref.func` for an arbitrary 64-bit value, which a decoded program can hold (the format is
    /// not type-checked), so the element is no function reference at all.
    static let indirectThroughStoredValue = """
        (module
          (type $t (func (result i32)))
          (table 2 funcref)
          (func $f (result i32) (i32.const 7))
          (func (export "run")
            (table.set (i32.const 0) (ref.func $f))
            (drop (call_indirect (type $t) (i32.const 0))))
          (elem declare func $f))
        """

    /// The program with its `ref.func` replaced by the constant `bits`.
    static func storing(_ bits: UInt64) throws -> TaskProgram {
        var program = try Lowering.lower(wasm: try wat2wasm(indirectThroughStoredValue))
        let at = try #require(program.code.firstIndex { if case .refFunc = $0 { true } else { false } })
        guard case .refFunc(let slot, _) = program.code[at] else { throw TaskError("no ref.func") }
        program.code[at] = .const64(dst: slot, low: UInt32(truncatingIfNeeded: bits), high: UInt32(truncatingIfNeeded: bits >> 32))
        // It must be a program that decodes: the fast machine and the stepper are asked to
        // agree on exactly those.
        let decoded = try Program(decoding: program.encoded())
        return try TaskProgram(decoded)
    }

    @Test(arguments: [
        3, 4, 1 << 40, 1 << 40 | 1, 1 << 40 | 2, 1 << 41 | 2, 1 << 63, UInt64.max, UInt64.max - 1,
    ] as [UInt64])
    func callIndirectThroughAValueThatIsNoFunctionReferenceTraps(bits: UInt64) throws {
        let program = try Self.storing(bits)
        let stepped = TaskState(program: program, input: [], gas: 1_000_000)
        try proveEveryStep(stepped.copy())
        stepped.run(toStep: .max)
        #expect(stepped.registers.status == .trapped)
        #expect(stepped.registers.trap == TrapKind.indirectCallTypeMismatch.rawValue, "bits \(bits)")
        let fast = TaskRunner(task: program, input: [], gasLimit: 1_000_000).run()
        #expect(fast.stateHash() == stepped.stateHash(), "bits \(bits)")
    }

    @Test func callIndirectThroughAStoredFunctionReferenceStillCalls() throws {
        // Function 0 is $f: the reference is its index + 1.
        let stepped = TaskState(program: try Self.storing(1), input: [], gas: 1_000_000)
        stepped.run(toStep: .max)
        #expect(stepped.registers.status == .halted)
    }

    /// A run whose middle pays a dynamic cost (a bulk operation, a grow) and that traps later
    /// with an out-of-bounds access. Every static cost of the run is prepaid when it starts.
    static func dynamicChargeThenTrap(_ dynamic: String) -> String {
        """
        (module
          (memory 1 2)
          (table 4 funcref)
          (data $d "0123456789abcdef0123456789abcdef")
          (elem $e func $g $g)
          (func $g)
          (func (export "run")
            \(dynamic)
            (i32.store (i32.const 8) (i32.const 5))
            (i32.store (i32.const 16) (i32.add (i32.load (i32.const 8)) (i32.const 9)))
            (i32.store (i32.const 24) (i32.mul (i32.load (i32.const 16)) (i32.const 3)))
            (drop (i32.load (i32.const 200000)))))
        """
    }

    static let dynamicInstructions = [
        "(memory.fill (i32.const 0) (i32.const 1) (i32.const 100))",
        "(memory.copy (i32.const 40) (i32.const 0) (i32.const 90))",
        "(memory.init $d (i32.const 3) (i32.const 0) (i32.const 32))",
        "(drop (memory.grow (i32.const 1)))",
        "(table.fill (i32.const 0) (ref.null func) (i32.const 3))",
        "(table.copy (i32.const 1) (i32.const 0) (i32.const 2))",
        "(table.init $e (i32.const 1) (i32.const 0) (i32.const 2))",
        "(drop (table.grow (ref.null func) (i32.const 2)))",
    ]

    /// Gas at every limit: with at least the gas a run uses, the run ends exactly as with
    /// unlimited gas (here the out-of-bounds trap), whatever the limit; and fast and stepped
    /// final states agree at every limit.
    @Test(arguments: dynamicInstructions)
    func dynamicChargesSeeTheGasReallyLeft(dynamic: String) throws {
        let text = Self.dynamicChargeThenTrap(dynamic)
        let program = try Lowering.lower(wasm: try wat2wasm(text))
        func machineRun(gas: UInt64, threaded: Bool) -> (TrapKind?, UInt64) {
            let store = Store(schedule: .v2)
            store.threadedDispatch = threaded
            store.gasLimit = gas
            do {
                let instance = try store.instantiate(program)
                _ = try store.invoke(instance, "run", [])
                return (nil, store.gasUsed)
            } catch let error as Trap {
                return (error.kind, store.gasUsed)
            } catch {
                return (.hostError, store.gasUsed)
            }
        }
        let unlimited = machineRun(gas: 10_000_000, threaded: false)
        #expect(unlimited.0 == .memoryOutOfBounds)
        for gas in unlimited.1..<unlimited.1 + 60 {
            for threaded in [false, true] {
                let run = machineRun(gas: gas, threaded: threaded)
                #expect(run.0 == .memoryOutOfBounds && run.1 == unlimited.1, "gas \(gas), threaded \(threaded): \(run)")
            }
        }

        let task = try TaskProgram(program)
        let full = TaskState(program: task, input: [], gas: 10_000_000)
        full.run(toStep: .max)
        let used = 10_000_000 - full.registers.gas
        for gas in (used > 120 ? used - 120 : 0)...(used + 20) {
            let stepped = TaskState(program: task, input: [], gas: gas)
            stepped.run(toStep: .max)
            let fast = TaskRunner(task: task, input: [], gasLimit: gas).run()
            #expect(fast.stateHash() == stepped.stateHash(), "gas \(gas): fast stopped at step \(fast.registers.steps), stepper at \(stepped.registers.steps)")
        }
    }
}
