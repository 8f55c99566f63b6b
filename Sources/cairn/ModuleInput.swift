import ArgumentParser
import Cairn
import Foundation
import WAT

/// Reads the FILE argument of the subcommands: a binary module (`.wasm`), a text module
/// (`.wat`), or a lowered Cairn program (`.cairn`).
enum ModuleInput {
    /// Why a file could not be turned into a program.
    enum Failure: Error, CustomStringConvertible {
        /// The file cannot be read.
        case unreadable(String)
        /// A text module that does not parse or encode.
        case text(String)
        /// Cairn refused the Wasm module (decoding, validation or lowering).
        case wasm(WasmError)
        /// A lowered program that does not decode.
        case program(ProgramFormatError)
        /// An option that does not apply to this input.
        case usage(String)

        var description: String {
            switch self {
            case .unreadable(let message): message
            case .text(let message): "malformed text module: \(message)"
            case .wasm(let error): error.description
            case .program(let error): error.description
            case .usage(let message): message
            }
        }

        /// The exit status the commands use for it: 1 for a usage problem, else 3.
        var exitStatus: Int32 {
            if case .usage = self { return 1 }
            return 3
        }
    }

    /// What a file holds.
    enum Contents {
        /// A binary Wasm module (text modules are already encoded).
        case wasm([UInt8])
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
            throw .text("\(path) is neither a binary module, a lowered program nor UTF-8 text")
        }
        do {
            return .wasm(try wat2wasm(text))
        } catch {
            throw .text("\(error)")
        }
    }

    /// The program in the file at `path`: a module is decoded, validated and lowered under
    /// `profile`; a lowered program is decoded (and checked) without any lowering.
    ///
    /// `profile` only applies to modules: a lowered program with a profile other than
    /// `.standard` is a usage error, since the program cannot be checked against it.
    static func program(_ path: String, profile: WasmProfile = .standard) throws(Failure) -> Program {
        switch try read(path) {
        case .wasm(let bytes):
            do {
                return try Lowering.lower(wasm: bytes, profile: profile)
            } catch {
                throw .wasm(error)
            }
        case .program(let bytes):
            guard profile == .standard else {
                throw .usage("--no-floats applies when a module is lowered; \(path) is already a lowered program")
            }
            do {
                return try Program(decoding: bytes)
            } catch {
                throw .program(error)
            }
        }
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
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
