import ArgumentParser
import Cairn
import CairnSpecTest
import Foundation

/// `cairn run`: instantiate a module and call one of its exported functions.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a WebAssembly module or a lowered program, optionally calling an exported function.",
        discussion: """
            FILE is a binary module (.wasm), a text module (.wat) or a lowered Cairn program \
            (.cairn, written by `cairn lower`; recognised by its magic bytes 00 63 72 6E). A \
            module is decoded, validated and lowered; a lowered program is only decoded and \
            checked. Imports are only provided with --spectest; every import missing is named. \
            The program is then instantiated, which runs its start function. With --invoke, the \
            exported function NAME is then called with ARGS; without it, the export `_start` is \
            called if there is one (as `wasmtime run` does), else the exported functions are \
            listed with their types and the exit status is 1. ARGS are read according to the \
            function's parameter types:

              i32, i64   decimal (negative wraps to the bit pattern), or 0x hex
              f32, f64   decimal or hex float, inf, -inf, nan, -nan, nan:0xPAYLOAD
              externref  null, or an unsigned host value
              funcref    null

            Put `--` before the arguments when one starts with `-` (e.g. `-- -7 2`); negative \
            numbers also work without it.

            Each result is printed on its own line as TYPE:VALUE, for example `i32:6765`: \
            integers as signed decimals, floats in their shortest round-trip form, references \
            as `funcref:N`, `funcref:null`, `externref:N` or `externref:null`.

            Gas: the store is metered by gas schedule v2. Without --gas the limit is unlimited; \
            with --gas N, instantiation and the call together may use at most N gas, and a last \
            line `gas used: N` is printed (also after a trap or running out; with --json it is \
            the "gasUsed" field instead). The old name --gas-limit still works. --unmetered runs \
            without any metering.

            --profile counts how often each instruction runs and prints, on standard error \
            after the run, the most executed instructions, mnemonics and fall-through pairs \
            (pairs whose second instruction nothing but the first leads to) and the triples \
            whose third instruction threaded code runs alone after a fused pair, with counts \
            and shares; --profile-rows sets the length of each table. scripts/profile-pairs.py \
            sums the pairs (or, with --triples, the triples) over the benchmark workloads.

            --trace FILE writes a step trace: one JSON object per executed instruction, then \
            a summary line (docs/debugging.md); --trace-from, --trace-to and --trace-function \
            choose the instructions recorded, --trace-memory adds the bytes stores wrote.

            --gas-profile attributes the gas and instructions of the run (instantiation \
            included) to functions and call stacks and prints, on standard error, a summary by \
            function; --folded FILE writes folded stacks (flamegraph.pl's input) and \
            --flamegraph FILE an SVG flame graph (docs/debugging.md).

            --json prints one JSON object instead, with keys in this order:
              {"status": "ok", "results": [{"type": "i32", "value": "6765"}],
               "trap": null, "gasUsed": 228}
            Floats also carry "bits", the unsigned decimal bit pattern. "status" is "ok", \
            "trap" (with "trap": "integer divide by zero"), "outOfGas" (with "trap": "out of \
            gas"), or "error" for a module or usage error (with "error": MESSAGE added). \
            "gasUsed" is the gas used by instantiation and the call (0 when nothing ran, null \
            with --unmetered).

            Exit status:
              0   success
              1   usage error: unknown export, no --invoke and no _start, wrong
                  number or form of arguments, conflicting options
              2   execution trapped (`trap: MESSAGE` on standard error), also in
                  the start function
              3   the module or program cannot be read, is malformed or invalid, or
                  cannot be linked or instantiated (`error: MESSAGE`)
              4   out of gas (`out of gas: ...` on standard error)
              64  the command line does not parse (a missing FILE, a bad option value)
            """
    )

    @Argument(help: "The module or program: binary .wasm, text .wat, or lowered .cairn.")
    var file: String

    @Option(name: .long, help: ArgumentHelp("The exported function to call.", valueName: "NAME"))
    var invoke: String?

    @Flag(name: .long, help: "No progress line on a terminal (a run on a terminal counts steps to show one, in the slower `switch` loop; results and gas are the same).")
    var noProgress = false

    @Flag(name: .long, help: "Print the outcome as one JSON object.")
    var json = false

    @Flag(name: .long, help: "Provide the spec tests' `spectest` host module as imports.")
    var spectest = false

    @Option(name: .long, help: ArgumentHelp(
        "The most gas instantiation and the call may use together (running out exits 4); also prints the gas used.",
        valueName: "N"))
    var gas: UInt64?

    /// The former name of --gas.
    @Option(name: .customLong("gas-limit"), help: .hidden)
    var gasLimit: UInt64?

    @Flag(name: .long, help: "Run without gas metering.")
    var unmetered = false

    @Flag(name: .long, help: "Refuse modules that use floating point (the no-floats profile); modules only.")
    var noFloats = false

    @Flag(name: .long, help: "Count every instruction's executions and print a profile on standard error after the run: the most executed instructions, mnemonics, fall-through pairs and singles after fused pairs (runs in the switch loop, several times slower; results and gas are the same).")
    var profile = false

    @Option(name: .long, help: ArgumentHelp("Lines per table of the profile (0: all).", valueName: "N"))
    var profileRows = 20

    @OptionGroup var tracing: TraceArguments

    @OptionGroup var gasProfiling: ProfileArguments

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Arguments of the invoked function.", valueName: "ARGS"))
    var arguments: [String] = []

    /// The gas limit asked for, by --gas or its old name.
    var requestedGas: UInt64? { gas ?? gasLimit }

    func run() throws {
        var arguments = self.arguments
        // The `--` that ends option parsing may be captured along with the arguments.
        if let terminator = arguments.firstIndex(of: "--") { arguments.remove(at: terminator) }
        if invoke == nil, !arguments.isEmpty {
            throw fail(status: ExitStatus.usage, "arguments given without --invoke: \(arguments.joined(separator: " "))")
        }
        if gas != nil, gasLimit != nil {
            throw fail(status: ExitStatus.usage, "--gas and --gas-limit are the same option; give one")
        }
        if profile, tracing.isOn || gasProfiling.isOn {
            throw fail(status: ExitStatus.usage, "--profile counts instructions in its own loop; it cannot be combined with --trace or a gas profile")
        }
        if unmetered, gasProfiling.isOn {
            throw fail(status: ExitStatus.usage, "a gas profile needs a metered run; --gas-profile, --folded and --flamegraph cannot be used with --unmetered")
        }
        if unmetered, requestedGas != nil {
            throw fail(status: ExitStatus.usage, "--gas cannot be used with --unmetered")
        }

        let program: Program
        do {
            program = try ModuleInput.program(file, profile: noFloats ? .noFloats : .standard)
        } catch {
            throw fail(status: error.exitStatus, error.description)
        }

        let store = Store(limits: MachineLimits(), schedule: unmetered ? nil : .v2)
        if let requestedGas { store.gasLimit = requestedGas }
        store.profiling = profile
        // The trace ends with how the run ended: "not run" until something runs.
        var traceOutcome: String? = "not run"
        let tracer = try tracing.install(on: store, program: program, path: file)
        defer { tracer?.finish(gasLeft: store.gasLimit &- store.gasUsed, trap: traceOutcome) }
        let gasProfiler = gasProfiling.install(on: store)
        defer {
            if let gasProfiler {
                gasProfiling.report(
                    gasProfiler, gasLeft: store.gasLimit &- store.gasUsed, gasUsed: store.gasUsed,
                    title: "gas: \(URL(fileURLWithPath: file).lastPathComponent) \(invoke ?? "")", rows: max(profileRows, 0))
            }
        }
        // The profile is printed however the run ends.
        var profiled: [Instance] = []
        defer {
            if profile {
                fflush(nil)  // the results first, then the profile
                printErrorLines(ProfileReport.text(profiled.compactMap(\.executionProfile), rows: max(profileRows, 0)))
            }
        }
        var imports = Imports()
        if spectest { SpectestHost.define(in: &imports, store: store) }
        if let missing = Self.missingImports(program, imports) {
            throw fail(status: ExitStatus.badInput, missing, store: store)
        }
        let instance: Instance
        do {
            instance = try store.instantiate(program, imports: imports)
            profiled = [instance]
            traceOutcome = nil
        } catch {
            switch error {
            case .trap(let trap):
                traceOutcome = trap.description
                throw trapped(trap, store: store, backtrace: backtrace(program, store, call: nil))
            case .unlinkable, .limitExceeded: throw fail(status: ExitStatus.badInput, error.description, store: store)
            }
        }

        guard let name = invoke ?? defaultEntry(instance) else {
            // No --invoke and no _start: say what could be invoked.
            throw fail(status: ExitStatus.usage, "no --invoke given and no _start export; " + exportList(instance, store: store), store: store)
        }
        guard let address = instance.exportedFunction(name) else {
            throw fail(status: ExitStatus.usage, "no exported function named \(NameText.quoted(name)); " + exportList(instance, store: store), store: store)
        }
        let type = store.functionType(address)
        guard arguments.count == type.parameters.count else {
            throw fail(status: ExitStatus.usage, "\(NameText.quoted(name)) takes \(type.parameters.count) argument(s) of type \(type), \(arguments.count) given", store: store)
        }
        var values: [Value] = []
        for (index, (text, parameterType)) in zip(arguments, type.parameters).enumerated() {
            do {
                values.append(try ValueText.parse(text, as: parameterType))
            } catch {
                throw fail(status: ExitStatus.usage, "argument \(index + 1): \(error)", store: store)
            }
        }

        let results: [Value]
        do {
            let progress = startProgress(store)
            defer {
                store.stopCountingSteps()
                progress?.finish()
            }
            results = try store.invoke(address, values)
            traceOutcome = nil
        } catch {
            traceOutcome = error.description
            throw trapped(error, store: store, backtrace: backtrace(program, store) { (replay: Store, _: Instance) throws(Trap) in
                _ = try replay.invoke(address, values)
            })
        }
        if json {
            print(Self.json(status: "ok", results: results, trap: nil, gasUsed: gasUsed(store)))
        } else {
            for result in results { print(ValueText.format(result)) }
        }
        printGasUsed(store)
    }

    /// A progress line for a metered run when standard error is a terminal: the run then counts
    /// steps, and every ``Progress/interval`` steps shows the steps and gas so far (once a
    /// second has passed). Counted runs take the `switch` loop, not threaded code: results and
    /// gas are the same, dispatch is slower, so `--no-progress` (or a pipe) keeps full speed.
    private func startProgress(_ store: Store) -> Progress? {
        guard !noProgress, !unmetered, !profile, !tracing.isOn, !gasProfiling.isOn, let progress = Progress.ifTerminal() else { return nil }
        let limit = store.gasLimit
        store.countSteps(target: Progress.interval) { point in
            progress.update(steps: point.steps, gasUsed: limit &- point.gas)
            return point.steps &+ Progress.interval
        }
        return progress
    }

    /// `_start` when the module exports a function of that name (the entry point of WASI
    /// commands, which `wasmtime run` also calls by default), else nil.
    private func defaultEntry(_ instance: Instance) -> String? {
        instance.exportedFunction("_start") != nil ? "_start" : nil
    }

    /// The exported functions with their types, for messages: `exported functions: "f" (i32) -> i32, ...`.
    private func exportList(_ instance: Instance, store: Store) -> String {
        let functions = instance.exports.compactMap { name, value -> (String, Int)? in
            if case .function(let address) = value { return (name, address) }
            return nil
        }.sorted { $0.0 < $1.0 }
        guard !functions.isEmpty else { return "the module exports no functions" }
        let list = functions.map { "\(NameText.quoted($0.0)) \(store.functionType($0.1))" }
        return "exported functions: " + list.joined(separator: ", ")
    }

    /// Every import of `program` that `imports` does not provide, or nil when all are there:
    /// the machine's linker stops at the first, and a user fixing them wants all.
    static func missingImports(_ program: Program, _ imports: Imports) -> String? {
        let missing = program.imports.filter { imports.lookup(module: $0.module, name: $0.name) == nil }
        guard !missing.isEmpty else { return nil }
        let names = missing.map { "\(NameText.quoted($0.module)) \(NameText.quoted($0.name)) (\(kind(of: $0.descriptor)))" }
        let what = missing.count == 1 ? "an import" : "\(missing.count) imports"
        return "unlinkable: \(what) not provided: \(names.joined(separator: ", "))"
            + (spectestOnly(missing) ? " (add --spectest for the spec tests' host module)" : "")
    }

    private static func kind(of descriptor: ImportDescriptor) -> String {
        switch descriptor {
        case .function: "function"
        case .table: "table"
        case .memory: "memory"
        case .global: "global"
        }
    }

    private static func spectestOnly(_ imports: [WasmImport]) -> Bool {
        imports.allSatisfy { $0.module == "spectest" }
    }

    /// The gas used so far, for JSON: nil in an unmetered store.
    private func gasUsed(_ store: Store) -> UInt64? {
        store.schedule == nil ? nil : store.gasUsed
    }

    /// Prints `gas used: N` when --gas was given (not with --json, where it is a field).
    private func printGasUsed(_ store: Store) {
        if requestedGas != nil, !json { print("gas used: \(store.gasUsed)") }
    }

    /// Reports a trap and returns the exit code to throw: 4 when gas ran out, else 2.
    private func trapped(_ trap: Trap, store: Store, backtrace: [String]? = nil) -> ExitCode {
        let outOfGas = trap.kind == .outOfGas
        if json {
            print(Self.json(status: outOfGas ? "outOfGas" : "trap", results: [], trap: trap.description, gasUsed: gasUsed(store)))
        }
        if outOfGas {
            printError("out of gas: the limit of \(store.gasLimit) gas was reached")
        } else {
            printError("trap: \(trap)")
        }
        if !json, let backtrace { printErrorLines(backtrace.joined(separator: "\n")) }
        printGasUsed(store)
        return ExitCode(outOfGas ? ExitStatus.outOfGas : ExitStatus.rejected)
    }

    /// The backtrace of a trapped run, from a traced replay (DebugBacktrace.swift).
    /// Not with --json, whose output has no place for it.
    private func backtrace(_ program: Program, _ store: Store, call: ((Store, Instance) throws(Trap) -> Void)?) -> [String]? {
        guard !json else { return nil }
        return DebugBacktrace.lines(
            path: file, program: program, schedule: store.schedule, gasLimit: store.gasLimit, spectest: spectest, call: call)
    }

    /// Reports an error and returns the exit code to throw.
    /// `store` is the store when one exists, for the gas used so far.
    private func fail(status: Int32, _ message: String, store: Store? = nil) -> ExitCode {
        if json {
            let used = unmetered ? nil : (store?.gasUsed ?? 0)
            print(Self.json(status: "error", results: [], trap: nil, gasUsed: used, error: message))
        }
        printError("error: \(message)")
        return ExitCode(status)
    }

    /// The JSON object of an outcome, keys in a fixed order.
    static func json(status: String, results: [Value], trap: String?, gasUsed: UInt64?, error: String? = nil) -> String {
        var pairs = [
            ("status", JSONText.string(status)),
            ("results", "[" + results.map(JSONText.value).joined(separator: ", ") + "]"),
            ("trap", trap.map(JSONText.string) ?? "null"),
            ("gasUsed", gasUsed.map { "\($0)" } ?? "null"),
        ]
        if let error { pairs.append(("error", JSONText.string(error))) }
        return JSONText.object(pairs)
    }
}
