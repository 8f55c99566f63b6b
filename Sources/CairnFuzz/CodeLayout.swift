import CairnProgram
import CairnVerifier
import CairnWasm

/// Where a generated branch may go, resolved once every function's place in the code is known.
enum BranchTarget {
    case forward, backward, anywhere
    /// Any instruction of the program, other functions and the entrypoint included.
    case foreign
}

/// One generated instruction, whose branch targets may still be open.
enum CodeItem {
    case plain(Instruction)
    /// An instruction whose last operand is a branch target (`br`, `br_if*`).
    case branch(opcode: UInt8, operands: [UInt32], target: BranchTarget)
    case table(index: Slot, targets: [BranchTarget])
}

/// Lays generated bodies out in one code array, resolves their branches, and assembles the
/// program around them.
struct CodeLayout {
    var bodies: [[CodeItem]] = []
    let module: ModuleShape

    init(module: ModuleShape) { self.module = module }

    mutating func add(_ body: [CodeItem]) { bodies.append(body) }

    func finish(_ random: inout FuzzRandom, module: inout ModuleShape, options: GeneratorOptions) -> Program {
        let entrypoint = entrypointCode()
        var entries: [UInt32] = []
        var offset: UInt32 = 0
        for body in bodies {
            entries.append(offset)
            offset += UInt32(body.count)
        }
        let total = Int(offset) + entrypoint.count
        var code: [Instruction] = []
        var brTable: [UInt32] = []
        for (index, body) in bodies.enumerated() {
            let range = Int(entries[index])..<(Int(entries[index]) + body.count)
            for item in body {
                code.append(resolve(item, at: code.count, in: range, total: total, brTable: &brTable, random: &random))
            }
        }
        var program = Self.emptyProgram
        program.code = code + entrypoint
        program.brTableTargets = brTable
        program.types = module.types
        program.imports = module.hosts.map { host in
            WasmImport(module: "task", name: host.name, descriptor: .function(typeIndex: UInt32(module.types.firstIndex(of: host.type)!)))
        }
        program.functionTypeIndices = program.imports.map { if case .function(let t) = $0.descriptor { t } else { 0 } } + module.definedTypes
        program.functions = module.definedTypes.indices.map { i in
            let type = module.types[Int(module.definedTypes[i])]
            return CompiledFunction(
                entry: entries[i], typeIndex: module.definedTypes[i], parameterCount: UInt32(type.parameters.count),
                resultCount: UInt32(type.results.count), localCount: UInt32(type.parameters.count) + module.extraLocals[i],
                frameSize: module.frameSizes[i])
        }
        program.entrypoint = CompiledFunction(entry: offset, typeIndex: .max, parameterCount: 0, resultCount: 0, localCount: 0, frameSize: 4)
        program.tables = module.tables
        program.memories = module.memory.map { [$0] } ?? []
        program.globals = module.globals
        program.exports = [WasmExport(name: "run", descriptor: .function(UInt32(module.hosts.count)))]
        program.elements = module.elements
        program.data = module.data
        return program
    }

    func resolve(
        _ item: CodeItem, at pc: Int, in range: Range<Int>, total: Int, brTable: inout [UInt32], random: inout FuzzRandom
    ) -> Instruction {
        func target(_ choice: BranchTarget) -> UInt32 {
            switch choice {
            case .forward: UInt32(pc + 1 < range.upperBound ? random.int(in: (pc + 1)...(range.upperBound - 1)) : pc)
            case .backward: UInt32(random.int(in: range.lowerBound...pc))
            case .anywhere: UInt32(random.int(in: range.lowerBound...(range.upperBound - 1)))
            case .foreign: UInt32(random.below(total))
            }
        }
        switch item {
        case .plain(let instruction):
            return instruction
        case .branch(let opcode, let operands, let choice):
            return makeInstruction(opcode, operands + [target(choice)]) ?? .unreachable
        case .table(let index, let choices):
            let start = UInt32(brTable.count)
            brTable.append(contentsOf: choices.map(target))
            return .brTable(index: index, targets: start, count: UInt32(choices.count))
        }
    }

    /// What instantiation does, as code (as the lowering's entrypoint does it): size the memory
    /// and tables, set globals, apply active segments, return.
    func entrypointCode() -> [Instruction] {
        var code: [Instruction] = []
        if let memory = module.memory, memory.min > 0 {
            code += [.const32(dst: 0, value: UInt32(memory.min)), .memoryGrow(dst: 0, delta: 0)]
        }
        for (i, table) in module.tables.enumerated() where table.limits.min > 0 {
            code += [.const64(dst: 0, low: 0, high: 0), .const32(dst: 1, value: UInt32(table.limits.min)), .tableGrow(table: UInt32(i), operands: 0)]
        }
        for (i, global) in module.globals.enumerated() {
            switch global.initializer {
            case .i32(let v), .f32(let v): code.append(.const32(dst: 0, value: v))
            case .i64(let v), .f64(let v): code.append(.const64(dst: 0, low: UInt32(truncatingIfNeeded: v), high: UInt32(truncatingIfNeeded: v >> 32)))
            default: code.append(.const32(dst: 0, value: 0))
            }
            code.append(.globalSet(src: 0, global: UInt32(i)))
        }
        for (i, segment) in module.elements.enumerated() {
            switch segment.mode {
            case .active(let table, .i32(let offset)):
                code += [.const32(dst: 0, value: offset), .const32(dst: 1, value: 0), .const32(dst: 2, value: UInt32(segment.items.count)),
                         .tableInit(table: table, segment: UInt32(i), operands: 0), .elemDrop(segment: UInt32(i))]
            case .declarative: code.append(.elemDrop(segment: UInt32(i)))
            default: break
            }
        }
        for (i, segment) in module.data.enumerated() {
            if case .active(_, .i32(let offset)) = segment.mode {
                code += [.const32(dst: 0, value: offset), .const32(dst: 1, value: 0), .const32(dst: 2, value: UInt32(segment.bytes.count)),
                         .memoryInit(segment: UInt32(i), operands: 0), .dataDrop(segment: UInt32(i))]
            }
        }
        return code + [.return]
    }

    /// The smallest program there is (an entrypoint that returns), decoded: `Program` has no
    /// public initializer, so generated programs start from this one and set every part.
    static let emptyProgram: Program = {
        let bytes: [UInt8] = Program.magic + [3, 0, 0, 0] + [UInt8](repeating: 0, count: 11) + [1, 1, 0x0B, 0]
        return try! Program(decoding: bytes)
    }()
}

/// The instruction with `opcode` and `operands`, built through its canonical encoding so that
/// every opcode of the format can be generated from one table of operand kinds; nil if the
/// operands do not fit the opcode.
func makeInstruction(_ opcode: UInt8, _ operands: [UInt32]) -> Instruction? {
    var bytes: [UInt8] = [opcode]
    for operand in operands {
        var value = operand
        repeat {
            let byte = UInt8(value & 0x7F)
            value >>= 7
            bytes.append(value == 0 ? byte : byte | 0x80)
        } while value != 0
    }
    return try? Instruction(canonicalEncoding: bytes)
}
