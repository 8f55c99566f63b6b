/// A source position: a file and a 1-based line (0: no line), with a column (0: unknown).
public struct SourceLine: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: UInt64
    public var column: UInt64

    public init(file: String, line: UInt64, column: UInt64 = 0) {
        (self.file, self.line, self.column) = (file, line, column)
    }

    /// `file:line`.
    public var description: String { "\(file):\(line)" }
}

/// The line tables of a module's DWARF `.debug_line` section (versions 2 to 5, as clang `-g`
/// emits them for wasm32; DWARF 5 §6.2): which source line each code address came from.
///
/// Only what a backtrace and a trace need is read: the line program's rows, with their file
/// names. Addresses are those of the section's target: for Wasm, offsets from the start of
/// the code section's contents.
public struct LineTable: Sendable {
    /// One row of the line matrix; `end` rows end a sequence (their address is one past it).
    struct Row: Sendable {
        var address: UInt64
        var file: Int
        var line: UInt64
        var column: UInt64
        var end: Bool
    }

    /// A sequence of rows with increasing addresses, with the files its rows name.
    struct LineSequence: Sendable {
        var rows: [Row]
        var files: [String]
        var start: UInt64 { rows.first?.address ?? 0 }
        var end: UInt64 { rows.last?.address ?? 0 }
    }

    private var sequences: [LineSequence] = []

    /// Reads every line program in `debugLine`; `lineStrings` and `strings` are the
    /// `.debug_line_str` and `.debug_str` sections that DWARF 5 file names may point into.
    public init(debugLine: [UInt8], lineStrings: [UInt8] = [], strings: [UInt8] = []) throws(DebugInfoError) {
        var reader = ByteReader(debugLine)
        while !reader.isAtEnd {
            var unit = try LineProgramHeader(&reader, lineStrings: lineStrings, strings: strings)
            sequences += try unit.run(&reader)
        }
        sequences.sort { $0.start < $1.start }
    }

    /// The source line of the instruction at `address`, or nil when no sequence covers it.
    public func line(at address: UInt64) -> SourceLine? {
        for sequence in sequences where sequence.start <= address && address < sequence.end {
            // The last row at or before the address (rows are sorted within a sequence); line 0
            // marks code of no particular line (compiler-generated), so the line before it counts.
            guard let row = sequence.rows.last(where: { $0.address <= address && !$0.end && $0.line != 0 }) else { continue }
            let file = row.file < sequence.files.count ? sequence.files[row.file] : "?"
            return SourceLine(file: file, line: row.line, column: row.column)
        }
        return nil
    }

    /// Every row, for tests and listings: (address, file:line).
    public var rows: [(address: UInt64, line: SourceLine)] {
        sequences.flatMap { sequence in
            sequence.rows.filter { !$0.end }.map {
                ($0.address, SourceLine(file: $0.file < sequence.files.count ? sequence.files[$0.file] : "?", line: $0.line, column: $0.column))
            }
        }
    }
}
