import CairnMachine
import CairnProgram
import CairnWasm

/// The command language of `cairn debug` (docs/debugging.md, "Stepping debugger"): reads one
/// command line at a time and answers with text lines, so that a session from a script gives
/// the same transcript on every machine.
public final class DebugConsole {
    /// The session the commands drive.
    public let session: DebugSession
    /// The frame `print locals` shows (0: the innermost); reset at every stop.
    private var selectedFrame = 0
    /// Each instruction's text as `cairn disasm` prints it, by program offset.
    private let instructionText: [String]
    /// Whether `quit` was given.
    public private(set) var quitting = false

    public init(session: DebugSession) {
        self.session = session
        instructionText = Self.instructionTexts(session.target.program)
    }

    /// The lines that say where the session is (shown at the start and after each move).
    public func whereLines() -> [String] {
        switch session.position {
        case .stopped(let state):
            let info = session.target.info
            var line = "step \(state.step), pc \(state.pc) in \(info.places.function(at: state.pc).names[0])"
            if let source = info.sourceLine(at: state.pc) { line += " at \(source)" }
            if session.metered { line += ", gas \(state.gas)" }
            return [line, "  " + instructionText[state.pc]]
        case .finished(let outcome):
            var line = "finished after \(outcome.steps) steps: "
            if let trap = outcome.trap {
                line += "trap: \(trap)"
            } else {
                line += "returned " + (outcome.results ?? []).map(\.description).joined(separator: " ")
            }
            return [line]
        }
    }

    /// Runs one command line; returns its output lines.
    public func execute(_ line: String) -> [String] {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let command = words.first else { return [] }
        let rest = Array(words.dropFirst())
        do {
            return try run(command, rest)
        } catch {
            return ["error: \(error)"]
        }
    }

    private func run(_ command: String, _ arguments: [String]) throws(DebugError) -> [String] {
        switch command {
        case "break", "b": return try setBreakpoint(arguments)
        case "delete", "d": return delete(arguments)
        case "info":
            switch arguments.first {
            case "breakpoints", "break", "b": return listBreakpoints()
            case "registers", "r": return slots()
            case "locals": return try locals()
            case "globals": return globals()
            default: throw DebugError("info breakpoints, registers, locals or globals")
            }
        case "step", "stepi", "s", "si": return moved { session.step() }
        case "next", "nexti", "n", "ni": return moved { session.next() }
        case "finish": return moved { session.finish() }
        case "continue", "c": return moved { session.continue() }
        case "reverse-step", "rs": return moved { session.reverseStep() }
        case "reverse-continue", "rc": return moved { session.reverseContinue() }
        case "goto":
            guard let step = arguments.first.flatMap({ UInt64($0) }) else { throw DebugError("goto STEP") }
            return moved { session.goto(step: step) }
        case "where": return whereLines()
        case "backtrace", "bt": return try backtrace()
        case "frame", "f":
            guard let number = arguments.first.flatMap({ Int($0) }) else { throw DebugError("frame N") }
            let state = try stopped()
            guard number >= 0, number < state.frames.count else { throw DebugError("no frame \(number)") }
            selectedFrame = number
            return try backtrace().filter { $0.hasPrefix("#\(number) ") }
        case "print", "p": return try print(arguments)
        case "quit", "q":
            quitting = true
            return []
        default:
            if command.hasPrefix("x") { return try examine(command, arguments) }
            throw DebugError("unknown command \(command) (try break, delete, info, step, next, finish, continue, reverse-step, reverse-continue, goto, backtrace, frame, print, x, quit)")
        }
    }

    private func moved(_ move: () -> Void) -> [String] {
        move()
        selectedFrame = 0
        if case .stopped(let state) = session.position, let hit = session.breakpoints.first(where: { $0.step == state.step || $0.pcs.contains(state.pc) }) {
            return ["breakpoint \(hit.number) (\(hit.spec))"] + whereLines()
        }
        return whereLines()
    }

