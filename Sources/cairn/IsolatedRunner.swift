import CairnSpecTest
import Foundation

/// Runs each spec test file in a child process (`cairn spectest --child-result-json FILE`), so
/// that an engine crash or hang fails that one file instead of ending the whole run.
struct IsolatedRunner {
    /// Seconds before a child is killed.
    var timeout: Double
    /// Children run at once.
    var jobs: Int
    /// The mode the children run in.
    var options: SpecTestOptions = .standard

    /// Runs `files` and calls `report` for each, in the order of `files`, on the calling thread.
    func run(_ files: [WastFile], report: (WastFile, FileResult) -> Void) {
        let results = ResultSlots(count: files.count)
        let executable = Self.executablePath()
        let timeout = self.timeout
        let modeArguments = Self.arguments(for: options)
        let group = DispatchGroup()
        let slots = DispatchSemaphore(value: jobs)
        let queue = DispatchQueue(label: "cairn.spectest.children", attributes: .concurrent)
        for (index, file) in files.enumerated() {
            slots.wait()
            group.enter()
            let path = file.path
            queue.async {
                results.set(index, Self.runChild(executable: executable, path: path, modeArguments: modeArguments, timeout: timeout))
                slots.signal()
                group.leave()
            }
            // Report the files that are done, in order, while the others run.
            while let (i, result) = results.nextReady() { report(files[i], result) }
        }
        group.wait()
        while let (i, result) = results.nextReady() { report(files[i], result) }
    }

    /// This program's executable.
    static func executablePath() -> String {
        #if os(Linux)
            if FileManager.default.fileExists(atPath: "/proc/self/exe") {
                return (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
            }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// The command-line flags that select `options` in a child.
    static func arguments(for options: SpecTestOptions) -> [String] {
        var arguments: [String] = []
        if options.viaFormat { arguments.append("--via-format") }
        if options.unmetered { arguments.append("--unmetered") }
        return arguments
    }

    /// Runs one file in a child process and reads its result.
    static func runChild(executable: String, path: String, modeArguments: [String], timeout: Double) -> FileResult {
        func failed(_ message: String) -> FileResult {
            FileResult(path: path, failures: [SpecTestIssue(line: 0, message: message)])
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["spectest"] + modeArguments + ["--child-result-json", path]
        let output = Pipe()
        process.standardOutput = output
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("cairn-spectest-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        guard let errorHandle = try? FileHandle(forWritingTo: errorFile) else {
            return failed("cannot create a temporary file for the child's standard error")
        }
        process.standardError = errorHandle
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        do {
            try process.run()
        } catch {
            return failed("cannot start \(executable): \(error)")
        }
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        try? errorHandle.close()

        if process.terminationReason == .exit, process.terminationStatus == 0,
            let result = try? JSONDecoder().decode(FileResult.self, from: data)
        {
            return result
        }
        let elapsed = Date().timeIntervalSince(start)
        let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        let detail = stderr.split(whereSeparator: \.isNewline)
            .first { line in ["Fatal error", "fatal error", "Program crashed", "error:"].contains { line.contains($0) } }
            .map { ": \($0.trimmingCharacters(in: CharacterSet(charactersIn: " *")))" } ?? ""
        if process.terminationReason == .uncaughtSignal {
            if process.terminationStatus == SIGKILL, elapsed >= timeout {
                return failed("timed out after \(Int(timeout)) s; the engine may be looping")
            }
            return failed("the runner crashed (signal \(process.terminationStatus))\(detail)")
        }
        return failed("the runner exited with status \(process.terminationStatus)\(detail)")
    }
}

/// Results of the children by file index, and which have been reported.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [FileResult?]
    private var nextToReport = 0

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: FileResult) {
        lock.withLock { results[index] = result }
    }

    /// The next result in file order, if it is done.
    func nextReady() -> (Int, FileResult)? {
        lock.withLock {
            guard nextToReport < results.count, let result = results[nextToReport] else { return nil }
            defer { nextToReport += 1 }
            return (nextToReport, result)
        }
    }
}
