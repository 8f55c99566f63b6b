/// One directive of a `.wast` script that did not pass: where it is and why.
public struct SpecTestIssue: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The 1-based line the directive starts on (0 when the file itself could not be read).
    public var line: Int
    /// What went wrong, for people.
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line 45: message`.
    public var description: String { "line \(line): \(message)" }
}

/// The outcome of running one `.wast` file.
///
/// Every directive of the script counts exactly once: as passed, as failed, or as not reached
/// (when the text-format tooling cannot produce the module the directive is about, so the engine
/// never sees it; see ``SpecTestRunner``).
public struct FileResult: Sendable, Codable, Hashable {
    /// The path the file was read from.
    public var path: String
    /// Directives that ran and did what the script expects.
    public var passed: Int
    /// Directives that ran and did not do what the script expects, in script order.
    public var failures: [SpecTestIssue]
    /// Directives the runner could not put to the engine, in script order.
    public var notReachedItems: [SpecTestIssue]

    public init(path: String, passed: Int = 0, failures: [SpecTestIssue] = [], notReachedItems: [SpecTestIssue] = []) {
        self.path = path
        self.passed = passed
        self.failures = failures
        self.notReachedItems = notReachedItems
    }

    /// How many directives failed.
    public var failed: Int { failures.count }
    /// How many directives were not reached.
    public var notReached: Int { notReachedItems.count }
    /// Every directive counted.
    public var total: Int { passed + failed + notReached }
    /// Whether no directive failed.
    public var isSuccess: Bool { failures.isEmpty }
}

/// Totals over several files.
public struct SuiteSummary: Sendable, Hashable {
    public var files = 0
    public var passed = 0
    public var failed = 0
    public var notReached = 0

    public init() {}

    /// Totals of `results`.
    public init(_ results: some Sequence<FileResult>) {
        for result in results { add(result) }
    }

    /// Adds one file's counts.
    public mutating func add(_ result: FileResult) {
        files += 1
        passed += result.passed
        failed += result.failed
        notReached += result.notReached
    }

    /// Passed directives as a fraction of those that ran (passed + failed); 1 when none ran.
    public var passRate: Double {
        let ran = passed + failed
        return ran == 0 ? 1 : Double(passed) / Double(ran)
    }
}

/// What one directive came to.
enum DirectiveOutcome {
    case passed
    case failed(String)
    case notReached(String)
}
