import ArgumentParser
import Foundation

@main
struct CairnBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cairn-bench",
        abstract: "Compare Cairn (metered and unmetered) with WasmKit on the benchmark workloads.",
        discussion: """
            For each workload of the table, every engine instantiates the module once, calls the \
            function once to warm up, then the engines take turns (the order rotates each round) \
            for --repetitions rounds; the report gives each engine's median. All engines must \
            return the same results, or the run fails. By default each workload runs in a child \
            process of its own (--isolate), so that its peak memory can be reported.
            Then it measures start-up: Cairn's lowering, decoding and instantiation of each \
            module against WasmKit's parse + instantiate (lazy and eager compilation).
            """
    )

    @Option(name: .long, help: "Timed rounds per workload (each engine runs once per round).")
    var repetitions: Int?

    @Flag(name: .long, help: "3 rounds per workload and shorter start-up measurements.")
    var quick = false

    @Option(name: .long, help: "Untimed calls per engine before timing.")
    var warmup = 1

    @Option(name: .long, help: "Run only these workloads (comma-separated names).")
    var only: String?

    @Option(name: .long, help: "Also write the report as JSON to this file.")
    var json: String?

    @Flag(name: .long, inversion: .prefixedNo, help: "Run each workload in a child process of its own (reports per-workload peak memory).")
    var isolate = true

    @Flag(name: .long, help: "Add a fourth engine: WasmKit with fuel metering.")
    var fuel = false

    @Flag(name: .long, help: "Add an engine: Cairn metered with threaded dispatch off (the switch loop only).")
    var `switch` = false

    @Flag(name: .long, help: "Add an engine: Cairn metered with fused instruction pairs off.")
    var unfused = false

    @Flag(name: .long, help: "Skip the start-up (lowering, decoding, instantiation) measurements.")
    var skipStartup = false

    @Flag(name: .long, help: "Measure only start-up (lowering, decoding, instantiation): no run-time workloads.")
    var startupOnly = false

    @Option(name: .long, help: "Decode and instantiate each selected module's stored program this many times, then exit (for a profiler).")
    var profileDecode: Int?

    @Flag(name: .long, help: "List the workloads and exit.")
    var list = false

    @Option(name: .long, help: "The workload table (default: Benchmarks/Workloads/workloads.json).")
    var workloads: String?

    @Option(name: .long, help: "The repository root that module paths are relative to (default: found from this source file's path, or the current directory).")
    var root: String?

    @Option(name: .long, help: .hidden)
    var childReport: String?

    var rounds: Int { repetitions ?? (quick ? 3 : 7) }

    var engineNames: [String] {
        ["cairn-metered", "cairn-unmetered", "wasmkit"] + (fuel ? ["wasmkit-fuel"] : []) + (`switch` ? ["cairn-switch"] : []) + (unfused ? ["cairn-unfused"] : [])
    }

    mutating func run() throws {
        let started = nowNanoseconds()
        let rootURL = try resolveRoot()
        let tablePath = workloads ?? rootURL.appendingPathComponent("Benchmarks/Workloads/workloads.json").path
        let table = try JSONDecoder().decode(WorkloadTable.self, from: Data(contentsOf: URL(fileURLWithPath: tablePath)))
        var selected = table.workloads
        if let only {
            let names = Set(only.split(separator: ",").map(String.init))
            let unknown = names.subtracting(table.workloads.map(\.name))
            guard unknown.isEmpty else { throw BenchError("unknown workload(s): \(unknown.sorted().joined(separator: ", "))") }
            selected = table.workloads.filter { names.contains($0.name) }
        }
        if list {
            for w in table.workloads {
                let calls = (w.calls ?? 1) > 1 ? " x\(w.calls!)" : ""
                print("\(w.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(w.module) \(w.function)(\(w.args.map(String.init).joined(separator: ", ")))\(calls)  \(w.description ?? "")")
            }
            return
        }
        guard rounds >= 1 else { throw BenchError("--repetitions must be at least 1") }
        guard !(startupOnly && skipStartup) else { throw BenchError("--startup-only and --skip-startup exclude each other") }

        if let profileDecode {
            var seen = Set<String>()
            for module in selected.map(\.module) where seen.insert(module).inserted {
                let encoded = CairnStartup.encode(try CairnStartup.lower(try readModule(module, root: rootURL)))
                let ns = try measure {
                    for _ in 0..<profileDecode { try CairnStartup.instantiate(try CairnStartup.decode(encoded)) }
                }
                print("\(module): \(fmt(Double(ns) / 1e3 / Double(max(profileDecode, 1)), 1)) µs per decode+instantiate")
            }
            return
        }

        // A child runs its workloads in-process and hands the results back as JSON.
        if let childReport {
            let base = procStatusKiB("VmRSS")
            var results: [WorkloadResult] = []
            for workload in selected { results.append(try runWorkload(workload, root: rootURL)) }
            if var last = results.popLast() {
                last.peakRSSKiB = procStatusKiB("VmHWM")
                last.baseRSSKiB = base
                results.append(last)
            }
            try JSONEncoder().encode(results).write(to: URL(fileURLWithPath: childReport))
            return
        }

        let loadStart = loadAverage()
        print("cairn-bench: \(selected.count) workloads, \(rounds) rounds (after \(warmup) warm-up call\(warmup == 1 ? "" : "s")), engines: \(engineNames.joined(separator: ", "))\(isolate ? ", one process per workload" : ""); load average \(loadStart.map { fmt($0) } ?? "n/a") on \(ProcessInfo.processInfo.activeProcessorCount) cores")
        var results: [WorkloadResult] = []
        for workload in selected where !startupOnly {
            let result = isolate ? try runIsolated(workload, root: rootURL, tablePath: tablePath) : try runWorkload(workload, root: rootURL)
            let line = engineNames.map { "\($0) \(fmt(result.median($0))) ms" }.joined(separator: ", ")
            print("  \(workload.name): \(line)  [\(result.results.joined(separator: " "))]")
            fflush(nil)
            results.append(result)
        }

        var startup: [StartupResult] = []
        var firstCall: FirstCallResult?
        if !skipStartup {
            var seen = Set<String>()
            let modules = selected.map(\.module).filter { seen.insert($0).inserted }
            for module in modules {
                startup.append(try measureStartup(module: module, root: rootURL))
            }
            if let call = table.firstCall, only == nil {
                firstCall = try measureFirstCall(call, root: rootURL)
            }
        }

        var report = Report(
            repetitions: rounds, warmup: warmup, engines: engineNames, workloads: results,
            geomeanWasmkitOverMetered: geometricMean(results.map(\.wasmkitOverMetered)),
            geomeanMeteredOverUnmetered: geometricMean(results.map(\.meteredOverUnmetered)),
            geomeanMs: Dictionary(uniqueKeysWithValues: engineNames.map { name in (name, geometricMean(results.map { $0.median(name) })) }),
            startup: startup, firstCall: firstCall,
            peakRSSKiB: nil, totalSeconds: 0, loadAverageStart: loadStart, loadAverageEnd: loadAverage())
        printReport(report)
        report.peakRSSKiB = procStatusKiB("VmHWM")
        report.totalSeconds = Double(nowNanoseconds() - started) / 1e9
        print("peak RSS of this process (VmHWM): \(formatMiB(report.peakRSSKiB))\(isolate ? " (the workloads ran in child processes: see the peak RSS column)" : "")")
        print("total time: \(fmt(report.totalSeconds, 1)) s; load average \(report.loadAverageStart.map { fmt($0) } ?? "n/a") at the start, \(report.loadAverageEnd.map { fmt($0) } ?? "n/a") at the end")
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
            print("wrote \(json)")
        }
    }

    // MARK: - Locating files

    func resolveRoot() throws -> URL {
        if let root { return URL(fileURLWithPath: root) }
        // Benchmarks/Sources/cairn-bench/CairnBench.swift -> the repository root.
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            fromSource,
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent(),
        ]
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("Benchmarks/Workloads/workloads.json").path) {
            return candidate
        }
        throw BenchError("cannot find the repository root (Benchmarks/Workloads/workloads.json): pass --root")
    }

    func readModule(_ path: String, root: URL) throws -> [UInt8] {
        let url = root.appendingPathComponent(path)
        do { return [UInt8](try Data(contentsOf: url)) } catch {
            throw BenchError("cannot read \(url.path): \(error.localizedDescription)")
        }
    }

    // MARK: - Running workloads

    func makeEngines(_ workload: Workload, wasm: [UInt8]) throws -> [BenchEngine] {
        let program = try CairnStartup.lower(wasm)
        var engines: [BenchEngine] = [
            try CairnEngine(name: "cairn-metered", program: program, metered: true, function: workload.function, arguments: workload.args),
            try CairnEngine(name: "cairn-unmetered", program: program, metered: false, function: workload.function, arguments: workload.args),
            try WasmKitEngine(name: "wasmkit", wasm: wasm, fuel: false, function: workload.function, arguments: workload.args),
        ]
        if fuel {
            engines.append(try WasmKitEngine(name: "wasmkit-fuel", wasm: wasm, fuel: true, function: workload.function, arguments: workload.args))
        }
        if `switch` {
            engines.append(try CairnEngine(name: "cairn-switch", program: program, metered: true, threaded: false, function: workload.function, arguments: workload.args))
        }
        if unfused {
            engines.append(try CairnEngine(name: "cairn-unfused", program: program, metered: true, fused: false, function: workload.function, arguments: workload.args))
        }
        return engines
    }

    /// Runs one workload in this process: instantiate, warm up, alternate, compare.
    func runWorkload(_ workload: Workload, root: URL) throws -> WorkloadResult {
        let wasm = try readModule(workload.module, root: root)
        let engines = try makeEngines(workload, wasm: wasm)
        var expected: [String]?
        func check(_ engine: BenchEngine, _ results: [String]) throws {
            if let expected {
                guard results == expected else {
                    throw BenchError("""
                        MISMATCH in \(workload.name): \(engine.name) returned \(results.map(ResultText.readable)) \
                        (\(results.joined(separator: " "))) but \(engines[0].name) returned \
                        \(expected.map(ResultText.readable)) (\(expected.joined(separator: " ")))
                        """)
                }
            } else {
                expected = results
            }
        }
        for engine in engines {
            for _ in 0..<max(warmup, 1) { try check(engine, try runCatching(engine, workload)) }
        }
        let calls = max(workload.calls ?? 1, 1)
        var times = [[Double]](repeating: [], count: engines.count)
        var gas = [UInt64?](repeating: nil, count: engines.count)
        for round in 0..<rounds {
            for k in 0..<engines.count {
                let index = (round + k) % engines.count
                var results: [String] = []
                var callGas: UInt64? = nil
                let ns = try measure {
                    for _ in 0..<calls {
                        results = try runCatching(engines[index], workload)
                        if let g = engines[index].lastGas { callGas = (callGas ?? 0) &+ g }
                    }
                }
                try check(engines[index], results)
                times[index].append(Double(ns) / 1e6)
                if let g = callGas {
                    if let previous = gas[index], previous != g {
                        throw BenchError("\(workload.name): \(engines[index].name) used \(g) gas, \(previous) the time before")
                    }
                    gas[index] = g
                }
            }
        }
        let timings = engines.indices.map { i in
            EngineTiming(engine: engines[i].name, timesMs: times[i], medianMs: median(times[i]), gasPerRun: gas[i])
        }
        var result = WorkloadResult(
            name: workload.name, module: workload.module, function: workload.function, args: workload.args,
            results: (expected ?? []).map(ResultText.readable), engines: timings,
            wasmkitOverMetered: 0, meteredOverUnmetered: 0, peakRSSKiB: nil, baseRSSKiB: nil)
        result.wasmkitOverMetered = result.median("wasmkit") / result.median("cairn-metered")
        result.meteredOverUnmetered = result.median("cairn-metered") / result.median("cairn-unmetered")
        return result
    }

    func runCatching(_ engine: BenchEngine, _ workload: Workload) throws -> [String] {
        do { return try engine.run() } catch let error as BenchError { throw error } catch {
            throw BenchError("\(workload.name): \(engine.name) failed: \(error)")
        }
    }

    /// Runs one workload in a child process (this executable with --child-report).
    func runIsolated(_ workload: Workload, root: URL, tablePath: String) throws -> WorkloadResult {
        let reportURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("cairn-bench-\(getpid())-\(workload.name).json")
        defer { try? FileManager.default.removeItem(at: reportURL) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        var arguments = [
            "--only", workload.name, "--repetitions", String(rounds), "--warmup", String(warmup),
            "--workloads", tablePath, "--root", root.path, "--child-report", reportURL.path, "--no-isolate",
        ]
        if fuel { arguments.append("--fuel") }
        if `switch` { arguments.append("--switch") }
        if unfused { arguments.append("--unfused") }
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw BenchError("workload \(workload.name) failed in its child process (status \(process.terminationStatus))")
        }
        let results = try JSONDecoder().decode([WorkloadResult].self, from: Data(contentsOf: reportURL))
        guard let result = results.first else { throw BenchError("workload \(workload.name): empty child report") }
        return result
    }

    // MARK: - Start-up

    /// The median times of `bodies` in microseconds, measured in turns (one run of each per
    /// round, after one warm-up run each) so that a burst of load on the machine affects them
    /// alike: at least 5 rounds, then more until `budgetMs` is spent (at most 300 rounds).
    func alternatingMedians(budgetMs: Double, _ bodies: [() throws -> Void]) throws -> [Double] {
        for body in bodies { try body() }
        var samples = [[Double]](repeating: [], count: bodies.count)
        var spent = 0.0
        var round = 0
        while round < 5 || (spent < budgetMs * 1e3 && round < 300) {
            for (i, body) in bodies.enumerated() {
                let us = Double(try measure(body)) / 1e3
                samples[i].append(us)
                spent += us
            }
            round += 1
        }
        return samples.map(median)
    }

    func measureStartup(module: String, root: URL) throws -> StartupResult {
        let wasm = try readModule(module, root: root)
        let budget = quick ? 100.0 : 400.0
        let program = try CairnStartup.lower(wasm)
        let encoded = CairnStartup.encode(program)
        let m = try alternatingMedians(budgetMs: budget, [
            { _ = try CairnStartup.lower(wasm) },
            { try CairnStartup.instantiate(try CairnStartup.lower(wasm)) },
            { _ = try CairnStartup.decode(encoded) },
            { try CairnStartup.instantiate(try CairnStartup.decode(encoded)) },
            { try WasmKitStartup.parseInstantiateLazy(wasm) },
            { try WasmKitStartup.parseInstantiateEager(wasm) },
        ])
        return StartupResult(
            module: module, wasmBytes: wasm.count, programBytes: encoded.count,
            instructions: CairnStartup.codeCount(program),
            cairnLowerUs: m[0], cairnLowerInstantiateUs: m[1], cairnDecodeUs: m[2], cairnDecodeInstantiateUs: m[3],
            wasmkitLazyUs: m[4], wasmkitEagerUs: m[5])
    }

    func measureFirstCall(_ call: Workload, root: URL) throws -> FirstCallResult {
        let wasm = try readModule(call.module, root: root)
        let budget = quick ? 100.0 : 300.0
        let m = try alternatingMedians(budgetMs: budget, [
            {
                let engine = try CairnEngine(name: "cairn", program: try CairnStartup.lower(wasm), metered: true, function: call.function, arguments: call.args)
                _ = try engine.run()
            },
            { try WasmKitStartup.parseInstantiateFirstCall(wasm, function: call.function, arguments: call.args, eager: false) },
            { try WasmKitStartup.parseInstantiateFirstCall(wasm, function: call.function, arguments: call.args, eager: true) },
        ])
        return FirstCallResult(
            module: call.module, function: call.function, args: call.args,
            cairnUs: m[0], wasmkitLazyUs: m[1], wasmkitEagerUs: m[2])
    }

    // MARK: - Report

    func printReport(_ report: Report) {
        if !report.workloads.isEmpty {
            print("")
            print("Run time: median of \(report.repetitions) alternating rounds, ms (lower is faster)")
            var header = ["workload"] + report.engines + ["WasmKit÷metered", "metered÷unmetered"]
            let withGas = report.workloads.contains { $0.engines.contains { $0.gasPerRun != nil } }
            if withGas { header.append("Mgas/s") }
            let withPeak = report.workloads.contains { $0.peakRSSKiB != nil }
            if withPeak { header += ["peak RSS", "base RSS"] }
            var table = TextTable(header: header)
            for w in report.workloads {
                var row = [w.name] + report.engines.map { fmt(w.median($0)) }
                row += [fmt(w.wasmkitOverMetered), fmt(w.meteredOverUnmetered)]
                if withGas {
                    if let gas = w.engines.first(where: { $0.engine == "cairn-metered" })?.gasPerRun {
                        row.append(fmt(Double(gas) / (w.median("cairn-metered") * 1e3), 0))
                    } else { row.append("") }
                }
                if withPeak { row += [formatMiB(w.peakRSSKiB), formatMiB(w.baseRSSKiB)] }
                table.rows.append(row)
            }
            var mean = ["geomean"] + report.engines.map { fmt(report.geomeanMs[$0] ?? .nan) }
            mean += [fmt(report.geomeanWasmkitOverMetered), fmt(report.geomeanMeteredOverUnmetered)]
            if withGas { mean.append("") }
            if withPeak { mean += ["", ""] }
            table.rows.append(mean)
            print(table.render(), terminator: "")
            print("WasmKit÷metered < 1 means WasmKit is faster than metered Cairn. Mgas/s: gas of one run ÷ Cairn metered time.")
            if withPeak {
                print("peak RSS: VmHWM of the child process that ran the workload (all engines); base RSS: its VmRSS before reading the module.")
            }
        }

        if !report.startup.isEmpty {
            print("")
            print("Start-up, µs (median): Cairn lowering / decoding of the encoded program / instantiation vs WasmKit parse + instantiate")
            var t = TextTable(header: [
                "module", "wasm B", "program B", "instrs", "lower", "lower+inst", "decode", "decode+inst",
                "WasmKit lazy", "WasmKit eager", "lower÷eager",
            ])
            for s in report.startup {
                t.rows.append([
                    (s.module as NSString).lastPathComponent, String(s.wasmBytes), String(s.programBytes), String(s.instructions),
                    fmt(s.cairnLowerUs, 1), fmt(s.cairnLowerInstantiateUs, 1), fmt(s.cairnDecodeUs, 1), fmt(s.cairnDecodeInstantiateUs, 1),
                    fmt(s.wasmkitLazyUs, 1), fmt(s.wasmkitEagerUs, 1), fmt(s.cairnLowerUs / s.wasmkitEagerUs),
                ])
            }
            print(t.render(), terminator: "")
            print("lower = Lowering.lower(wasm:) (decode + validate + translate); decode = Program(decoding:); inst = Store().instantiate;")
            print("WasmKit lazy = parseWasm + instantiate (functions translated on first call); eager = the same with compilationMode .eager.")
            if let largest = report.startup.max(by: { $0.wasmBytes < $1.wasmBytes }) {
                print("Largest module \((largest.module as NSString).lastPathComponent) (\(largest.wasmBytes) bytes): Cairn lowering \(fmt(largest.cairnLowerUs / 1e3, 3)) ms, "
                    + "WasmKit eager parse+instantiate \(fmt(largest.wasmkitEagerUs / 1e3, 3)) ms (lazy \(fmt(largest.wasmkitLazyUs / 1e3, 3)) ms); "
                    + "stored program decode+instantiate \(fmt(largest.cairnDecodeInstantiateUs / 1e3, 3)) ms")
            }
        }
        if let f = report.firstCall {
            print("From bytes to the first result of \((f.module as NSString).lastPathComponent) \(f.function)(\(f.args.map(String.init).joined(separator: ", "))): "
                + "Cairn (lower + instantiate + call) \(fmt(f.cairnUs / 1e3, 3)) ms, WasmKit lazy (parse + instantiate + compile on call + call) \(fmt(f.wasmkitLazyUs / 1e3, 3)) ms, "
                + "WasmKit eager \(fmt(f.wasmkitEagerUs / 1e3, 3)) ms")
        }
        print("")
    }
}
