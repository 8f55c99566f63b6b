import ArgumentParser
import Cairn
import Foundation

/// `cairn lower`: lower a module and write the program's encoding.
struct LowerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lower",
        abstract: "Lower a WebAssembly module to a Cairn program file (.cairn).",
        discussion: """
            FILE is a binary module (.wasm) or a text module (.wat). It is decoded, validated \
            and lowered, and the program's canonical encoding (the program format, see \
            docs/program-format.md) is written to OUTPUT. Prints `wrote N bytes, hash HASH`, \
            where HASH is the program's content hash: the Keccak-256 of the bytes written, in \
            hex (see `cairn hash`).

            Lowering is deterministic: the same module gives the same bytes and hash on every \
            machine. The written file can be given to `cairn run`, `validate`, `hash` and \
            `disasm` in place of the module.

            Exit status (see `cairn --help`): 0 on success; 3 when the module cannot be read or \
            is malformed or invalid (`error: ...`); 1 when FILE is already a lowered program or \
            OUTPUT cannot be written.
            """
    )

    @Argument(help: "The module: binary .wasm or text .wat.")
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the program (conventionally FILE.cairn).", valueName: "OUTPUT"))
    var output: String

    @Flag(name: .long, help: "Refuse modules that use floating point (the no-floats profile).")
    var noFloats = false

    @Flag(name: .long, help: "Lower float instructions to calls into the linked soft-float library (docs/softfloat.md).")
    var softFloat = false

    func run() throws {
        let contents: ModuleInput.Contents
        do {
            contents = try ModuleInput.read(file)
        } catch {
            printError("error: \(error)")
            throw ExitCode(error.exitStatus)
        }
        guard case .wasm(let bytes, let source) = contents else {
            printError("error: \(file) is already a lowered program")
            throw ExitCode.usageError
        }
        let program: Program
        do {
            program = try Lowering.lower(wasm: bytes, profile: noFloats ? .noFloats : softFloat ? .softFloat : .standard)
        } catch {
            printError("error: \(ModuleInput.Failure.wasm(error, source: source))")
            throw ExitCode.badInput
        }
        let encoding = program.encoded()
        do {
            try Data(encoding).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            printError("error: cannot write \(output): \(error.localizedDescription)")
            throw ExitCode.usageError
        }
        print("wrote \(encoding.count) bytes, hash \(program.contentHash)")
    }
}
