import ArgumentParser
import Cairn

/// `cairn validate`: check that a module (or a lowered program) is one Cairn accepts.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Decode, validate and lower a module (or decode a lowered program), and report whether Cairn accepts it.",
        discussion: """
            FILE is a binary module (.wasm), a text module (.wat) or a lowered Cairn program \
            (.cairn, recognised by its magic bytes 00 63 72 6E). Prints `valid` and exits 0 when \
            the module decodes, validates and lowers, or when the program decodes and passes \
            the program format's checks. Otherwise prints, on standard error, \
            `error: KIND at offset 0xOFFSET: MESSAGE` and exits 3. KIND is malformed, invalid, \
            unsupportedFeature or limitExceeded for modules, invalidProgram for lowered programs \
            (the offset is left out when unknown). A text module that does not parse gives \
            `error: FILE:LINE:COLUMN: MESSAGE`; one that parses but is refused gives \
            `error: FILE:LINE:COLUMN: KIND module: MESSAGE (in function N, at offset 0xOFFSET of \
            the binary encoding)`, LINE:COLUMN being the `(func` of the function at fault (or \
            the binary form when the error is outside any function). A file that cannot be read \
            gives `error: MESSAGE`. Exit statuses as in `cairn --help`.

            With --no-floats, modules that use floating point anywhere are refused \
            (unsupportedFeature); it cannot be used with lowered programs.
            """
    )

    @Argument(help: "The module or program: binary .wasm, text .wat, or lowered .cairn.")
    var file: String

    @Flag(name: .long, help: "Refuse modules that use floating point (the no-floats profile).")
    var noFloats = false

    func run() throws {
        do {
            _ = try ModuleInput.program(file, profile: noFloats ? .noFloats : .standard)
        } catch {
            switch error {
            case .wasm(let wasmError, let source):
                if let source, let located = source.locate(wasmError) {
                    printError("error: \(located)")
                } else if let offset = wasmError.offset {
                    printError("error: \(wasmError.kind.rawValue) at offset 0x\(String(offset, radix: 16)): \(wasmError.message)")
                } else {
                    printError("error: \(wasmError.kind.rawValue): \(wasmError.message)")
                }
            case .program(let programError):
                printError("error: invalidProgram at offset 0x\(String(programError.offset, radix: 16)): \(programError.message)")
            case .unreadable, .text, .usage:
                printError("error: \(error)")
            }
            throw ExitCode(error.exitStatus)
        }
        print("valid")
    }
}
