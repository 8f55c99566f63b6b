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
            the program format's checks. Otherwise prints \
            `error: KIND at offset 0xOFFSET: MESSAGE` and exits 1. KIND is malformed, invalid, \
            unsupportedFeature or limitExceeded for modules, invalidProgram for lowered programs \
            (the offset is left out when unknown); a file that cannot be read or a text module \
            that does not parse gives `error: MESSAGE`.

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
            case .wasm(let error):
                if let offset = error.offset {
                    print("error: \(error.kind.rawValue) at offset 0x\(String(offset, radix: 16)): \(error.message)")
                } else {
                    print("error: \(error.kind.rawValue): \(error.message)")
                }
            case .program(let error):
                print("error: invalidProgram at offset 0x\(String(error.offset, radix: 16)): \(error.message)")
            case .unreadable, .text, .usage:
                print("error: \(error)")
            }
            throw ExitCode(1)
        }
        print("valid")
    }
}
