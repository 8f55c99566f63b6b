import ArgumentParser
import CairnFuzz
import Foundation

/// `cairn-fuzz`: the differential fuzzer of the fast machine, the stepper and the verifier.
@main
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cairn-fuzz",
        abstract: "Runs generated task programs in the fast machine, the stepper and the verifier, and reports every difference.",
        discussion: """
            Each program is generated from a seed at the level of the program format, runs at \
            its gas limit and at limits around every dynamic charge and trap, and is compared \
            across the fast machine (threaded and switch loop, step-counted and plain), the \
            stepper and the verifier (docs/fuzzing.md). Exits with 1 if anything differs.
            """)

    @Option(help: "The session's seed; program i has a seed derived from it.")
    var seed: UInt64 = 1

    @Option(help: "How many programs to run.")
    var programs: Int = .max

    @Option(help: "Stop after this many seconds (checked between programs).")
    var seconds: Double?

    @Option(help: "Regenerate and check the one program with this seed (as reported), and print it.")
    var replay: UInt64?

    @Option(help: "The most gas limits tried per program besides its own.")
    var gasLimits: Int = 24

    @Option(help: "Steps of each program's main run proven and verified one by one (later ones sampled).")
    var provenSteps: UInt64 = 4_000

    @Flag(help: "Only the fast machine's threaded code (not its switch loop, nor plain runs).")
    var quick = false

    @Flag(help: "Sweep mode, for millions of programs: sampled proofs and the last step's, final states only, threaded code only, one extra gas limit (docs/fuzzing.md).")
    var sweep = false

    @Option(help: "Seconds between progress lines on stderr.")
    var progressEvery: Double = 2

    @Flag(help: "Print a machine-readable summary (JSON) on stdout instead of text.")
    var json = false

    @Flag(help: "Print the program of the first difference of each class.")
    var dump = false

    @Flag(help: "With --replay: shrink the program to what its first difference needs (others become `copy s0 s0`).")
    var reduce = false

    func run() throws {
        if programs == .max, seconds == nil, replay == nil {
            throw ValidationError("give --programs, --seconds or --replay")
        }
        var check = sweep ? CheckOptions.sweep : CheckOptions()
        if !sweep { check.maxGasLimits = gasLimits }
        check.maxProvenSteps = provenSteps
        check.switchLoop = !quick
        check.plainRuns = !quick
        let fuzzer = Fuzzer(seed: seed, generator: sweep ? .sweep : GeneratorOptions(), check: check)
        if let replay {
            var (fuzzCase, stats) = fuzzer.replay(caseSeed: replay)
            if reduce, let first = stats.differences.first {
                let (reduced, replaced) = Reducer(checker: fuzzer.checker).reduce(fuzzCase, signature: first.signature)
                log("reduced: \(replaced) instructions replaced with copy s0 s0")
                fuzzCase = reduced
                stats = fuzzer.checker.check(reduced)
            }
            print(programDump(fuzzCase))
            for difference in stats.differences { print(difference) }
            if !stats.differences.isEmpty { throw ExitCode(1) }
            return
        }
        let start = Date()
        var lastReport = start
        let stats = fuzzer.run(
            programs: programs,
            shouldStop: { _ in seconds.map { Date().timeIntervalSince(start) >= $0 } ?? false },
            progress: { index, fuzzCase, caseStats in
                for difference in caseStats.differences.prefix(1) { log("DIFFERENCE \(difference)") }
                if Date().timeIntervalSince(lastReport) >= progressEvery {
                    lastReport = Date()
                    log("\(index + 1) programs, \(Int(Date().timeIntervalSince(start))) s")
                }
            })
        let elapsed = Date().timeIntervalSince(start)
        if json {
            print(jsonSummary(stats, elapsed: elapsed))
        } else {
            print(textSummary(stats, elapsed: elapsed, fuzzer: fuzzer))
        }
        if !stats.differences.isEmpty { throw ExitCode(1) }
    }

    func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func textSummary(_ stats: FuzzStatistics, elapsed: Double, fuzzer: Fuzzer) -> String {
        var lines = [
            "seed \(seed): \(stats.programs) programs in \(String(format: "%.1f", elapsed)) s "
                + "(\(String(format: "%.1f", Double(stats.programs) / max(elapsed, 1e-9))) programs/s)",
            "steps stepped \(stats.stepsStepped) (\(Int(Double(stats.stepsStepped) / max(elapsed, 1e-9))) steps/s), "
                + "proven and verified \(stats.stepsProven), fast states compared \(stats.fastStatesCompared)",
            "gas limits tried \(stats.gasLimitsTried)",
            "differences \(stats.differences.count) in \(stats.classes.count) classes",
        ]
        for group in stats.classes {
            lines.append("  [\(group.count)] \(group.signature)")
            lines.append("      first: \(group.first)")
            lines.append("      replay: cairn-fuzz\(sweep ? " --sweep" : "") --replay \(group.first.seed)")
            if dump { lines.append(programDump(fuzzer.replay(caseSeed: group.first.seed).0)) }
        }
        return lines.joined(separator: "\n")
    }

    func jsonSummary(_ stats: FuzzStatistics, elapsed: Double) -> String {
        let classes: [[String: Any]] = stats.classes.map { group in
            ["signature": group.signature, "count": group.count, "seed": group.first.seed, "gasLimit": group.first.gasLimit,
             "check": group.first.check, "detail": group.first.detail]
        }
        let summary: [String: Any] = [
            "seed": seed, "programs": stats.programs, "seconds": elapsed, "stepsStepped": stats.stepsStepped,
            "stepsProven": stats.stepsProven, "gasLimitsTried": stats.gasLimitsTried,
            "fastStatesCompared": stats.fastStatesCompared, "differences": stats.differences.count, "classes": classes,
        ]
        let data = try! JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }
}
