import ArgumentParser

/// The `cairn` command-line tool.
@main
struct CairnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cairn",
        abstract: "Cairn: a deterministic WebAssembly 2.0 virtual machine.",
        discussion: """
            Runs, validates and conformance-tests WebAssembly modules (binary .wasm or text .wat).
            Use `cairn help <subcommand>` for the details of each subcommand.
            """,
        subcommands: [RunCommand.self, ValidateCommand.self, SpecTestCommand.self]
    )
}
