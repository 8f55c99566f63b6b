/// The nesting bound of WebAssembly text, checked before any text is parsed.
///
/// WasmKit's text parser descends recursively into folded instructions and nested forms, so
/// text nested deeply enough (about 10,000 levels) overflows the native stack and kills the
/// process. A program given untrusted text must never crash, so the depth of parentheses is
/// measured first by a cheap scan that knows the lexical forms that can hold parentheses
/// without nesting anything: `;; ...` line comments, `(; ... ;)` block comments (which nest),
/// and `"..."` strings with their escapes. Text deeper than ``maxDepth`` is refused.
public enum TextNesting {
    /// The deepest parenthesis nesting accepted: far beyond what people write (the spec
    /// suite's deepest script nests 43 levels) and room for long folded expressions, yet a
    /// tenth of the depth that overflows the parser on an 8 MiB stack.
    public static let maxDepth = 1_000

    /// Where text first nests deeper than a limit.
    public struct Excess: Sendable, Equatable {
        /// The limit that was exceeded.
        public var limit: Int
        /// The 1-based line of the parenthesis that exceeds it.
        public var line: Int
        /// The 1-based column (in Unicode scalars) of that parenthesis.
        public var column: Int
    }

    /// The position of the first `(` that opens a form deeper than `limit`, or nil when the
    /// whole text stays within it. Unbalanced parentheses are not reported here: the parser
    /// reports them with better messages.
    public static func firstExcess(in text: String, limit: Int = maxDepth) -> Excess? {
        var scanner = Scanner(bytes: Array(text.utf8))
        return scanner.firstExcess(limit: limit)
    }

    /// A form's opening parenthesis: its depth (1 for the outermost), the keyword right after
    /// it (`func`, `module`; empty when none) and its 1-based position.
    struct Opening {
        var depth: Int
        var keyword: String
        var line: Int
        var column: Int
    }

    /// Every form opened in `text`, in order (comments and strings skipped as in the depth scan).
    static func openings(in text: String) -> [Opening] {
        var scanner = Scanner(bytes: Array(text.utf8))
        var found: [Opening] = []
        _ = scanner.firstExcess(limit: .max) { depth, line, column, keyword in
            found.append(Opening(depth: depth, keyword: keyword, line: line, column: column))
        }
        return found
    }

    /// A single pass over UTF-8 bytes that tracks the line and column as it goes.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var column = 1

        init(bytes: [UInt8]) { self.bytes = bytes }

        func peek(_ offset: Int = 0) -> UInt8? {
            index + offset < bytes.count ? bytes[index + offset] : nil
        }

        /// Moves past one byte; a continuation byte of a multi-byte scalar is not a column.
        mutating func advance() {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }

        /// The first opening deeper than `limit`; `opened`, when given, sees every opening within it.
        mutating func firstExcess(
            limit: Int, opened: ((Int, Int, Int, String) -> Void)? = nil
        ) -> Excess? {
            var depth = 0
            while let byte = peek() {
                switch byte {
                case UInt8(ascii: ";") where peek(1) == UInt8(ascii: ";"):
                    skipLineComment()
                case UInt8(ascii: "(") where peek(1) == UInt8(ascii: ";"):
                    skipBlockComment()
                case UInt8(ascii: "\""):
                    skipString()
                case UInt8(ascii: "("):
                    depth += 1
                    if depth > limit { return Excess(limit: limit, line: line, column: column) }
                    if let opened { opened(depth, line, column, keyword(after: index + 1)) }
                    advance()
                case UInt8(ascii: ")"):
                    depth = max(depth - 1, 0)
                    advance()
                default:
                    advance()
                }
            }
            return nil
        }

        /// The keyword starting at `start` (letters, digits, `.` and `_`), possibly empty.
        func keyword(after start: Int) -> String {
            var end = start
            while end < bytes.count, Self.isKeywordByte(bytes[end]) { end += 1 }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }

        static func isKeywordByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
        }

        mutating func skipLineComment() {
            while let byte = peek(), byte != UInt8(ascii: "\n") { advance() }
        }

        /// Skips `(; ... ;)`, counting the block comments nested inside it.
        mutating func skipBlockComment() {
            var open = 0
            while peek() != nil {
                if peek() == UInt8(ascii: "("), peek(1) == UInt8(ascii: ";") {
                    open += 1
                    advance()
                    advance()
                } else if peek() == UInt8(ascii: ";"), peek(1) == UInt8(ascii: ")") {
                    open -= 1
                    advance()
                    advance()
                    if open == 0 { return }
                } else {
                    advance()
                }
            }
        }

        /// Skips a string literal; a backslash escapes the byte after it (`\"`, `\\`, `\n`, hex).
        mutating func skipString() {
            advance()
            while let byte = peek() {
                advance()
                if byte == UInt8(ascii: "\"") { return }
                if byte == UInt8(ascii: "\\"), peek() != nil { advance() }
            }
        }
    }
}
