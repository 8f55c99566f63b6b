import Foundation

/// Where the WebAssembly spec testsuite is, and what to say when it is not there.
///
/// The conformance tests read the official spec tests, which are data kept beside the project
/// (`../shared/wasm-testsuite`) rather than in it. A clone without them must still pass its own
/// tests, so those tests skip there with one line that says how to get the suite; in CI
/// (environment variable `CI` set) a missing suite stays a failure, so that CI never passes
/// without the conformance tests.
public enum Testsuite {
    /// The upstream repository the suite comes from.
    public static let repository = "https://github.com/WebAssembly/testsuite"
    /// The commit used (the newest whose top level is still the Wasm 2.0 suite; see
    /// `../shared/wasm-testsuite/README.md`).
    public static let commit = "a8101597d3c3c660086c3cd1eedee608ff18d3c3"

    /// The suite's directory for the package at `packageRoot`: `CAIRN_TESTSUITE` if set, else
    /// `<packageRoot>/../shared/wasm-testsuite`.
    public static func path(packageRoot: String) -> String {
        SpecTestRunner.defaultTestsuitePath(packageRoot: packageRoot)
    }

    /// Whether `path` is a directory holding at least one `.wast` file.
    public static func isPresent(at path: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.contains { $0.hasSuffix(".wast") }
    }

    /// Whether a missing suite must fail rather than skip: in CI (`CI` set and not `0`/`false`).
    public static var isRequired: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !["", "0", "false"].contains(value.lowercased())
    }

    /// One line saying that the suite is missing at `path` and how to get it.
    public static func missingMessage(path: String) -> String {
        "spec testsuite not found at \(path): clone \(repository) at commit \(commit.prefix(12)) "
            + "into ../shared/wasm-testsuite beside the package, or set CAIRN_TESTSUITE to its directory"
    }
}
