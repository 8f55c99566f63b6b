import ArgumentParser
import Cairn

/// `cairn validate`: check that a module is one Cairn accepts.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Decode, validate and lower a module, and report whether Cairn accepts it.",
        discussion: """
            FILE is a binary module (.wasm) or a text module (.wat). Prints `valid` and exits 0 \
            when the module decodes, validates and lowers. Otherwise prints \
            `error: KIND at offset 0xOFFSET: MESSAGE` (KIND is malformed, invalid, \
            unsupportedFeature or limitExceeded; the offset is left out when unknown) and exits 1.
            """
    )

    @Argument(help: "The module: binary .wasm or text .wat.")
    var file: String

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try ModuleInput.load(file)
        } catch {
            print("error: \(error)")
            throw ExitCode(1)
        }
        do {
            _ = try Lowering.lower(wasm: bytes)
        } catch {
            if let offset = error.offset {
                print("error: \(error.kind.rawValue) at offset 0x\(String(offset, radix: 16)): \(error.message)")
            } else {
                print("error: \(error.kind.rawValue): \(error.message)")
            }
            throw ExitCode(1)
        }
        print("valid")
    }
}
