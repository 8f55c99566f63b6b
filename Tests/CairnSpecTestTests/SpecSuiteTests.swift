import CairnSpecTest
import Foundation
import Testing

/// The package root, found from this file's path (`<root>/Tests/CairnSpecTestTests/…`).
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The spec testsuite: `CAIRN_TESTSUITE`, or `<package root>/../shared/wasm-testsuite`.
private let testsuitePath = SpecTestRunner.defaultTestsuitePath(packageRoot: packageRoot)

/// The smallest share of the directives that ran which must pass.
private let requiredPassRate = 0.995

/// The modes the core group runs in. Each must give exactly the default mode's counts.
private let modes: [(name: String, options: SpecTestOptions)] = [
    ("direct", .standard),
    ("via format", SpecTestOptions(viaFormat: true)),
    ("unmetered", SpecTestOptions(unmetered: true)),
]

/// Outside CI a missing suite skips these tests with one line saying how to get it; in CI it fails.
@Suite(
    "Spec testsuite",
    .enabled(if: Testsuite.isPresent(at: testsuitePath) || Testsuite.isRequired,
             Comment(rawValue: Testsuite.missingMessage(path: testsuitePath)))
)
struct SpecSuiteTests {
    /// Runs every top-level `.wast` file of the testsuite (the Wasm 2.0 core group) in each mode
    /// (each file parsed once, its directives run in every mode), files in parallel, and requires a pass rate of at least 99.5% in the default mode and
    /// the same passed and failed counts, file by file, in the others:
    /// - through the program format (each module lowered, encoded, decoded, and the decoded
    ///   program instantiated; its re-encoding must be the same bytes), so the format path has
    ///   the same pass count as the direct path;
    /// - unmetered, so every spec-suite module runs under metering (the default) with the same
    ///   results as without.
    @Test("Core Wasm 2.0 group passes, the same in every mode")
    func coreGroup() async throws {
        try #require(Testsuite.isPresent(at: testsuitePath), "\(Testsuite.missingMessage(path: testsuitePath))")
        let list = try SpecTestRunner.collectFiles([testsuitePath])
        try #require(!list.files.isEmpty, "no .wast files in \(testsuitePath)")

        // Each file is parsed once and run in every mode in lockstep; files run in parallel.
        let perFile = await withTaskGroup(of: (Int, [FileResult]).self) { group in
            for (index, file) in list.files.enumerated() {
                group.addTask { (index, SpecTestRunner.run(file: file.path, modes: modes.map(\.options))) }
            }
            var results = [[FileResult]](repeating: [], count: list.files.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        // Results by mode, then by file.
        let results = modes.indices.map { mode in perFile.map { $0[mode] } }

        let direct = results[0]
        let summary = SuiteSummary(direct)
        if summary.passRate < requiredPassRate {
            for (file, result) in zip(list.files, direct) {
                for failure in result.failures {
                    Issue.record("\(file.displayName):\(failure.line): \(failure.message)")
                }
            }
        }
        #expect(
            summary.passRate >= requiredPassRate,
            "\(summary.passed) passed, \(summary.failed) failed, \(summary.notReached) not reached over \(summary.files) files"
        )

        for (modeIndex, mode) in modes.enumerated().dropFirst() {
            let other = SuiteSummary(results[modeIndex])
            #expect(
                other.passed == summary.passed && other.failed == summary.failed && other.notReached == summary.notReached,
                """
                \(mode.name): \(other.passed) passed, \(other.failed) failed, \(other.notReached) not reached; \
                direct: \(summary.passed) passed, \(summary.failed) failed, \(summary.notReached) not reached
                """
            )
            for (file, (expected, actual)) in zip(list.files, zip(direct, results[modeIndex]))
            where expected.passed != actual.passed || expected.failures.map(\.line) != actual.failures.map(\.line) {
                let extra = actual.failures.filter { failure in !expected.failures.contains { $0.line == failure.line } }
                Issue.record(
                    """
                    \(file.displayName) \(mode.name): \(actual.passed) passed, \(actual.failed) failed; \
                    direct: \(expected.passed) passed, \(expected.failed) failed\
                    \(extra.prefix(3).map { "; \($0)" }.joined())
                    """)
            }
        }
    }
}

