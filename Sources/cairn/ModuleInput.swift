import ArgumentParser
import Cairn
import Foundation

/// Reads the FILE argument of the subcommands: a binary module (`.wasm`), a text module
/// (`.wat`), or a lowered Cairn program (`.cairn`).
enum ModuleInput {
    /// Why a file could not be turned into a program.
    enum Failure: Error, CustomStringConvertible {
        /// The file cannot be read.
        case unreadable(String)
        /// A text module that does not parse or encode (or nests too deeply to be parsed).
        case text(WATError)
        /// Cairn refused the Wasm module (decoding, validation or lowering). For a module
        /// written as text, `source` maps the error's binary offset back to the text.
        case wasm(WasmError, source: TextSource? = nil)
        /// A lowered program that does not decode.
        case program(ProgramFormatError)
        /// An option that does not apply to this input.
        case usage(String)

        var description: String {
            switch self {
            case .unreadable(let message): message
            case .text(let error): error.description
            case .wasm(let error, let source):
                if let source, let located = source.locate(error) { located } else { error.description }
            case .program(let error): error.description
            case .usage(let message): message
            }
        }

        /// The exit status the commands use for it (``ExitStatus``): usage or bad input.
        var exitStatus: Int32 {
            if case .usage = self { return ExitStatus.usage }
            return ExitStatus.badInput
        }
    }

    /// A text module and its encoding, to place the errors found in the encoding.
    struct TextSource {
        var path: String
        var text: String
        var wasm: [UInt8]

        /// `FILE:LINE:COLUMN: KIND module: MESSAGE (...)` when the error's offset is inside a
        /// function body, placed at that function's `(func`; else nil.
        func locate(_ error: WasmError) -> String? {
            guard let offset = error.offset,
                let function = TextPosition.ofFunction(containing: offset, wasm: wasm, text: text)
            else { return nil }
            return "\(path):\(function.line):\(function.column): \(error.kind.rawValue) module: \(error.message) "
                + "(in function \(function.index), at offset 0x\(String(offset, radix: 16)) of the binary encoding)"
        }
    }

    /// What a file holds.
    enum Contents {
        /// A binary Wasm module; a text module is already encoded, and `source` keeps its text.
        case wasm([UInt8], source: TextSource? = nil)
        /// The encoding of a lowered program.
        case program([UInt8])
    }

    /// Whether `bytes` are an encoded program: they start with ``Program/magic`` (`\0crn`).
    static func isProgram(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: Program.magic)
    }

    /// The contents of the file at `path`. A file starting with the program magic (`\0crn`), or
    /// named `*.cairn`, is a lowered program; one starting with the Wasm magic (`\0asm`), or
    /// named `*.wasm`, is a binary module; anything else is read as WebAssembly text and
    /// encoded.
    static func read(_ path: String) throws(Failure) -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable("cannot read \(path)")
        }
        let bytes = [UInt8](data)
        if isProgram(bytes) || path.hasSuffix(".cairn") {
            return .program(bytes)
        }
        if bytes.starts(with: [0x00, 0x61, 0x73, 0x6D]) || path.hasSuffix(".wasm") {
            return .wasm(bytes)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .text(WATError(fileName: path, line: nil, column: nil, message: "neither a binary module, a lowered program nor UTF-8 text"))
        }
        do {
            let bytes = try Cairn.wasm(fromWAT: text, fileName: path)
            return .wasm(bytes, source: TextSource(path: path, text: text, wasm: bytes))
        } catch {
            throw .text(error)
        }
    }

    /// The program in the file at `path`: a module is decoded, validated and lowered under
    /// `profile`; a lowered program is decoded (and checked) without any lowering.
    ///
    /// `profile` only applies to modules: a lowered program with a profile other than
    /// `.standard` is a usage error, since the program cannot be checked against it.
    static func program(_ path: String, profile: WasmProfile = .standard) throws(Failure) -> Program {
        switch try read(path) {
        case .wasm(let bytes, let source):
            do {
                return try Lowering.lower(wasm: bytes, profile: profile)
            } catch {
                throw .wasm(error, source: source)
            }
        case .program(let bytes):
            guard profile == .standard else {
                throw .usage("--no-floats and --soft-float apply when a module is lowered; \(path) is already a lowered program")
            }
            do {
                return try Program(decoding: bytes)
            } catch {
                throw .program(error)
            }
        }
    }
}

/// Writes a diagnostic line to standard error. Its control characters are escaped
/// (``NameText/escaped(_:quote:backslash:)``): messages quote names from untrusted modules.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((NameText.escaped(line, backslash: false) + "\n").utf8))
}

/// Writes lines of the tool's own text (no untrusted names) to standard error as they are.
func printErrorLines(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension ModuleInput {
    /// The program in the file at `path`, or, when it cannot be read, the error printed as
    /// `error: ...` and an exit with the failure's status (for commands with no other output mode).
    static func programOrExit(_ path: String, profile: WasmProfile = .standard) throws -> Program {
        do {
            return try program(path, profile: profile)
        } catch {
            printError("error: \(error)")
            throw ExitCode(error.exitStatus)
        }
    }
}
