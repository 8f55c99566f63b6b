import CairnProgram
import CairnProof
import CairnVerifier
import CairnWasm

/// One generated test case: a task program, its input and the gas limit of its main run.
public struct FuzzCase: Sendable {
    /// The seed that regenerates exactly this case (``ProgramGenerator/generate(seed:options:)``).
    public var seed: UInt64
    /// The program as decoded from its own encoding (so every derived field is the decoder's).
    public var program: Program
    public var task: TaskProgram
    public var input: [UInt8]
    public var gasLimit: UInt64
}

/// What the generator may produce.
public struct GeneratorOptions: Sendable {
    /// The most defined functions (the first is `run`).
    public var maxFunctions = 4
    /// The most generated items (a few instructions each) in one function body.
    public var maxBodyItems = 24
    /// Percent of branches whose target is anywhere in the code, other functions included:
    /// the format allows it, and it leaves a frame that is not the target's.
    public var foreignBranchPercent = 2
    /// Percent of branches that go backwards (loops that run until gas runs out).
    public var backwardBranchPercent = 15
    /// The gas limits the main run picks from (the memory's initial pages are added).
    public var gasLimits: [UInt64] = [500, 3_000, 10_000, 40_000]
    /// Percent of cases with a gas limit large enough to recurse to the call-depth limit.
    public var deepGasPercent = 4

    public init() {}

    /// The generator of sweeps (``CheckOptions/sweep``): the same programs with smaller gas
    /// limits, so that a run takes hundreds of steps rather than thousands and a sweep reaches
    /// millions of programs; one case in 50 still recurses to the call-depth limit.
    public static var sweep: GeneratorOptions {
        var options = GeneratorOptions()
        options.gasLimits = [300, 1_000, 3_000, 10_000]
        options.deepGasPercent = 2
        return options
    }
}

/// Generates task programs at the level of the canonical program format: random instructions,
/// operands, tables, segments and constants, including type-confused values, out-of-range
/// references and extreme operands. Every program it returns decodes (``Program/init(decoding:)``)
/// and is a ``TaskProgram``; candidates that fail either are regenerated, not reported.
public enum ProgramGenerator {
    public static func generate(seed: UInt64, options: GeneratorOptions = GeneratorOptions()) -> FuzzCase {
        var random = FuzzRandom(seed: seed)
        while true {
            let candidate = candidateProgram(&random, options: options)
            guard let decoded = try? Program(decoding: candidate.encoded()),
                let task = try? TaskProgram(decoded)
            else { continue }
            let input = (0..<random.pick([0, 1, 5, 33, 80])).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let pages = UInt64(decoded.memories.first?.min ?? 0)
            let base = random.chance(options.deepGasPercent) ? 250_000 : random.pick(options.gasLimits)
            let gas = base + pages * (GasSchedule.v2.memoryGrowPerPage + 64)
            return FuzzCase(seed: seed, program: decoded, task: task, input: input, gasLimit: gas)
        }
    }

    /// A program that usually, not always, decodes.
    static func candidateProgram(_ random: inout FuzzRandom, options: GeneratorOptions) -> Program {
        var module = ModuleShape.random(&random, options: options)
        var layout = CodeLayout(module: module)
        for index in module.definedTypes.indices {
            var body = BodyGenerator(module: module, function: index, random: random, options: options)
            layout.add(body.generate())
            random = body.random
        }
        return layout.finish(&random, module: &module, options: options)
    }
}

/// The module-level parts of a generated program, and the facts about them that instruction
/// generation needs.
struct ModuleShape {
    var types: [FunctionType]
    /// The host functions imported, in import (= function index) order.
    var hosts: [TaskHostFunction]
    /// Type index of each defined function; the first is `run`, of type 0 `() -> ()`.
    var definedTypes: [UInt32]
    /// Declared locals (beyond parameters) and operand slots of each defined function.
    var extraLocals: [UInt32]
    var frameSizes: [UInt32]
    var tables: [TableType]
    var memory: Limits?
    var globals: [WasmGlobal]
    var elements: [WasmElementSegment]
    var data: [WasmDataSegment]

    var functionCount: Int { hosts.count + definedTypes.count }
    func type(ofFunction index: Int) -> FunctionType {
        index < hosts.count ? hosts[index].type : types[Int(definedTypes[index - hosts.count])]
    }

    static let valueTypes: [ValueType] = [.i32, .i32, .i32, .i64, .i64, .f32, .f64, .funcref]