@Suite("Spec test runner")
struct SpecTestRunnerTests {
    /// A script that uses every directive kind the runner supports, all of which should pass.
    static let everyDirective = #"""
        (module $M
          (memory (export "mem") 1)
          (global (export "g") i32 (i32.const 7))
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
          (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
          (func (export "nan64") (result f64) (f64.sqrt (f64.const -1)))
          (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0)))
          (func (export "ext") (param externref) (result externref) (local.get 0))
          (func (export "null") (result funcref) (ref.null func))
          (func $f)
          (elem declare func $f)
          (func (export "rf") (result funcref) (ref.func $f))
          (func $r (export "recurse") (call $r))
        )
        (register "M" $M)
        (invoke "add" (i32.const 1) (i32.const 2))
        (assert_return (invoke "add" (i32.const 1) (i32.const -2)) (i32.const -1))
        (assert_return (get "g") (i32.const 7))
        (assert_return (get $M "g") (i32.const 7))
        (assert_return (invoke "nan") (f32.const nan:canonical))
        (assert_return (invoke "nan") (f32.const nan:arithmetic))
        (assert_return (invoke "nan64") (f64.const nan:arithmetic))
        (assert_return (invoke "neg" (f32.const 1.5)) (f32.const -1.5))
        (assert_return (invoke "neg" (f32.const nan:0x200000)) (f32.const -nan:0x200000))
        (assert_return (invoke "ext" (ref.extern 3)) (ref.extern 3))
        (assert_return (invoke "ext" (ref.null extern)) (ref.null extern))
        (assert_return (invoke "null") (ref.null func))
        (assert_return (invoke "rf") (ref.func))
        (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
        (assert_exhaustion (invoke "recurse") "call stack exhausted")

        ;; A module that traps in its start function: its data write stays, it is not current.
        (assert_trap
          (module
            (memory (import "M" "mem") 1)
            (data (i32.const 0) "\2a")
            (func $t unreachable)
            (start $t))
          "unreachable")
        (assert_return (invoke "load" (i32.const 0)) (i32.const 42))

        (module binary "\00asm" "\01\00\00\00")
        (module quote "(func (export \"q\") (result i32) (i32.const 5))")
        (assert_return (invoke "q") (i32.const 5))
        (assert_return (invoke $M "add" (i32.const 2) (i32.const 3)) (i32.const 5))
        (module $S
          (import "spectest" "print_i32" (func (param i32)))
          (import "spectest" "global_i32" (global i32))
          (import "spectest" "global_f64" (global f64))
          (import "spectest" "table" (table 10 funcref))
          (import "spectest" "memory" (memory 1 2))
          (func (export "g") (result i32) (call 0 (i32.const 1)) (global.get 0))
          (func (export "h") (result f64) (global.get 1)))
        (assert_return (invoke "g") (i32.const 666))
        (assert_return (invoke "h") (f64.const 666.6))

        (assert_invalid (module (func (result i32))) "type mismatch")
        (assert_malformed (module binary "\00asm" "\02\00\00\00") "unknown binary version")
        (assert_malformed (module quote "(func (i32.const))") "unexpected token")
        (assert_unlinkable (module (import "spectest" "unknown" (func))) "unknown import")
        (assert_unlinkable (module (import "M" "g" (global i64))) "incompatible import type")
        """#

    @Test("Every directive kind passes, in every mode", arguments: modes.map(\.options))
    func everyDirectiveKind(options: SpecTestOptions) {
        let result = SpecTestRunner.run(source: Self.everyDirective, options: options)
        #expect(result.failures == [])
        #expect(result.notReachedItems == [])
        #expect(result.passed == 31)
    }

    /// Directives whose expectations are wrong fail, each once, and the run goes on.
    @Test("Wrong expectations fail")
    func failures() {
        let script = #"""
            (module
              (func (export "one") (result i32) (i32.const 1))
              (func (export "nan") (result f32) (f32.const nan:0x200000)))
            (assert_return (invoke "one") (i32.const 2))
            (assert_return (invoke "nan") (f32.const nan:canonical))
            (assert_return (invoke "missing"))
            (assert_trap (invoke "one") "unreachable")
            (assert_invalid (module (func)) "nothing wrong")
            (assert_malformed (module binary "\00asm" "\01\00\00\00") "nothing wrong")
            (assert_unlinkable (module) "nothing wrong")
            (assert_exhaustion (invoke "one") "call stack exhausted")
            (module (func (result i32)))
            (assert_return (invoke "one") (i32.const 1))
            (this is not a directive)
            (assert_return (invoke "one") (i32.const 1))
            """#
        let result = SpecTestRunner.run(source: script)
        #expect(result.passed == 1)
        #expect(result.failures.map(\.line) == [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
    }

    /// Text modules WasmKit's encoder refuses inside `assert_invalid` are not reached.
    @Test("Unencodable assert_invalid modules are not reached")
    func notReached() {
        let result = SpecTestRunner.run(source: #"(assert_invalid (module (func (local.get 3))) "unknown local")"#)
        #expect(result.passed == 0)
        #expect(result.failed == 0)
        #expect(result.notReached == 1)
    }

    /// Directories give their top-level `.wast` files only; `.wast.gz` files are skipped.
    @Test("Collecting files")
    func collectFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-spectest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let nested = directory.appendingPathComponent("simd")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        for name in ["b.wast", "a.wast", "c.wast.gz", "notes.txt", "simd/x.wast"] {
            try Data().write(to: directory.appendingPathComponent(name))
        }
        let list = try SpecTestRunner.collectFiles([directory.path])
        #expect(list.files.map(\.displayName) == ["a.wast", "b.wast"])
        #expect(list.skippedCompressed.count == 1)
        #expect(throws: WastPathError.self) { try SpecTestRunner.collectFiles([directory.appendingPathComponent("none").path]) }
    }
}
