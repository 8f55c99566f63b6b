import CairnProgram

/// `cairn disasm --source`: the disassembly with the source lines the instructions came from
/// (DWARF `.debug_line`) interleaved, a `; FILE:LINE  TEXT` line before each stretch of
/// instructions of one line.
public enum SourceDisassembly {
    /// The lines of `program`'s disassembly with source lines from `info`; `sourceText` gives
    /// a line's text when the source file can be read (nil: the position only).
    public static func lines(of program: Program, info: DebugInfo, sourceText: (String, UInt64) -> String? = { _, _ in nil }) -> [String] {
        var out: [String] = []
        var previous: SourceLine?
        for line in Disassembler.lines(of: program) {
            guard let (offset, _) = instruction(line) else {
                // A header or a function's first line: the next instruction shows its line again.
                previous = nil
                out.append(line)
                continue
            }
            let source = info.sourceLine(at: offset)
            if let source, source.file != previous?.file || source.line != previous?.line {
                var note = "    ; \(source)"
                if let text = sourceText(source.file, source.line) { note += "  " + text.trimmingLeadingSpaces }
                out.append(note)
            }
            previous = source
            out.append(line)
        }
        return out
    }

    /// The offset and text of an instruction line of the disassembly (`  OFFSET: TEXT`).
    static func instruction(_ line: String) -> (Int, String)? {
        guard line.hasPrefix("  ") else { return nil }
        let trimmed = line.trimmingLeadingSpaces
        guard let colon = trimmed.firstIndex(of: ":"), let offset = Int(trimmed[..<colon]) else { return nil }
        let text = trimmed[trimmed.index(after: colon)...].drop { $0 == " " }
        return (offset, String(text))
    }
}

extension String {
    var trimmingLeadingSpaces: String { String(drop { $0 == " " || $0 == "\t" }) }
}
