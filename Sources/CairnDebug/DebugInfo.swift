import CairnProgram

/// What is known about where a program's instructions came from: the functions they are in
/// (with their names) and, for a module compiled with `-g`, the source lines (DWARF
/// `.debug_line`), through the map from program offsets back to Wasm code offsets that
/// ``Lowering/lowerRecordingOffsets(_:profile:limits:)`` records.
public struct DebugInfo: Sendable {
    /// The functions of the program.
    public let places: FunctionPlaces
    /// The module offset of the Wasm instruction each program instruction came from (-1: none).
    let wasmOffsets: [Int]
    /// The module offset where the code section's contents start (DWARF addresses count from it).
    let codeStart: Int?
    /// The line tables, when the module has `.debug_line`.
    public let lines: LineTable?
    /// Why the line tables could not be read, if they could not.
    public let problem: DebugInfoError?

    /// The debugging information of `program`: names only, or with `module` (its binary) and
    /// `wasmOffsets` (from lowering it), also source lines.
    public init(program: Program, module: [UInt8]? = nil, wasmOffsets: [Int] = []) {
        places = FunctionPlaces(program)
        self.wasmOffsets = wasmOffsets
        var codeStart: Int?
        var lines: LineTable?
        var problem: DebugInfoError?
        if let module {
            do {
                let sections = try WasmSections(module)
                codeStart = sections.codeStart
                if let debugLine = sections.custom[".debug_line"] {
                    lines = try LineTable(
                        debugLine: debugLine, lineStrings: sections.custom[".debug_line_str"] ?? [],
                        strings: sections.custom[".debug_str"] ?? [])
                }
            } catch {
                problem = error
            }
        }
        (self.codeStart, self.lines, self.problem) = (codeStart, lines, problem)
    }

    /// The DWARF address of the Wasm instruction program offset `pc` came from.
    public func wasmAddress(of pc: Int) -> UInt64? {
        guard let codeStart, pc >= 0, pc < wasmOffsets.count, wasmOffsets[pc] >= codeStart else { return nil }
        return UInt64(wasmOffsets[pc] - codeStart)
    }

    /// The source line of the instruction at program offset `pc`, when known.
    public func sourceLine(at pc: Int) -> SourceLine? {
        guard let lines, let address = wasmAddress(of: pc) else { return nil }
        return lines.line(at: address)
    }

    /// The lines of a backtrace of the frames at `pcs` (innermost first): each frame's
    /// function and, when known, its `file:line`.
    public func backtrace(_ pcs: [Int]) -> [String] {
        pcs.enumerated().map { number, pc in
            let function = places.function(at: pc)
            var line = "  #\(number) \(function.names[0])"
            if let source = sourceLine(at: pc) { line += " at \(source)" }
            return line + ", pc \(pc)"
        }
    }
}