    private func stopped() throws(DebugError) -> DebugState {
        guard let state = session.state else { throw DebugError("the run has finished (reverse-step or goto to go back)") }
        return state
    }

    // MARK: Breakpoints

    private func setBreakpoint(_ arguments: [String]) throws(DebugError) -> [String] {
        guard arguments.count == 1 else { throw DebugError("break FUNCTION | FILE:LINE | @STEP | *PC") }
        let breakpoint = try session.setBreakpoint(arguments[0])
        return ["breakpoint \(breakpoint.number) at " + describe(breakpoint)]
    }

    private func describe(_ breakpoint: Breakpoint) -> String {
        if let step = breakpoint.step { return "step \(step)" }
        let places = breakpoint.pcs.map { pc in
            var text = "pc \(pc) in \(session.target.info.places.function(at: pc).names[0])"
            if let source = session.target.info.sourceLine(at: pc) { text += " at \(source)" }
            return text
        }
        return places.joined(separator: ", ")
    }

    private func delete(_ arguments: [String]) -> [String] {
        guard let first = arguments.first else {
            session.deleteBreakpoint(nil)
            return ["deleted all breakpoints"]
        }
        guard let number = Int(first), session.deleteBreakpoint(number) else { return ["error: no breakpoint \(first)"] }
        return ["deleted breakpoint \(number)"]
    }

    private func listBreakpoints() -> [String] {
        guard !session.breakpoints.isEmpty else { return ["no breakpoints"] }
        return session.breakpoints.map { "\($0.number): \($0.spec) -> " + describe($0) }
    }

    // MARK: Inspecting

    private func backtrace() throws(DebugError) -> [String] {
        let state = try stopped()
        let info = session.target.info
        return state.frames.reversed().enumerated().map { number, frame in
            var line = "#\(number) \(info.places.function(at: frame.pc).names[0])"
            if let source = info.sourceLine(at: frame.pc) { line += " at \(source)" }
            return line + ", pc \(frame.pc)"
        }
    }

    private func print(_ arguments: [String]) throws(DebugError) -> [String] {
        switch arguments.first {
        case "locals": return try locals()
        case "globals": return globals()
        case "slots", "registers", "stack": return slots()
        case "local", "global", "slot":
            guard arguments.count == 2, let index = Int(arguments[1]) else { throw DebugError("print \(arguments[0]) INDEX") }
            let found: [String]
            switch arguments[0] {
            case "local": found = try locals().filter { $0.hasPrefix("local \(index) ") }
            case "global": found = globals().filter { $0.hasPrefix("global \(index) ") }
            default: found = slots().filter { $0.hasPrefix("s\(index) ") }
            }
            guard !found.isEmpty else { throw DebugError("no \(arguments[0]) \(index)") }
            return found
        default: throw DebugError("print locals | local N | globals | global N | slots | slot N")
        }
    }

    /// The Wasm locals of the selected frame: its slots 0..<localCount, with their types.
    private func locals() throws(DebugError) -> [String] {
        let state = try stopped()
        let frame = state.frames[state.frames.count - 1 - selectedFrame]
        let (count, types) = session.localLayout(at: frame.pc)
        return (0..<count).map { index in
            let bits = state.slots[frame.base + index]
            return "local \(index) " + Self.valueText(bits, index < types.count ? types[index] : nil)
        }
    }

    private func globals() -> [String] {
        guard let state = session.state else { return ["error: the run has finished"] }
        let types = session.globalTypes
        return state.globals.enumerated().map { index, bits in
            "global \(index) " + Self.valueText(bits, index < types.count ? types[index] : nil)
        }
    }

    /// The current frame's value slots (Cairn's registers): locals, then the operand stack.
    private func slots() -> [String] {
        guard let state = session.state else { return ["error: the run has finished"] }
        let base = state.current.base
        return (base..<state.slots.count).map { "s\($0 - base) = 0x" + String(state.slots[$0], radix: 16) }
    }

