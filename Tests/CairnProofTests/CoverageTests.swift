import CairnProof
import CairnTask
import CairnVerifier
import Testing

@Suite struct CoverageTests {
    /// The mnemonic of the instruction a state is at.
    func mnemonic(_ state: TaskState) -> String? {
        CodeLeaf.parse(state.read(.code, UInt64(state.registers.pc)))?.0.mnemonic
    }

    @Test func everyInstructionKindHasAProvenStep() throws {
        let program = try task(coverageTask())
        let input = Array("the input of the coverage task".utf8)
        let state = TaskState(program: program, input: input, gas: 10_000_000)
        var proven: Set<String> = []
        var before = state.stateHash()
        while !state.isStopped {
            if let kind = mnemonic(state) { proven.insert(kind) }
            let proof = state.prove().encoded()
            let claimed = try Verifier.verify(before: before, proof: proof)
            state.step()
            before = state.stateHash()
            #expect(claimed == before)
        }
        #expect(state.registers.status == .halted, "trap \(state.registers.trap) at \(mnemonic(state) ?? "?")")
        // `unreachable` is proven by the trapping tasks.
        let missing = allInstructionKinds().subtracting(proven).subtracting(["unreachable"])
        #expect(missing.isEmpty, "no proven step for \(missing.sorted())")
        #expect(state.output.count == 120 + input.count)
    }

    @Test func trapsAreProvenSteps() throws {
        var kinds: Set<UInt8> = []
        for text in trappingTasks {
            // Prove the last steps (the unbounded recursion takes tens of thousands).
            let runner = TaskRunner(task: try task(text), input: [1, 2, 3], gasLimit: 100_000_000)
            let end = runner.run().registers.steps
            var first: TaskState?
            var next = end >= 40 ? end - 40 : 0
            runner.run(targets: { previous in previous == nil ? next : nil }, visit: { _, state in first = state })
            let state = try #require(first)
            next = state.registers.steps
            try proveEveryStep(state)
            #expect(state.registers.status == .trapped)
            #expect(state.registers.steps == end)
            kinds.insert(state.registers.trap)
        }
        #expect(kinds.count >= 9)
    }
}