    static func random(_ random: inout FuzzRandom, options: GeneratorOptions) -> ModuleShape {
        var types = TaskHostFunction.allCases.map(\.type)
        types.insert(FunctionType(parameters: [], results: []), at: 0)
        for _ in 0..<random.int(in: 0...3) {
            types.append(FunctionType(
                parameters: (0..<random.int(in: 0...3)).map { _ in random.pick(valueTypes) },
                results: (0..<random.int(in: 0...2)).map { _ in random.pick(valueTypes) }))
        }
        // A structural duplicate of `() -> ()`: call_indirect compares canonical type ids.
        if random.chance(30) { types.append(FunctionType(parameters: [], results: [])) }
        let hosts = TaskHostFunction.allCases.filter { _ in random.chance(60) }.shuffledDeterministically(&random)
        let definedCount = random.int(in: 1...options.maxFunctions)
        let definedTypes = [0] + (1..<definedCount).map { _ in UInt32(random.below(types.count)) }
        var extraLocals: [UInt32] = []
        var frameSizes: [UInt32] = []
        for typeIndex in definedTypes {
            let type = types[Int(typeIndex)]
            // Many locals make calls take several steps (8 locals are zeroed per step).
            let locals = UInt32(random.pick([0, 1, 3, 8, 9, 17, 40]))
            let localCount = UInt32(type.parameters.count) + locals
            // Sometimes a frame so large that recursion exhausts the value stack (2^20 slots)
            // before the call depth (10,000).
            let operands = UInt32(random.chance(5) ? 120 : random.int(in: 4...12))
            frameSizes.append(max(localCount + operands, UInt32(type.results.count)) + 1)
            extraLocals.append(locals)
        }
        var tables: [TableType] = []
        for _ in 0..<random.pick([0, 1, 1, 2, 3]) {
            let minimum = UInt64(random.pick([0, 1, 2, 4, 8]))
            let maximum: UInt64? = random.chance(50) ? nil : minimum + UInt64(random.pick([0, 1, 16, 1000]))
            tables.append(TableType(element: random.chance(85) ? .funcref : .externref, limits: Limits(min: minimum, max: maximum)))
        }
        var memory: Limits?
        if random.chance(85) {
            let minimum = UInt64(random.pick([0, 0, 1, 1, 2]))
            memory = Limits(min: minimum, max: random.pick([nil, minimum, minimum + 1, minimum + 3, 65536]))
        }
        var shape = ModuleShape(
            types: types, hosts: hosts, definedTypes: definedTypes, extraLocals: extraLocals, frameSizes: frameSizes,
            tables: tables, memory: memory, globals: [], elements: [], data: [])
        shape.globals = (0..<random.int(in: 0...3)).map { _ in randomGlobal(&random) }
        shape.elements = (0..<random.pick([0, 1, 2, 3])).map { _ in shape.randomElementSegment(&random) }
        if memory != nil { shape.data = (0..<random.pick([0, 1, 2])).map { _ in randomDataSegment(&random) } }
        return shape
    }

    static func randomGlobal(_ random: inout FuzzRandom) -> WasmGlobal {
        let bits = ExtremeValues.word(&random)
        let (type, initializer): (ValueType, ConstExpression) = switch random.below(4) {
        case 0: (.i32, .i32(UInt32(truncatingIfNeeded: bits)))
        case 1: (.i64, .i64(bits))
        case 2: (.f32, .f32(UInt32(truncatingIfNeeded: bits)))
        default: (.f64, .f64(bits))
        }
        return WasmGlobal(type: GlobalType(valueType: type, isMutable: random.chance(70)), initializer: initializer)
    }

    func randomElementSegment(_ random: inout FuzzRandom) -> WasmElementSegment {
        let items: [ConstExpression] = (0..<random.pick([0, 1, 3, 6])).map { _ in
            random.chance(80) ? .refFunc(UInt32(random.below(functionCount))) : .refNull(.funcref)
        }
        let funcrefTables = tables.indices.filter { tables[$0].element == .funcref }
        var mode = random.chance(50) ? WasmElementSegment.Mode.passive : .declarative
        if !funcrefTables.isEmpty, random.chance(50) {
            // An offset past the table's end makes instantiation trap: a fine case too.
            mode = .active(table: UInt32(random.pick(funcrefTables)), offset: .i32(UInt32(random.pick([0, 0, 1, 2, 7]))))
        }
        return WasmElementSegment(type: .funcref, items: items, mode: mode)
    }

    static func randomDataSegment(_ random: inout FuzzRandom) -> WasmDataSegment {
        let bytes = (0..<random.pick([0, 1, 7, 32, 33, 100])).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        if random.chance(50) { return WasmDataSegment(mode: .passive, bytes: bytes) }
        let offset = UInt32(random.pick([0, 1, 31, 32, 1000, 65_500, 65_536, 131_040]))
        return WasmDataSegment(mode: .active(memory: 0, offset: .i32(offset)), bytes: bytes)
    }
}

extension Array {
    /// A permutation chosen by `random` (Fisher–Yates), deterministic for a seed.
    func shuffledDeterministically(_ random: inout FuzzRandom) -> [Element] {
        var items = self
        for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, random.below(i + 1)) }
        return items
    }
}
