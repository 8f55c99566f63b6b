import CairnHash
import CairnProof
import CairnTask
import CairnVerifier
import Testing

/// The hash after every step, by stepping.
func steppedHashes(_ program: TaskProgram, _ input: [UInt8], gas: UInt64) -> [Digest] {
    let state = TaskState(program: program, input: input, gas: gas)
    var hashes = [state.stateHash()]
    while !state.isStopped {
        state.step()
        hashes.append(state.stateHash())
    }
    return hashes
}

/// The hash at each step in `steps` (increasing), from a fast run.
func fastHashes(_ program: TaskProgram, _ input: [UInt8], gas: UInt64, steps: [UInt64]) -> [UInt64: Digest] {
    var result: [UInt64: Digest] = [:]
    var remaining = steps[...]
    TaskRunner(task: program, input: input, gasLimit: gas).run(
        targets: { _ in remaining.popFirst() },
        visit: { step, state in result[step] = state.stateHash() })
    return result
}

@Suite struct FastModeTests {
    @Test func fastThenCommitEqualsStepThenCommitAtEveryStep() throws {
        let program = try task(reverseTask)
        let input = Array("fast and slow agree".utf8)
        let hashes = steppedHashes(program, input, gas: 1_000_000)
        let fast = fastHashes(program, input, gas: 1_000_000, steps: Array(0..<UInt64(hashes.count + 3)))
        for (k, hash) in hashes.enumerated() {
            #expect(fast[UInt64(k)] == hash, "step \(k)")
        }
        #expect(fast[UInt64(hashes.count)] == nil)
    }

    /// A host call prepays the steps of its later leaves; when it traps in its first, the run
    /// stops there, and the targets it prepaid for are never reached (they were visited with
    /// the final state under later step numbers, and `cairn task trace` printed them).
    @Test func aTrapInsideAHostCallsPrepaidStepsEndsTheVisits() throws {
        let program = try task("""
            (module
              (import "task" "output_write" (func $write (param i32 i32)))
              (memory 1)
              (func (export "run") (call $write (i32.const 65000) (i32.const 1000))))
            """)
        let hashes = steppedHashes(program, [], gas: 1_000_000)
        var visited: [UInt64] = []
        var remaining = (0..<UInt64(hashes.count + 64))[...]
        let final = TaskRunner(task: program, input: [], gasLimit: 1_000_000).run(
            targets: { _ in remaining.popFirst() },
            visit: { step, state in
                visited.append(step)
                #expect(state.registers.steps == step)
                #expect(Int(step) < hashes.count && state.stateHash() == hashes[Int(step)], "step \(step)")
            })
        #expect(final.registers.status == .trapped)
        #expect(visited == Array(0..<UInt64(hashes.count)))
    }

    @Test func fastFinalStateEqualsSteppedAtEveryGasLimit() throws {
        let program = try task(reverseTask)
        let input = Array("gas".utf8)
        let full = steppedHashes(program, input, gas: 1_000_000)
        #expect(full.count > 30)
        for gas in Array(0..<UInt64(40)) + Array(stride(from: UInt64(40), to: 400, by: 23)) {
            let stepped = steppedHashes(program, input, gas: gas)
            let final = TaskRunner(task: program, input: input, gasLimit: gas).run()
            #expect(final.stateHash() == stepped.last, "gas \(gas): fast stopped at step \(final.registers.steps), stepper at \(stepped.count - 1)")
        }
    }
}

