import CairnHash
import CairnWasm

/// The readable text of a lowered program, behind `cairn disasm`.
///
/// The text is, in order:
/// - a header: the format version, the content hash and the counts of each part;
/// - the types, imports, tables, memories, globals, exports and start function, when present;
/// - every defined function: `func[INDEX] NAME (params) -> (results) locals=L frame=F`, then
///   one line per instruction, `  OFFSET: mnemonic operands`, where OFFSET is the absolute
///   offset in the program's code array (the offsets branch targets, `br_table` entries and
///   traces use);
/// - the entrypoint (the code instantiation runs) the same way;
/// - the `br_table` target lists.
///
/// Branch operands are shown as `-> OFFSET`; a `br_table` lists its targets inline; calls
/// name their callee; an instruction that some branch jumps to carries `; <- FROM, ...`.
/// Runs of equal `br_table` targets are shortened to `TARGET ×COUNT`.
public enum Disassembler {
    /// The whole text, lines separated by newlines (with a final newline).
    public static func text(of program: Program) -> String {
        lines(of: program).map { $0 + "\n" }.joined()
    }

    /// The text as lines.
    public static func lines(of program: Program) -> [String] {
        var out: [String] = []
        let code = program.code
        let imported = program.importedFunctionCount

        // Header.
        out.append("; Cairn program, format version \(Program.formatVersion)")
        out.append("; hash \(program.contentHash)")
        let importedFunctions = program.imports.filter { if case .function = $0.descriptor { true } else { false } }.count
        out.append(
            "; \(program.types.count) types, \(program.imports.count) imports (\(importedFunctions) functions), "
                + "\(program.functions.count) functions, \(program.tables.count) tables, \(program.memories.count) memories, "
                + "\(program.globals.count) globals, \(program.exports.count) exports, "
                + "\(program.elements.count) element segments, \(program.data.count) data segments")
        out.append(
            "; \(code.count) instructions (functions 0..<\(program.entrypoint.entry), entrypoint \(program.entrypoint.entry)..<\(code.count)), "
                + "\(program.brTableTargets.count) br_table entries")

        // Module-level parts.
        if !program.types.isEmpty {
            out.append("")
            for (index, type) in program.types.enumerated() { out.append("type[\(index)] \(type)") }
        }
        if !program.imports.isEmpty {
            out.append("")
            var counters = (function: 0, table: 0, memory: 0, global: 0)
            for item in program.imports {
                let what: String
                switch item.descriptor {
                case .function(let typeIndex):
                    what = "func[\(counters.function)] type[\(typeIndex)] \(typeText(program, typeIndex))"
                    counters.function += 1
                case .table(let type):
                    what = "table[\(counters.table)] \(tableText(type))"
                    counters.table += 1
                case .memory(let limits):
                    what = "memory[\(counters.memory)] \(limitsText(limits))"
                    counters.memory += 1
                case .global(let type):
                    what = "global[\(counters.global)] \(globalTypeText(type))"
                    counters.global += 1
                }
                out.append("import \(quoted(item.module)) \(quoted(item.name)) \(what)")
            }
        }
        let importedTables = program.imports.filter { if case .table = $0.descriptor { true } else { false } }.count
        for (index, type) in program.tables.enumerated() {
            if index == 0 { out.append("") }
            out.append("table[\(importedTables + index)] \(tableText(type))")
        }
        let importedMemories = program.imports.filter { if case .memory = $0.descriptor { true } else { false } }.count
        for (index, limits) in program.memories.enumerated() {
            if index == 0 { out.append("") }
            out.append("memory[\(importedMemories + index)] \(limitsText(limits))")
        }
        let importedGlobals = program.imports.filter { if case .global = $0.descriptor { true } else { false } }.count
        for (index, global) in program.globals.enumerated() {
            if index == 0 { out.append("") }
            out.append("global[\(importedGlobals + index)] \(globalTypeText(global.type))")
        }
        if !program.exports.isEmpty {
            out.append("")
            for export in program.exports {
                let what: String
                switch export.descriptor {
                case .function(let index): what = "func[\(index)]"
                case .table(let index): what = "table[\(index)]"
                case .memory(let index): what = "memory[\(index)]"
                case .global(let index): what = "global[\(index)]"
                }
                out.append("export \(quoted(export.name)) \(what)")
            }
        }
        if let start = program.start {
            out.append("")
            out.append("start func[\(start)]\(functionName(program, start).map { " \($0)" } ?? "")")
        }

        // Where branches come from, by target.
        var sources: [Int: [Int]] = [:]
        for (offset, instruction) in code.enumerated() {
            for target in branchTargets(instruction, program) where target < code.count {
                if sources[target]?.last != offset { sources[target, default: []].append(offset) }
            }
        }
        let width = String(max(code.count - 1, 0)).count

        func appendCode(_ range: Range<Int>) {
            for offset in range {
                let instruction = code[offset]
                var line = "  " + String(repeating: " ", count: width - String(offset).count) + "\(offset): "
                line += instruction.mnemonic
                let operands = operandText(instruction, program)
                if !operands.isEmpty { line += " " + operands }
                var notes: [String] = []
                if let note = note(instruction, program) { notes.append(note) }
                if let from = sources[offset] { notes.append("<- " + from.map(String.init).joined(separator: ", ")) }
                if !notes.isEmpty { line += "  ; " + notes.joined(separator: "; ") }
                out.append(line)
            }
        }

        // Functions, then the entrypoint.
        for (position, function) in program.functions.enumerated() {
            let index = UInt32(imported + position)
            let end = position + 1 < program.functions.count ? Int(program.functions[position + 1].entry) : Int(program.entrypoint.entry)
            out.append("")
            var header = "func[\(index)]"
            if let name = functionName(program, index) { header += " \(name)" }
            header += " \(typeText(program, function.typeIndex)) locals=\(function.localCount) frame=\(function.frameSize)"
            out.append(header)
            appendCode(clamped(Int(function.entry)..<end, code.count))
        }
        out.append("")
        out.append("entrypoint locals=\(program.entrypoint.localCount) frame=\(program.entrypoint.frameSize)")
        appendCode(clamped(Int(program.entrypoint.entry)..<code.count, code.count))

        // br_table target lists.
        if !program.brTableTargets.isEmpty {
            out.append("")
            out.append("br_table targets (\(program.brTableTargets.count) entries):")
            var covered = Set<Int>()
            for (offset, instruction) in code.enumerated() {
                guard case .brTable(_, let first, let count) = instruction else { continue }
                let range = clamped(Int(first)..<(Int(first) + Int(count)), program.brTableTargets.count)
                covered.formUnion(range)
                out.append("  [\(range.lowerBound)..<\(range.upperBound)] used by br_table at \(offset) (the last is the default):")
                for run in runs(program, range) {
                    let entries = run.count == 1 ? "[\(run.first)]" : "[\(run.first)..<\(run.first + run.count)]"
                    out.append("    \(entries) -> \(run.target)")
                }
            }
            let unused = (0..<program.brTableTargets.count).filter { !covered.contains($0) }
            if !unused.isEmpty {
                out.append("  not used by any br_table:")
                for index in unused { out.append("    [\(index)] -> \(program.brTableTargets[index])") }
            }
        }
        return out
    }

