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