    /// `x/NFU ADDR`: N units (b, h, w, g: 1, 2, 4, 8 bytes) in hex (x) or decimal (d).
    private func examine(_ command: String, _ arguments: [String]) throws(DebugError) -> [String] {
        let state = try stopped()
        var format = command.dropFirst()
        if format.hasPrefix("/") { format = format.dropFirst() }
        let digits = format.prefix { $0.isNumber }
        guard let count = digits.isEmpty ? 1 : Int(digits) else { throw DebugError("x/NFU ADDR: N is too large") }
        var letters = format.dropFirst(digits.count)
        var radix = 16
        var unit = 1
        while let letter = letters.first {
            letters = letters.dropFirst()
            switch letter {
            case "x": radix = 16
            case "d", "u": radix = 10
            case "b": unit = 1
            case "h": unit = 2
            case "w": unit = 4
            case "g": unit = 8
            default: throw DebugError("x/NFU ADDR: F is x or d, U is b, h, w or g")
            }
        }
        guard arguments.count == 1, let address = Self.number(arguments[0]) else { throw DebugError("x/NFU ADDR") }
        guard count > 0, count <= state.memory.count, address >= 0, address <= state.memory.count,
              count * unit <= state.memory.count - address
        else { throw DebugError("\(count) units at \(arguments[0]) are out of bounds (memory has \(state.memory.count) bytes)") }
        var lines: [String] = []
        let perLine = max(16 / unit, 1)
        for row in stride(from: 0, to: count, by: perLine) {
            let start = address + row * unit
            let units = (row..<min(row + perLine, count)).map { index -> String in
                var value: UInt64 = 0
                for byte in (0..<unit).reversed() { value = value << 8 | UInt64(state.memory[address + index * unit + byte]) }
                let text = String(value, radix: radix)
                return radix == 16 ? String(repeating: "0", count: unit * 2 - text.count) + text : text
            }
            lines.append("0x" + String(start, radix: 16) + ": " + units.joined(separator: " "))
        }
        return lines
    }

    // MARK: Text

    /// A value's text: typed when its type is known (integers signed), with its raw bits.
    static func valueText(_ bits: UInt64, _ type: ValueType?) -> String {
        guard let type else { return "= 0x" + String(bits, radix: 16) }
        let shown: String
        switch type {
        case .i32: shown = String(Int32(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case .i64: shown = String(Int64(bitPattern: bits))
        case .f32: shown = String(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case .f64: shown = String(Double(bitPattern: bits))
        default: shown = Value(slotBits: bits, type: type).description
        }
        let raw = type == .i32 || type == .f32 ? bits & 0xFFFF_FFFF : bits
        return "(\(type)) = \(shown) (0x" + String(raw, radix: 16) + ")"
    }

    /// A decimal or `0x` hexadecimal number.
    static func number(_ text: String) -> Int? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        return Int(text)
    }

    /// Each instruction's `cairn disasm` text (`MNEMONIC OPERANDS ; NOTES`), by offset.
    static func instructionTexts(_ program: Program) -> [String] {
        var texts = Array(repeating: "", count: program.code.count)
        for line in Disassembler.lines(of: program) {
            guard let (offset, text) = SourceDisassembly.instruction(line), offset < texts.count else { continue }
            texts[offset] = text
        }
        return texts
    }
}

extension DebugSession {
    /// The number of Wasm locals of the function holding `pc` and their types (when known).
    func localLayout(at pc: Int) -> (count: Int, types: [ValueType]) {
        let function = target.info.places.function(at: pc)
        let compiled = target.compiled(function.index)
        var types: [ValueType] = []
        if let index = function.index, index >= target.program.importedFunctionCount, let all = target.localTypes {
            let defined = index - target.program.importedFunctionCount
            if defined < all.count { types = all[defined] }
        }
        return (Int(compiled.localCount), types)
    }

    /// The types of the globals, imported ones first.
    var globalTypes: [ValueType] {
        let imported = target.program.imports.compactMap { item -> ValueType? in
            if case .global(let type) = item.descriptor { return type.valueType }
            return nil
        }
        return imported + target.program.globals.map(\.type.valueType)
    }
}
