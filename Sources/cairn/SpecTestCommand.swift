import ArgumentParser
import Cairn
import CairnSpecTest
import Foundation

/// `cairn spectest`: run WebAssembly spec test scripts.
struct SpecTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectest",
        abstract: "Run WebAssembly spec test scripts (.wast) against Cairn.",
        discussion: """
            Each PATH is a .wast file or a directory, which stands for its top-level *.wast \
            files (subdirectories such as simd/ and proposals/ are only run when given \
            themselves; gzipped .wast.gz scripts are skipped). Without PATH, the directory in \
            the environment variable CAIRN_TESTSUITE is used, else ../shared/wasm-testsuite \
            relative to the current directory (the package root).

            Prints one line per file:
              PASS name.wast: 123 passed
              FAIL name.wast: 120 passed, 3 failed (first failures: line 45: ...)
            with ", K not reached" added when some directives never reached Cairn (text modules \
            WasmKit's WAT cannot encode, malformed quoted modules it accepts). --verbose lists \
            every failure and not-reached directive. The last line is exactly `N passed, M failed`, \
            preceded by `not reached: K` when K > 0. The exit status is 2 if any directive failed \
            (a check said no, see `cairn --help`), 1 when no script is found.

            Scripts (and quoted modules) nested deeper than 1,000 parentheses are refused before \
            parsing, naming the line and column, since the text parser would overflow its stack.

            By default every file runs in a child process, so that a crash or a hang of the \
            engine (see --timeout) fails that file only; --no-isolate runs them in this process.

            Modes (every mode must give the same counts):
              default       each module is lowered in memory and runs in a store
                            metered by gas schedule v2, with no gas limit
              --via-format  each lowered program is encoded, decoded again, and the
                            decoded program is instantiated; an encoding that does
                            not decode, or re-encodes to other bytes, fails
              --unmetered   the store has no gas schedule (no metering at all)
            """
    )

    @Argument(help: ArgumentHelp("The .wast files and directories to run.", valueName: "PATH"))
    var paths: [String] = []

    @Flag(name: .shortAndLong, help: "List every failure and not-reached directive.")
    var verbose = false

    @Flag(inversion: .prefixedNo, help: "Run each file in a child process.")
    var isolate = true

    @Option(name: .shortAndLong, help: ArgumentHelp("How many files to run at once (with --isolate); defaults to the processor count.", valueName: "N"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Seconds a file may run before it is stopped and failed (with --isolate).", valueName: "SECONDS"))
    var timeout: Double = 600

    @Flag(help: "Instantiate each module's program after a trip through the program format (encode, decode, check the re-encoding).")
    var viaFormat = false

    @Flag(help: "Run without metering (no gas schedule).")
    var unmetered = false

    @Option(help: .hidden)
    var childResultJSON: String?

    /// The runner's mode.
    var options: SpecTestOptions { SpecTestOptions(viaFormat: viaFormat, unmetered: unmetered) }

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() throws {
        if let childResultJSON {
            // Child mode: run one file here and report it as JSON.
            let result = SpecTestRunner.run(file: childResultJSON, options: options)
            let data = try JSONEncoder().encode(result)
            FileHandle.standardOutput.write(data)
            return
        }

        var paths = self.paths
        if paths.isEmpty {
            let suite = SpecTestRunner.defaultTestsuitePath(packageRoot: FileManager.default.currentDirectoryPath)
            guard FileManager.default.fileExists(atPath: suite) else {
                throw ValidationError("no testsuite at \(suite): give a .wast file or directory, or set CAIRN_TESTSUITE")
            }
            paths = [suite]
        }
        let list: WastFileList
        do {
            list = try SpecTestRunner.collectFiles(paths)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if !list.skippedCompressed.isEmpty {
            printError("note: skipped \(list.skippedCompressed.count) gzipped script(s) (.wast.gz); unpack them to run them")
        }
        guard !list.files.isEmpty else {
            printError("error: no .wast files in \(paths.joined(separator: ", "))")
            throw ExitCode(1)
        }

        var summary = SuiteSummary()
        let report: (WastFile, FileResult) -> Void = { file, result in
            summary.add(result)
            print(Self.line(for: result, name: file.displayName, verbose: verbose))
            fflush(nil)
        }
        if isolate {
            IsolatedRunner(timeout: timeout, jobs: jobs, options: options).run(list.files, report: report)
        } else {
            for file in list.files { report(file, SpecTestRunner.run(file: file.path, options: options)) }
        }
        if summary.notReached > 0 { print("not reached: \(summary.notReached)") }
        print("\(summary.passed) passed, \(summary.failed) failed")
        if summary.failed > 0 { throw ExitCode.rejected }
    }

    /// The report of one file (several lines with `verbose`).
    static func line(for result: FileResult, name: String, verbose: Bool) -> String {
        var counts = "\(result.passed) passed"
        if result.failed > 0 { counts += ", \(result.failed) failed" }
        if result.notReached > 0 { counts += ", \(result.notReached) not reached" }
        var text = "\(result.isSuccess ? "PASS" : "FAIL") \(name): \(counts)"
        if verbose {
            for failure in result.failures { text += "\n  \(singleLine(failure.description))" }
            for item in result.notReachedItems { text += "\n  not reached: \(singleLine(item.description))" }
        } else if !result.failures.isEmpty {
            let first = result.failures.prefix(3).map { singleLine($0.description, limit: 300) }
            text += " (first failures: \(first.joined(separator: ", ")))"
        }
        return text
    }

    /// `text` on one line, shortened to `limit` characters, its control characters escaped
    /// (failures quote the scripts' names).
    static func singleLine(_ text: String, limit: Int = .max) -> String {
        let flat = NameText.escaped(text.split(whereSeparator: \.isNewline).joined(separator: " "), backslash: false)
        return flat.count <= limit ? flat : String(flat.prefix(limit)) + "…"
    }
}
