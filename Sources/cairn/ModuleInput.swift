import Cairn
import Foundation
import WAT

/// Reads a module from a file: binary Wasm, or WebAssembly text converted to binary.
enum ModuleInput {
    /// Why a module file could not be read.
    enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        case text(String)

        var description: String {
            switch self {
            case .unreadable(let message): message
            case .text(let message): "malformed text module: \(message)"
            }
        }
    }

    /// The binary module in the file at `path`. A file that does not start with the Wasm magic
    /// bytes (`\0asm`) is read as WebAssembly text (`.wat`) and encoded.
    static func load(_ path: String) throws(Failure) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable("cannot read \(path)")
        }
        let bytes = [UInt8](data)
        if bytes.starts(with: [0x00, 0x61, 0x73, 0x6D]) || path.hasSuffix(".wasm") {
            return bytes
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .text("\(path) is neither a binary module nor UTF-8 text")
        }
        do {
            return try wat2wasm(text)
        } catch {
            throw .text("\(error)")
        }
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
