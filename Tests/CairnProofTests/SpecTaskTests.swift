import CairnProof
import CairnSpecTest
import CairnTask
import CairnVerifier
import Foundation
import Testing

/// Spec-suite modules made into tasks that make their scripts' `assert_return` calls in order;
/// each is run fast, proven at random steps, and (when short) stepped to the end.
@Suite struct SpecTaskTests {
    static let suite = Testsuite.path(
        packageRoot: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path)

    /// A sample of the suite's files (all of them take minutes in a debug build).
    static let files = ["i64", "call_indirect", "fac", "table_copy", "bulk"]

    /// Outside CI a missing suite skips this test with one line saying how to get it.
    @Test(.enabled(if: Testsuite.isPresent(at: SpecTaskTests.suite) || Testsuite.isRequired,
                   Comment(rawValue: Testsuite.missingMessage(path: SpecTaskTests.suite))))
    func specModulesAsTasksProveRandomSteps() throws {
        try #require(Testsuite.isPresent(at: Self.suite), "\(Testsuite.missingMessage(path: Self.suite))")
        var random = SplitMix(state: 23)
        var tasks = 0
        var proven = 0
        for name in Self.files {
            let path = Self.suite + "/\(name).wast"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            for module in SpecModuleCalls.modules(source: text) where !module.calls.isEmpty {
                guard let task = try? TaskProgram(module.program, calls: module.calls) else { continue }
                tasks += 1
                let runner = TaskRunner(task: task, input: [], gasLimit: 50_000_000)
                var steps = Array(Set((0..<3).map { _ in random.next() % 400 })).sorted()[...]
                var failures: [UInt64] = []
                let final = runner.run(targets: { _ in steps.popFirst() }, visit: { step, state in
                    let before = state.stateHash()
                    let proof = state.prove().encoded()
                    state.step()
                    if (try? Verifier.verify(before: before, proof: proof)) != state.stateHash() { failures.append(step) }
                    proven += 1
                })
                #expect(failures.isEmpty, "\(name).wast module: steps \(failures)")
                if final.registers.steps < 3000 {
                    let stepper = runner.initialState()
                    stepper.run(toStep: .max)
                    #expect(stepper.stateHash() == final.stateHash(), "\(name).wast module: fast and stepped end differently")
                }
            }
        }
        #expect(tasks > 10)
        #expect(proven > 20)
        print("spec tasks: \(tasks) modules, \(proven) proven steps")
    }
}
