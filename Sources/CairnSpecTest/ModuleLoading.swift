import Cairn
import WAT

/// Why a module in a script could not be turned into a ``Program``.
enum ModuleLoadFailure: Error, CustomStringConvertible {
    /// The text-format tooling (WasmKit's `WAT`) could not parse or encode the module, so Cairn
    /// never saw it.
    case text(String)
    /// Cairn refused the binary: decoding, validation or lowering failed.
    case engine(WasmError)

    var description: String {
        switch self {
        case .text(let message): "text format: \(message)"
        case .engine(let error): "\(error)"
        }
    }
}

/// Turns the modules of a script (text, quoted text or binary) into Cairn programs.
enum ModuleLoader {
    /// The binary form of a module source: text is encoded, quoted text is parsed and encoded.
    static func binary(of source: ModuleSource) -> Result<[UInt8], ModuleLoadFailure> {
        switch source {
        case .binary(let bytes):
            return .success(bytes)
        case .text(let wat):
            return encode(wat)
        case .quote(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return .failure(.text("quoted module is not valid UTF-8"))
            }
            do {
                let wat = try parseWAT(text)
                return encode(wat)
            } catch {
                return .failure(.text("\(error)"))
            }
        }
    }

    /// Encodes a parsed text module.
    static func encode(_ wat: Wat) -> Result<[UInt8], ModuleLoadFailure> {
        do {
            return .success(try wat.encode())
        } catch {
            return .failure(.text("\(error)"))
        }
    }

    /// Decodes, validates and lowers `bytes`.
    static func lower(_ bytes: [UInt8]) -> Result<Program, ModuleLoadFailure> {
        do {
            return .success(try Lowering.lower(wasm: bytes))
        } catch {
            return .failure(.engine(error))
        }
    }

    /// The program for a module source: ``binary(of:)`` then ``lower(_:)``.
    static func program(for source: ModuleSource) -> Result<Program, ModuleLoadFailure> {
        binary(of: source).flatMap(lower)
    }

    /// The program for a parsed text module.
    static func program(for wat: Wat) -> Result<Program, ModuleLoadFailure> {
        encode(wat).flatMap(lower)
    }
}
