import ArgumentParser
import Cairn

/// `cairn hash`: print a program's content hash.
struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print the content hash of a module's lowered program.",
        discussion: """
            FILE is a binary module (.wasm), a text module (.wat) or a lowered Cairn program \
            (.cairn). A module is lowered first. Prints the program's content hash: the \
            Keccak-256 (original Keccak padding, as Ethereum) of its canonical encoding, as 64 \
            lowercase hex digits. This is the name of the program: the same module gives the \
            same hash on every machine, and a .cairn file's hash is that of its bytes.

            Exit status: 0 on success; 3 when the module or program is malformed or invalid \
            (`error: ...`).
            """
    )

    @Argument(help: "The module or program: binary .wasm, text .wat, or lowered .cairn.")
    var file: String

    func run() throws {
        let program = try ModuleInput.programOrExit(file)
        print(program.contentHash)
    }
}