    // MARK: Pieces

    /// The absolute offsets `instruction` may jump to.
    public static func branchTargets(_ instruction: Instruction, _ program: Program) -> [Int] {
        if let target = instruction.branchTarget { return [Int(target)] }
        switch instruction {
        case .brTable(_, let first, let count):
            return clamped(Int(first)..<(Int(first) + Int(count)), program.brTableTargets.count)
                .map { Int(program.brTableTargets[$0]) }
        default:
            return []
        }
    }

    /// The operands, with branch targets as `-> OFFSET` and `br_table` targets inline.
    static func operandText(_ instruction: Instruction, _ program: Program) -> String {
        switch instruction {
        case .br(let target):
            return "-> \(target)"
        case .brTable(let index, let first, let count):
            let range = clamped(Int(first)..<(Int(first) + Int(count)), program.brTableTargets.count)
            return "s\(index) targets=\(first) count=\(count) -> \(tableTargetsText(program, range))"
        default:
            // Conditional branches: their operands, then the target as an arrow.
            let text = instruction.operandText
            let suffix = "target=\(instruction.branchTarget ?? 0)"
            guard instruction.branchTarget != nil, text.hasSuffix(suffix) else { return text }
            return String(text.dropLast(suffix.count)) + "-> \(instruction.branchTarget!)"
        }
    }

