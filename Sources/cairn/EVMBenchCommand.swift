import ArgumentParser
import CairnEVM
import Foundation

/// `cairn evm bench SPEC`: runs a benchmark's transactions on the state-test host and prints the
/// timings and results as JSON (Benchmarks/evm/evm-bench.sh drives it and compares the results
/// with py-evm and revm).
struct EVMBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a fixed list of EVM transactions under Cairn and print their timings and results (JSON).",
        discussion: """
            SPEC is JSON: sender, balance, gas_price, block {coinbase, number, timestamp, gas_limit, \
            base_fee, prev_randao, chain_id} and phases [{name, transactions [{to, data, gas}]}] \
            (Sources/CairnEVM/EVMBench.swift). Every phase is timed; the output gives each \
            phase's seconds and each transaction's status, gas used, output and logs, then the \
            state root and the accounts. Used by Benchmarks/evm/evm-bench.sh.
            """)

    @Argument(help: "The benchmark spec (JSON).") var spec: String
    @Option(help: "The interpreter module (built by scripts/build-evm.sh).") var interpreter = "evm/wasm/evm.wasm"
    @Flag(help: "Run the interpreter without Cairn's gas metering.") var unmetered = false
    @Option(help: "Write the JSON here instead of standard output.") var output: String?
    @Option(help: "Call depths whose frames reuse a kept instance (0: a fresh instance for every frame, as before).")
    var keptDepth = 8
    @Flag(help: "Run kept instances in the switch loop instead of threaded code.") var switchLoop = false

    func run() throws {
        guard let wasm = FileManager.default.contents(atPath: interpreter) else {
            fail("cannot read the interpreter \(interpreter) (build it with scripts/build-evm.sh)")
        }
        guard let specData = FileManager.default.contents(atPath: spec) else { fail("cannot read \(spec)") }
        let module: EVMInterpreter
        var bench: EVMBench
        do {
            module = try EVMInterpreter(wasm: [UInt8](wasm), metered: !unmetered)
            module.keptDepth = keptDepth
            module.threadedDispatch = !switchLoop
            bench = try EVMBench(spec: [UInt8](specData))
        } catch { fail("\(error)") }
        let results = bench.run(interpreter: module)
        let report = Data(bench.report(results))
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: report) else {
                FileHandle.standardError.write(Data("error: cannot write \(output)\n".utf8))
                throw ExitCode(ExitStatus.usage)
            }
        } else {
            FileHandle.standardOutput.write(report + Data("\n".utf8))
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(ExitStatus.badInput)
    }
}
