import ArgumentParser
import CairnDebug
import CairnMachine
import Foundation

/// The gas-profile options of `cairn run` (docs/debugging.md, "Gas profiles").
struct ProfileArguments: ParsableArguments {
    @Flag(name: .customLong("gas-profile"), help: "Attribute gas and instructions to functions and call stacks; print a summary by function on standard error after the run (runs in the switch loop; results and gas are the same).")
    var summary = false

    @Option(name: .customLong("folded"), help: ArgumentHelp(
        "Write the gas profile as folded stacks (`outer;inner GAS` lines, as flamegraph.pl reads) to FILE; implies --gas-profile.", valueName: "FILE"))
    var folded: String?

    @Option(name: .customLong("flamegraph"), help: ArgumentHelp(
        "Write the gas profile as an SVG flame graph to FILE; implies --gas-profile.", valueName: "FILE"))
    var flameGraph: String?

    /// Whether a gas profile was asked for.
    var isOn: Bool { summary || folded != nil || flameGraph != nil }

    /// A profiler installed on `store` (beside a tracer already installed), or nil.
    func install(on store: Store) -> GasProfiler? {
        guard isOn else { return nil }
        let profiler = GasProfiler(store: store)
        let profile = profiler.hook
        if let traced = store.instructionHook {
            store.instructionHook = { point in
                traced(point)
                profile(point)
            }
        } else {
            store.instructionHook = profile
        }
        return profiler
    }

    /// Ends the profile and writes what was asked for; `title` heads the flame graph.
    func report(_ profiler: GasProfiler, gasLeft: UInt64, gasUsed: UInt64, title: String, rows: Int) {
        profiler.finish(gasLeft: gasLeft)
        let profile = profiler.profile
        if let folded, !FileManager.default.createFile(atPath: folded, contents: Data(profile.folded().utf8)) {
            printError("error: cannot write \(folded)")
        }
        if let flameGraph {
            let svg = FlameGraph.svg(profile, title: title)
            if !FileManager.default.createFile(atPath: flameGraph, contents: Data(svg.utf8)) {
                printError("error: cannot write \(flameGraph)")
            }
        }
        fflush(nil)
        printErrorLines(ProfileReport.gasText(profile, gasUsed: gasUsed, rows: rows))
    }
}
