import Cairn
import WAT

/// Why a module in a script could not be turned into a ``Program``.
enum ModuleLoadFailure: Error, CustomStringConvertible {
    /// The text-format tooling (WasmKit's `WAT`) could not parse or encode the module, so Cairn
    /// never saw it.
    case text(String)
    /// Cairn refused the binary: decoding, validation or lowering failed.
    case engine(WasmError)
    /// The module lowered, but its trip through the program format went wrong: the encoding
    /// did not decode, or the decoded program encodes to different bytes. Always a Cairn bug,
    /// never an expected refusal.
    case format(String)

    var description: String {
        switch self {
        case .text(let message): "text format: \(message)"
        case .engine(let error): "\(error)"
        case .format(let message): "program format: \(message)"
        }
    }
}

/// Turns the modules of a script (text, quoted text or binary) into Cairn programs.
struct ModuleLoader {
    /// Whether lowered programs go through the program format (see ``SpecTestOptions/viaFormat``).
    var viaFormat = false
    /// The profile modules are lowered under (``SpecTestOptions/profile``).
    var profile: WasmProfile = .standard

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
                // Quoted text is parsed on its own: bound its nesting as the script's was.
                try checkNesting(text, fileName: "quoted module")
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

    /// Decodes, validates and lowers `bytes`; with ``viaFormat``, the program is then encoded
    /// and decoded again, and the decoded program is returned.
    func lower(_ bytes: [UInt8]) -> Result<Program, ModuleLoadFailure> {
        let program: Program
        do {
            program = try Lowering.lower(wasm: bytes, profile: profile)
        } catch {
            return .failure(.engine(error))
        }
        return viaFormat ? Self.roundTrip(program) : .success(program)
    }

    /// `program` encoded and decoded again, checked to re-encode to the same bytes.
    static func roundTrip(_ program: Program) -> Result<Program, ModuleLoadFailure> {
        let encoding = program.encoded()
        let decoded: Program
        do {
            decoded = try Program(decoding: encoding)
        } catch {
            return .failure(.format("the encoding of a lowered program does not decode: \(error)"))
        }
        let reencoding = decoded.encoded()
        guard reencoding == encoding else {
            let at = zip(encoding, reencoding).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(encoding.count, reencoding.count)
            return .failure(.format(
                "re-encoding the decoded program gives different bytes (\(encoding.count) vs \(reencoding.count) bytes, first difference at offset \(at))"
            ))
        }
        return .success(decoded)
    }

    /// The program for a module source: ``binary(of:)`` then ``lower(_:)``.
    func program(for source: ModuleSource) -> Result<Program, ModuleLoadFailure> {
        Self.binary(of: source).flatMap(lower)
    }

    /// The program for a parsed text module.
    func program(for wat: Wat) -> Result<Program, ModuleLoadFailure> {
        Self.encode(wat).flatMap(lower)
    }
}