/// A deterministic generator for test choices (SplitMix64).
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct FastModeTaskTests {
    @Test func coverageTaskAgreesAtEveryStepAndGasLimit() throws {
        let program = try task(coverageTask())
        let input = Array("agree".utf8)
        let hashes = steppedHashes(program, input, gas: 10_000_000)
        // Every fifth step (every step of the reverse task is checked above).
        let fast = fastHashes(program, input, gas: 10_000_000, steps: Array(stride(from: 0, to: UInt64(hashes.count), by: 5)))
        for (k, hash) in hashes.enumerated() where k % 5 == 0 && fast[UInt64(k)] != hash {
            Issue.record("step \(k) differs")
            break
        }
        // Out of gas everywhere along the run: in bulk operations, calls, memory.grow, hosts.
        var random = SplitMix(state: 7)
        let full = TaskRunner(task: program, input: input, gasLimit: 10_000_000).run()
        let used = 10_000_000 - full.registers.gas
        for _ in 0..<8 {
            let gas = random.next() % used
            let stepped = TaskState(program: program, input: input, gas: gas)
            stepped.run(toStep: .max)
            let final = TaskRunner(task: program, input: input, gasLimit: gas).run()
            #expect(final.stateHash() == stepped.stateHash(), "gas \(gas)")
        }
    }

    @Test(arguments: ["sha256", "wordcount"])
    func cTaskAgreesAtRandomSteps(name: String) throws {
        let program = try exampleTask(name)
        var random = SplitMix(state: 11)
        let input = (0..<300).map { _ in UInt8(truncatingIfNeeded: random.next() % 96 + 32) }
        let total = TaskRunner(task: program, input: input, gasLimit: 100_000_000).run().registers.steps
        let steps = (0..<25).map { _ in random.next() % (total + 1) }.sorted() + [total]
        let unique = steps.reduce(into: [UInt64]()) { if $0.last != $1 { $0.append($1) } }
        let fast = fastHashes(program, input, gas: 100_000_000, steps: unique)
        let stepper = TaskState(program: program, input: input, gas: 100_000_000)
        for k in unique {
            stepper.run(toStep: k)
            #expect(fast[k] == stepper.stateHash(), "step \(k)")
        }
        #expect(stepper.isStopped)
    }

    @Test func sha256TaskOutputAndProofs() throws {
        // Proofs of 200 random steps (every step of this run takes too long in a debug build).
        let program = try exampleTask("sha256")
        let runner = TaskRunner(task: program, input: Array("abc".utf8), gasLimit: 100_000_000)
        let final = runner.run()
        #expect(String(decoding: final.output, as: UTF8.self) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n")
        var random = SplitMix(state: 5)
        var steps = Array(Set((0..<200).map { _ in random.next() % final.registers.steps })).sorted()[...]
        var sizes: [Int] = []
        var failures: [String] = []
        runner.run(targets: { _ in steps.popFirst() }, visit: { step, state in
            let before = state.stateHash()
            let proof = state.prove().encoded()
            state.step()
            if (try? Verifier.verify(before: before, proof: proof)) != state.stateHash() { failures.append("step \(step)") }
            sizes.append(proof.count)
        })
        #expect(failures.isEmpty)
        let sorted = sizes.sorted()
        #expect(sorted[sorted.count / 2] < 1024)
        #expect(sorted.last! < 8192)
    }
}

@Suite struct CheckpointTests {
    @Test(arguments: ["coverage", "sha256"])
    func statesFromCheckpointsEqualStepping(name: String) throws {
        let program = name == "coverage" ? try task(coverageTask()) : try exampleTask(name)
        let input = Array("checkpoints restore into the fast machine".utf8)
        let runner = TaskRunner(task: program, input: input, gasLimit: 100_000_000)
        let checkpoints = TaskCheckpoints(runner: runner, interval: 97)
        #expect(checkpoints.states.count > 5)
        var random = SplitMix(state: 13)
        let total = checkpoints.final.registers.steps
        let steps = ((0..<20).map { _ in random.next() % total } + [total - 1, total]).sorted()
        let stepper = TaskState(program: program, input: input, gas: 100_000_000)
        for step in steps {
            stepper.run(toStep: step)
            #expect(checkpoints.state(at: step).stateHash() == stepper.stateHash(), "step \(step)")
        }
    }
}