    /// A comment for an instruction: the callee of a call, the value of a 64-bit constant.
    static func note(_ instruction: Instruction, _ program: Program) -> String? {
        switch instruction {
        case .call(let function, _), .refFunc(_, let function):
            guard Int(function) < program.functionTypeIndices.count else { return nil }
            let name = functionName(program, function).map { " \($0)" } ?? ""
            let imported = Int(function) < program.importedFunctionCount ? " (imported)" : ""
            return "func[\(function)]\(name)\(imported)"
        case .callIndirect(let type, _, _):
            return Int(type) < program.types.count ? "type[\(type)] \(program.types[Int(type)])" : nil
        case .const64(_, let low, let high):
            return "0x" + String(UInt64(high) << 32 | UInt64(low), radix: 16)
        default:
            return nil
        }
    }

    /// `[a, b ×3, default c]` for entries `range` of the br_table list: the default (the last
    /// entry) apart, runs of equal targets shortened to `TARGET ×COUNT`.
    static func tableTargetsText(_ program: Program, _ range: Range<Int>) -> String {
        guard let last = range.last else { return "[]" }
        let items = runs(program, range.dropLast()).map { run in
            run.count == 1 ? "\(run.target)" : "\(run.target) ×\(run.count)"
        }
        return "[" + (items + ["default \(program.brTableTargets[last])"]).joined(separator: ", ") + "]"
    }

    /// The entries `range` of the br_table list as runs of equal targets.
    static func runs(_ program: Program, _ range: Range<Int>) -> [(first: Int, count: Int, target: UInt32)] {
        var runs: [(first: Int, count: Int, target: UInt32)] = []
        for index in range {
            let target = program.brTableTargets[index]
            if let previous = runs.last, previous.target == target {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((index, 1, target))
            }
        }
        return runs
    }

    /// The function's name: from the name section, else its first export name.
    static func functionName(_ program: Program, _ index: UInt32) -> String? {
        if let name = program.functionNames[index] { return NameText.escaped(name) }
        for export in program.exports {
            if case .function(index) = export.descriptor { return NameText.escaped(export.name) }
        }
        return nil
    }

    static func typeText(_ program: Program, _ typeIndex: UInt32) -> String {
        Int(typeIndex) < program.types.count ? program.types[Int(typeIndex)].description : "type[\(typeIndex)]"
    }

    static func limitsText(_ limits: Limits) -> String {
        limits.max.map { "\(limits.min)..\($0)" } ?? "\(limits.min).."
    }

    static func tableText(_ type: TableType) -> String {
        "\(type.element) \(limitsText(type.limits))"
    }

    static func globalTypeText(_ type: GlobalType) -> String {
        type.isMutable ? "mut \(type.valueType)" : "\(type.valueType)"
    }

    static func quoted(_ name: String) -> String { NameText.quoted(name) }

    /// `range` cut to `0..<count`.
    static func clamped(_ range: Range<Int>, _ count: Int) -> Range<Int> {
        let lower = min(max(range.lowerBound, 0), count)
        return lower..<min(max(range.upperBound, lower), count)
    }
}
