import CairnProgram

/// Where source lines start in a program: the program offsets a `FILE:LINE` breakpoint stops
/// before (DWARF `.debug_line` → Wasm offset → Cairn program offset, through the map that
/// lowering records; docs/debugging.md).
struct SourceBreakpoints {
    let info: DebugInfo

    init(_ info: DebugInfo) { self.info = info }

    /// The offsets where a stretch of instructions of `line` of `file` starts (a file named by
    /// its path's last components matches). A line with no code moves to the next line that
    /// has some, as other debuggers do.
    func pcs(file: String, line: UInt64) throws(DebugError) -> [Int] {
        guard info.lines != nil else { throw DebugError("the program has no source lines (compile with -g)") }
        let count = info.wasmOffsetCount
        var starts: [UInt64: [Int]] = [:]
        var previous: SourceLine?
        for pc in 0..<count {
            let source = info.sourceLine(at: pc)
            defer { previous = source }
            guard let source, Self.matches(source.file, file), source.line >= line else { continue }
            let entry = info.places.function(at: pc).code.lowerBound == pc
            if entry || previous?.line != source.line || previous?.file != source.file {
                starts[source.line, default: []].append(pc)
            }
        }
        guard let nearest = starts.keys.min() else { throw DebugError("no code at \(file):\(line)") }
        return starts[nearest]!
    }

    /// Whether `name` (a DWARF file name, maybe a path) is the file `wanted` names.
    static func matches(_ name: String, _ wanted: String) -> Bool {
        name == wanted || name.hasSuffix("/" + wanted) || wanted.hasSuffix("/" + name)
    }
}

extension DebugInfo {
    /// How many program offsets the map back to Wasm offsets covers.
    var wasmOffsetCount: Int { wasmOffsets.count }
}
