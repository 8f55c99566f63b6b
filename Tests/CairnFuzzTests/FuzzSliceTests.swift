@testable import CairnFuzz
import CairnProgram
import CairnProof
import Testing

/// A fixed-seed slice of the fuzzer, small enough for a debug build: the same programs on
/// every run, so a difference here is a regression, not luck.
@Suite struct FuzzSliceTests {
    static var sliceOptions: (GeneratorOptions, CheckOptions) {
        var generator = GeneratorOptions()
        generator.maxBodyItems = 12
        generator.gasLimits = [300, 2_000]
        var check = CheckOptions()
        check.maxGasLimits = 10
        check.maxProvenSteps = 300
        check.maxComparedSteps = 300
        return (generator, check)
    }

    @Test func generatedProgramsDecodeAndAreTasks() {
        let (generator, _) = Self.sliceOptions
        for index in 0..<30 {
            let fuzzCase = Fuzzer(seed: 42, generator: generator).fuzzCase(index)
            #expect((try? Program(decoding: fuzzCase.program.encoded())) == fuzzCase.program)
            #expect(fuzzCase.task.program.code.last == .return)
        }
    }

    @Test func generationIsDeterministic() {
        let (generator, _) = Self.sliceOptions
        let first = Fuzzer(seed: 7, generator: generator).fuzzCase(3)
        let second = Fuzzer(seed: 7, generator: generator).fuzzCase(3)
        #expect(first.program == second.program && first.input == second.input && first.gasLimit == second.gasLimit)
    }

    /// The fixed-seed slice CI runs: no difference between the executions.
    @Test func fixedSeedSliceHasNoDifferences() {
        let (generator, check) = Self.sliceOptions
        let stats = Fuzzer(seed: 2026, generator: generator, check: check).run(programs: 12)
        #expect(stats.programs == 12)
        #expect(stats.stepsProven > 0 && stats.gasLimitsTried > 12)
        #expect(stats.differences.isEmpty, "\(stats.classes.map { "\($0.signature): \($0.first)" })")
    }

    /// The sweep mode's fixed-seed slice: no difference, and every stopped main run has its
    /// last step proven.
    @Test func sweepSliceHasNoDifferencesAndProvesLastSteps() {
        let (generator, _) = Self.sliceOptions
        let checker = DifferentialChecker(options: .sweep)
        for index in 0..<40 {
            let fuzzCase = Fuzzer(seed: 31, generator: generator).fuzzCase(index)
            let stats = checker.check(fuzzCase)
            #expect(stats.differences.isEmpty, "\(stats.differences.map(\.description))")
            #expect(stats.stepsStepped == 0 || stats.stepsProven >= 1)
            #expect(stats.gasLimitsTried >= 2)
        }
    }

    /// The last step of a run, reached again from a checkpoint, is proven and checked: a state
    /// that is not the one before the last step makes the check fail.
    @Test func lastStepProofComesFromTheStateBeforeIt() {
        let (generator, _) = Self.sliceOptions
        let fuzzCase = Fuzzer(seed: 31, generator: generator).fuzzCase(0)
        let run = Executions.step(fuzzCase.task, input: fuzzCase.input, gas: fuzzCase.gasLimit, hashes: false, maxSteps: 1_000_000, proveLast: true)
        #expect(run.final.isStopped && run.provenSteps == 1 && run.proofFailures.isEmpty)
        // The initial state is not the one before the last step (the run takes several steps):
        // its proof must not reach the final state.
        #expect(run.final.registers.steps > 1)
        let initial = TaskState(program: fuzzCase.task, input: fuzzCase.input, gas: fuzzCase.gasLimit)
        let proof = initial.prove().encoded()
        #expect(Executions.verifyFailure(proof, before: initial.stateHash(), expected: run.final.stateHash()) != nil)
    }
}
