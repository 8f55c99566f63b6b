import Cairn
import Foundation
import WAT

/// Runs WebAssembly spec test scripts (`.wast`) against Cairn.
///
/// Each script runs against a fresh ``Store`` that provides the `spectest` host module (see
/// ``SpectestHost``). Scripts are parsed with WasmKit's `WAT` library; text modules are encoded
/// to binary by it, so Cairn always receives the binary format.
///
/// Every directive counts once, as one of:
/// - **passed**: it did what the script expects;
/// - **failed**: it did not, or it could not be parsed;
/// - **not reached**: the text tooling could not produce the module the directive is about, so
///   Cairn never saw it. These are `assert_invalid` text modules the encoder refuses (an index
///   out of range) and `assert_malformed` quoted modules the text parser accepts although they
///   are malformed (32-bit limits of 2^32, which WasmKit reads as 64-bit), and directives of
///   later proposals.
///
/// How each directive is checked:
/// - `module`: decoded, validated, lowered and instantiated; it becomes current (and named by its
///   `$id`). One that fails leaves no current module.
/// - `assert_return`: results compared bit for bit; `nan:canonical` matches the canonical NaN of
///   either sign, `nan:arithmetic` any NaN with the quiet bit set; `ref.null`, `ref.extern N`
///   and `ref.func` match by reference kind (and host value).
/// - `assert_trap`: on an invocation or a module's instantiation; the trap's message must be a
///   prefix of the expected one or the other way round. A module that traps is not current.
/// - `assert_exhaustion`: call-stack (or value-stack) exhaustion.
/// - `assert_invalid` and binary `assert_malformed`: any refusal by Cairn (decoding,
///   validation or lowering) counts; a module Cairn accepts is a failure.
/// - `assert_unlinkable`: instantiation must fail with an unlinkable error.
///
/// Nothing a script does stops the run: every failure is recorded and the next directive runs.
///
/// ``SpecTestOptions`` select the mode: modules may go through the program format (lowered,
/// encoded, decoded, and the decoded program instantiated), and the store may be unmetered.
/// Every mode must give the same counts.
public enum SpecTestRunner {
    /// Runs the script at `path` in the mode `options` selects.
    public static func run(file path: String, options: SpecTestOptions = .standard) -> FileResult {
        run(file: path, modes: [options])[0]
    }

    /// Runs a script given as text, in the mode `options` selects; `path` only names it in the
    /// result.
    public static func run(source: String, path: String = "<string>", options: SpecTestOptions = .standard) -> FileResult {
        run(source: source, path: path, modes: [options])[0]
    }

    /// Runs the script at `path` once in each of `modes`, parsing it once; the results are in
    /// the order of `modes`.
    public static func run(file path: String, modes: [SpecTestOptions]) -> [FileResult] {
        func failed(_ message: String) -> [FileResult] {
            modes.map { _ in FileResult(path: path, failures: [SpecTestIssue(line: 0, message: message)]) }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return failed("cannot read \(path)")
        }
        let bytes = [UInt8](data)
        guard let source = String(validating: bytes, as: UTF8.self) else {
            return failed("\(path) is not valid UTF-8")
        }
        return run(source: source, path: path, modes: modes)
    }

    /// Runs a script given as text once in each of `modes`; the results are in the order of
    /// `modes`.
    ///
    /// The script is parsed once, and each directive is run by every mode's runner (each with
    /// its own store) before the next: the runs are exactly those of ``run(source:path:options:)``
    /// in each mode, without parsing the script again for each.
    public static func run(source: String, path: String = "<string>", modes: [SpecTestOptions]) -> [FileResult] {
        var results = modes.map { _ in FileResult(path: path) }
        var script: WAST
        do {
            // The parser recurses on nesting: bound it first, so no script can crash the run.
            try checkNesting(source, fileName: path)
            script = try parseWAST(source)
        } catch {
            for index in results.indices {
                results[index].failures.append(SpecTestIssue(line: 0, message: "cannot parse script: \(error)"))
            }
            return results
        }
        let runners = modes.map { ScriptRunner(options: $0) }
        while let (parsed, location) = script.nextDirectiveResult() {
            // Computing a line scans the script up to it, so only do it for the directives reported.
            var line: Int?
            func lineNumber() -> Int {
                if let line { return line }
                let computed = location.computeLineAndColumn().line
                line = computed
                return computed
            }
            for (index, runner) in runners.enumerated() {
                let outcome: DirectiveOutcome
                switch parsed {
                case .success(let directive):
                    outcome = runner.run(directive)
                case .failure(let error):
                    // A module that cannot be parsed leaves no current module, as one that fails to load.
                    if let module = error.module, !module.isDefinition {
                        runner.current = nil
                        if let id = module.id { runner.named[id] = nil }
                    }
                    outcome = .failed("cannot parse directive: \(error.error)")
                }
                switch outcome {
                case .passed:
                    results[index].passed += 1
                case .failed(let message):
                    results[index].failures.append(SpecTestIssue(line: lineNumber(), message: message))
                case .notReached(let message):
                    results[index].notReachedItems.append(SpecTestIssue(line: lineNumber(), message: message))
                }
            }
        }
        return results
    }
}
