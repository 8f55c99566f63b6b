/// Maps an error found in the binary encoding of a text module back to the text.
///
/// WasmKit's `WAT` encodes text without validating it, so type errors are found when Cairn
/// decodes, validates and lowers the binary, and they carry an offset in that binary, which
/// means nothing to whoever wrote the text. The encoding keeps the order of the text's
/// definitions, so an offset inside a function body names a defined function, and the text's
/// `(func ...)` fields (those that are not imports), counted in order, name its definition.
/// Offsets outside the code section are not mapped.
public enum TextPosition {
    /// A defined function whose body holds an offset, and where the text defines it.
    public struct Function: Sendable, Equatable {
        /// The function's index in the function index space (imports first).
        public var index: Int
        /// The 1-based line of its `(func`.
        public var line: Int
        /// The 1-based column of its `(func`.
        public var column: Int
    }

    /// The function whose body in `wasm` holds `offset`, with the position of its definition in
    /// `text` (the text `wasm` was encoded from); nil when the offset is in no body or the text
    /// does not have that many functions.
    public static func ofFunction(containing offset: Int, wasm: [UInt8], text: String) -> Function? {
        guard let layout = BinaryLayout(wasm),
            let defined = layout.bodies.firstIndex(where: { $0.contains(offset) })
        else { return nil }
        guard let opening = definitions(in: text).dropFirst(defined).first else { return nil }
        return Function(index: layout.importedFunctions + defined, line: opening.line, column: opening.column)
    }

    /// The text's `(func ...)` fields that define a function (not those with an inline
    /// `(import ...)`), in order.
    static func definitions(in text: String) -> [TextNesting.Opening] {
        let openings = TextNesting.openings(in: text)
        // Fields are inside `(module ...)`, or at the top of a file of bare fields.
        let fieldDepth = openings.first?.keyword == "module" ? 2 : 1
        var found: [TextNesting.Opening] = []
        for (i, opening) in openings.enumerated() where opening.depth == fieldDepth && opening.keyword == "func" {
            // (func $id? (export "...")* (import "..." "...")? ...): the first child that is
            // not an export says whether this is an import.
            var imported = false
            for child in openings[(i + 1)...] {
                if child.depth <= fieldDepth { break }
                if child.depth != fieldDepth + 1 || child.keyword == "export" { continue }
                imported = child.keyword == "import"
                break
            }
            if !imported { found.append(opening) }
        }
        return found
    }

    /// What a binary module's import and code sections say about its functions.
    struct BinaryLayout {
        var importedFunctions = 0
        /// The byte ranges of the function bodies, in order.
        var bodies: [Range<Int>] = []

        /// Reads the section headers, the imports and the body sizes; nil when malformed.
        init?(_ bytes: [UInt8]) {
            var reader = Reader(bytes: bytes, index: 8)
            while reader.index < bytes.count {
                guard let id = reader.byte(), let size = reader.leb(), size <= UInt64(bytes.count) else { return nil }
                let end = reader.index + Int(size)
                guard end <= bytes.count else { return nil }
                if id == 2 {
                    guard let count = reader.importedFunctionCount() else { return nil }
                    importedFunctions = count
                } else if id == 10 {
                    guard let count = reader.leb() else { return nil }
                    for _ in 0..<count {
                        guard let length = reader.leb(), length <= UInt64(bytes.count) else { return nil }
                        bodies.append(reader.index..<reader.index + Int(length))
                        reader.index += Int(length)
                    }
                }
                reader.index = end
            }
        }
    }

    /// A cursor over the binary that fails softly (nil) past the end.
    struct Reader {
        let bytes: [UInt8]
        var index: Int

        mutating func byte() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func leb() -> UInt64? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while let byte = byte() {
                guard shift < 64 else { return nil }
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
            return nil
        }

        mutating func skipName() -> Bool {
            guard let length = leb(), length <= UInt64(bytes.count) else { return false }
            index += Int(length)
            return index <= bytes.count
        }

        mutating func skipLimits() -> Bool {
            guard let flags = byte(), leb() != nil else { return false }
            return flags & 1 == 0 || leb() != nil
        }

        /// Reads an import section's entries and counts the function imports.
        mutating func importedFunctionCount() -> Int? {
            guard let count = leb() else { return nil }
            var functions = 0
            for _ in 0..<count {
                guard skipName(), skipName(), let kind = byte() else { return nil }
                switch kind {
                case 0:
                    guard leb() != nil else { return nil }
                    functions += 1
                case 1: guard byte() != nil, skipLimits() else { return nil }
                case 2: guard skipLimits() else { return nil }
                case 3: guard byte() != nil, byte() != nil else { return nil }
                default: return nil
                }
            }
            return functions
        }
    }
}
