import ArgumentParser
import Cairn

/// The `cairn` command-line tool.
@main
struct CairnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cairn",
        abstract: "Cairn: a deterministic WebAssembly 2.0 virtual machine.",
        discussion: """
            Runs, validates and conformance-tests WebAssembly modules (binary .wasm or text .wat), \
            lowers them to Cairn programs (.cairn) and inspects those; runs provable tasks, \
            proves and verifies their steps, and plays the dispute game over them. The \
            subcommands that run or inspect a module (run, validate, hash, disasm, task) also \
            take a lowered program, recognised by its magic bytes 00 63 72 6E ("\\0crn").
            Use `cairn help <subcommand>` for the details of each subcommand.

            \(ExitStatus.help)
            """,
        version: cairnVersion,
        subcommands: [
            RunCommand.self, ValidateCommand.self, LowerCommand.self, HashCommand.self, DisasmCommand.self,
            SpecTestCommand.self, TaskCommand.self, ProofCommand.self, IPLDCommand.self, DisputeCommand.self, ActorCommand.self, VectorsCommand.self,
            DebugCommand.self, EVMCommand.self,
        ]
    )
}
