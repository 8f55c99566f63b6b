import ArgumentParser
import CairnEVM
import Foundation

/// `cairn evm`: the EVM foreign runtime (docs/evm.md).
struct EVMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evm",
        abstract: "The EVM foreign runtime: an EVM interpreter compiled to Wasm, run on Cairn (docs/evm.md).",
        subcommands: [
            EVMStateTestCommand.self, EVMBenchCommand.self, EVMActorFundCommand.self, EVMActorDeployCommand.self,
            EVMActorCallCommand.self, EVMActorStorageCommand.self, EVMActorBenchCommand.self,
        ]
    )
}

/// `cairn evm statetest FILE|DIR`.
struct EVMStateTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statetest",
        abstract: "Run Ethereum GeneralStateTests (their Cancun entries) on the EVM interpreter under Cairn.",
        discussion: """
            Prints a line per file (PASS or FAIL, with its passed/total entries) and ends with \
            `N passed, M failed`. Exit status: 0 when every entry passed, 2 when one failed, 3 \
            when a file or the interpreter cannot be read.
            """)

    @Argument(help: "A state test JSON file, or a folder searched recursively for them.") var path: String
    @Option(help: "The interpreter module (built by scripts/build-evm.sh).") var interpreter = "evm/wasm/evm.wasm"
    @Flag(help: "Print every failing entry with its reason.") var verbose = false
    @Flag(help: "Run the interpreter without Cairn's gas metering.") var unmetered = false

    func run() throws {
        guard let wasm = FileManager.default.contents(atPath: interpreter) else {
            fail("cannot read the interpreter \(interpreter) (build it with scripts/build-evm.sh)")
        }
        let module: EVMInterpreter
        do { module = try EVMInterpreter(wasm: [UInt8](wasm), metered: !unmetered) } catch { fail("\(error)") }
        let runner = EVMStateTestRunner(interpreter: module)
        var passed = 0, failed = 0
        for file in Self.files(path) {
            guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
            let results: [EVMStateTestRunner.EntryResult]
            do { results = try runner.run(file: [UInt8](data)) } catch {
                print("FAIL \(file): \(error)")
                failed += 1
                continue
            }
            let good = results.filter(\.passed).count
            passed += good
            failed += results.count - good
            print("\(good == results.count ? "PASS" : "FAIL") \(file) (\(good)/\(results.count))")
            if verbose {
                for result in results where !result.passed {
                    print("  \(result.test)[\(result.index)]: \(result.reason ?? "")")
                }
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(ExitStatus.rejected) }
    }

    /// `path` itself, or the .json files under it, sorted.
    static func files(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { path + "/" + $0 }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(ExitStatus.badInput)
    }
}
