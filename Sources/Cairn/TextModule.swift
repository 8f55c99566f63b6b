import WAT

/// Why WebAssembly text could not be turned into a binary module, with the position in the
/// text where that was found.
public struct WATError: Error, Sendable, CustomStringConvertible {
    /// The name the text is reported under (a path, or `<string>`).
    public var fileName: String
    /// The 1-based line, when the parser gave a position.
    public var line: Int?
    /// The 1-based column (in Unicode scalars), when the parser gave a position.
    public var column: Int?
    /// What is wrong, without the position.
    public var message: String

    public init(fileName: String, line: Int?, column: Int?, message: String) {
        self.fileName = fileName
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: MESSAGE`, the form compilers and editors understand; `FILE: MESSAGE`
    /// when there is no position.
    public var description: String {
        guard let line, let column else { return "\(fileName): \(message)" }
        return "\(fileName):\(line):\(column): \(message)"
    }
}

/// Encodes WebAssembly text (`.wat`) as a binary module (`.wasm`), ready for `Lowering`.
///
/// The text is first checked against ``TextNesting/maxDepth`` so that no input can overflow
/// the stack of the recursive parser; then it is parsed and encoded by WasmKit's `WAT`.
/// Encoding does not validate: types are checked when the binary is lowered, and those errors
/// carry an offset in the binary (see ``TextPosition/ofFunction(containing:wasm:text:)``).
///
/// - Parameters:
///   - text: The module's text.
///   - fileName: The name errors are reported under.
/// - Throws: ``WATError`` for text nested too deeply, or that does not parse or encode.
public func wasm(fromWAT text: String, fileName: String = "<string>") throws(WATError) -> [UInt8] {
    try checkNesting(text, fileName: fileName)
    do {
        return try wat2wasm(text)
    } catch {
        var located = WATError(error, fileName: fileName)
        located.moveToTokenStart(in: text)
        throw located
    }
}

/// Throws when `text` nests deeper than ``TextNesting/maxDepth``; call it before handing text
/// to any of WasmKit's `WAT` parsers (`parseWAT`, `parseWAST`, `wat2wasm`).
public func checkNesting(_ text: String, fileName: String = "<string>") throws(WATError) {
    if let excess = TextNesting.firstExcess(in: text) {
        throw WATError(
            fileName: fileName, line: excess.line, column: excess.column,
            message: "nesting deeper than \(excess.limit) levels of parentheses (Cairn's limit on text modules)")
    }
}

extension WATError {
    /// WasmKit places some errors just after the token at fault (`unknown instruction
    /// i32.bogus` points past `i32.bogus`); an editor should land on the token itself, so a
    /// position right after a keyword, identifier or number moves back to its first character.
    mutating func moveToTokenStart(in text: String) {
        guard let line, let column, column > 1 else { return }
        guard let lineText = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(line - 1).first
        else { return }
        let scalars = Array(lineText.unicodeScalars)
        var start = min(column - 1, scalars.count)
        func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value > 0x20 && scalar.value < 0x7F && !"()\";,".unicodeScalars.contains(scalar)
        }
        while start > 0, isTokenCharacter(scalars[start - 1]) { start -= 1 }
        self.column = start + 1
    }

    /// The error of WasmKit's text parser, its location made 1-based.
    public init(_ error: WatParserError, fileName: String) {
        var message = error.description
        var line: Int?
        var column: Int?
        if let location = error.location {
            // The description is "MESSAGE at LOCATION"; only the message is wanted.
            let suffix = " at \(location)"
            if message.hasSuffix(suffix) { message.removeLast(suffix.count) }
            let position = location.computeLineAndColumn()
            line = position.line
            // WasmKit counts the first line's columns from 0 and the others' from 1 (it
            // measures the distance from the preceding newline).
            column = position.line == 1 ? position.column + 1 : position.column
        }
        self.init(fileName: fileName, line: line, column: column, message: message)
    }
}
