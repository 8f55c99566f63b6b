import CairnProof
import CairnVerifier
import Testing

@Suite struct OneStepProofTests {
    @Test func reverseTaskRunsAndEveryStepVerifies() throws {
        let program = try task(reverseTask)
        let input = Array("Hello, provable world! 0123456789".utf8)
        let state = TaskState(program: program, input: input, gas: 1_000_000)
        let sizes = try proveEveryStep(state)
        #expect(state.registers.status == .halted)
        #expect(state.output == input.reversed())
        let sorted = sizes.sorted()
        print("steps \(sizes.count), median proof \(sorted[sorted.count / 2]) B, largest \(sorted.last!) B")
    }
}
