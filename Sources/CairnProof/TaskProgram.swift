import CairnHash
import CairnProgram
import CairnVerifier
import CairnWasm

/// Why a program cannot be a task.
public struct TaskError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A program made into a task: its code with the task's entry call appended, and the leaves of
/// its code and program trees (docs/proofs.md, "Program commitment").
///
/// A task program imports only the functions of ``TaskHostFunction`` from module `task`, has
/// no other imports, at most one memory, 256 tables and 4,096 segments of each kind, and
/// exports `run` (or `_start`) of type `() -> ()`. Its run is the entrypoint (instantiation)
/// followed by a call of `run`; returning from the entrypoint halts the machine.
public struct TaskProgram: Sendable {
    /// The program with the entry call: the fast machine runs exactly this code.
    public let program: Program
    /// The gas schedule whose prices the code and program trees carry.
    public let schedule: GasSchedule
    /// Leaves of the code tree, one per instruction.
    public let codeLeaves: [Leaf]
    /// Non-zero leaves of the program tree by index.
    public let programLeaves: [(UInt64, Leaf)]
    /// Host function of each imported function, in import order.
    public let hostFunctions: [TaskHostFunction]
    /// Index of the entry function (`run`) in the function index space.
    public let entryFunction: UInt32
    /// The code and program trees, hashed once here and shared by every state of the task.
    let codeTree: TreeStore
    let programTree: TreeStore

    public init(_ lowered: Program, schedule: GasSchedule = .v2) throws(TaskError) {
        try self.init(lowered, calls: nil, schedule: schedule)
    }

    /// A task whose run, instead of calling `run`, calls exported functions in order with
    /// constant arguments (their results are dropped): how modules written as libraries (the
    /// examples, the spec suite's modules) are made into tasks. `arguments` are slot bits.
    public init(_ lowered: Program, calls: [(function: UInt32, arguments: [UInt64])], schedule: GasSchedule = .v2) throws(TaskError) {
        try self.init(lowered, calls: Optional(calls), schedule: schedule)
    }

    init(_ lowered: Program, calls: [(function: UInt32, arguments: [UInt64])]?, schedule: GasSchedule) throws(TaskError) {
        var program = lowered
        try Self.checkOperands(program)
        var hosts: [TaskHostFunction] = []
        for item in program.imports {
            guard item.module == "task", let host = TaskHostFunction.allCases.first(where: { $0.name == item.name }) else {
                throw TaskError("a task may import only task.input_size, task.input_read and task.output_write, not \(item.module).\(item.name)")
            }
            guard case .function(let typeIndex) = item.descriptor, program.types[Int(typeIndex)] == host.type else {
                throw TaskError("task.\(item.name) must be a function of type \(host.type)")
            }
            hosts.append(host)
        }
        guard program.memories.count <= 1 else { throw TaskError("a task has at most one memory") }
        guard program.tables.count <= 256 else { throw TaskError("a task has at most 256 tables") }
        guard program.data.count <= 4096, program.elements.count <= 4096 else {
            throw TaskError("a task has at most 4096 data and 4096 element segments")
        }
        guard program.code.count < 1 << 24 else { throw TaskError("a task has fewer than 2^24 instructions") }
        var driver: [(function: UInt32, arguments: [UInt64])]
        if let calls {
            driver = calls
            for call in calls {
                guard Int(call.function) < program.functionTypeIndices.count,
                    program.functionType(call.function).parameters.count == call.arguments.count
                else { throw TaskError("call of function \(call.function) with \(call.arguments.count) arguments does not match its type") }
            }
        } else {
            let entry = program.exports.first(where: { $0.name == "run" }) ?? program.exports.first(where: { $0.name == "_start" })
            guard case .function(let function)? = entry?.descriptor else { throw TaskError("a task exports a function named run (or _start)") }
            guard program.functionType(function) == FunctionType(parameters: [], results: []) else {
                throw TaskError("the task's run function must take and return nothing")
            }
            driver = [(function, [])]
        }
        // The entrypoint's code is last and ends with its return: make the calls before it,
        // each with its arguments in the entrypoint's first slots.
        guard program.code.last == .return else { throw TaskError("the program's entrypoint does not end with return") }
        program.code.removeLast()
        for call in driver {
            for (i, argument) in call.arguments.enumerated() {
                program.code.append(.const64(dst: Slot(i), low: UInt32(truncatingIfNeeded: argument), high: UInt32(truncatingIfNeeded: argument >> 32)))
            }
            program.code.append(.call(function: call.function, frame: 0))
            let type = program.functionType(call.function)
            program.entrypoint.frameSize = max(program.entrypoint.frameSize, UInt32(max(type.parameters.count, type.results.count)))
        }
        program.code.append(.return)
        let function = driver.first?.function ?? 0

        self.program = program
        self.schedule = schedule
        self.hostFunctions = hosts
        self.entryFunction = function
        self.codeLeaves = program.code.map { CodeLeaf.make($0, cost: schedule.cost(of: $0)) }
        self.programLeaves = try Self.programLeaves(program, schedule: schedule, hosts: hosts)
        var code = TreeStore(.code)
        for (i, leaf) in codeLeaves.enumerated() { code.set(UInt64(i), leaf) }
        _ = code.root()
        var data = TreeStore(.program)
        for (index, leaf) in programLeaves { data.set(index, leaf) }
        _ = data.root()
        self.codeTree = code
        self.programTree = data
    }

    static func programLeaves(_ program: Program, schedule: GasSchedule, hosts: [TaskHostFunction]) throws(TaskError) -> [(UInt64, Leaf)] {
        var leaves: [(UInt64, Leaf)] = []
        func put(_ region: ProgramRegion, _ index: UInt64, _ leaf: Leaf) {
            if leaf != .zero { leaves.append((region.leaf(index), leaf)) }
        }
        let memoryMaximum = program.memories.first.map { min($0.max ?? TaskLimits.maxMemoryPages, TaskLimits.maxMemoryPages) } ?? 0
        put(.config, 0, Leaf(memoryMaximum, UInt64(program.functionTypeIndices.count), 0, 0))
        put(.config, 6, Leaf(schedule.memoryGrowPerPage, schedule.bulkBytesPerGas, schedule.tableElement, schedule.hostCall))
        // Canonical type ids: the first structurally equal type, so call_indirect compares ids.
        let canonical = program.types.indices.map { i in UInt64(program.types.firstIndex(of: program.types[i])!) }
        for (i, type) in program.types.enumerated() {
            put(.types, UInt64(i), Leaf(UInt64(type.parameters.count), UInt64(type.results.count), canonical[i], 1))
        }
        for (i, typeIndex) in program.functionTypeIndices.enumerated() {
            let canon = canonical[Int(typeIndex)] << 32
            if i < hosts.count {
                put(.functions, UInt64(i), Leaf(0, 0, 0, 2 | hosts[i].rawValue << 8 | canon))
            } else {
                let f = program.functions[i - hosts.count]
                put(.functions, UInt64(i), Leaf(
                    UInt64(f.entry) | UInt64(f.typeIndex) << 32, UInt64(f.parameterCount) | UInt64(f.resultCount) << 32,
                    UInt64(f.localCount) | UInt64(f.frameSize) << 32, 1 | canon))
            }
        }
        let targets = program.brTableTargets
        for k in stride(from: 0, to: targets.count, by: 8) {
            var leaf = Leaf.zero
            for j in 0..<8 where k + j < targets.count {
                leaf[word: j >> 1] |= UInt64(targets[k + j]) << UInt64(32 * (j & 1))
            }
            put(.brTable, UInt64(k / 8), leaf)
        }
        for (s, segment) in program.data.enumerated() {
            guard segment.bytes.count < 1 << 32 else { throw TaskError("data segment too long") }
            put(.dataInfo, UInt64(s), Leaf(UInt64(segment.bytes.count), 0, 0, 0))
            for c in stride(from: 0, to: segment.bytes.count, by: 32) {
                put(.dataBytes, UInt64(s) << 28 | UInt64(c / 32), Leaf(bytes: segment.bytes[c..<min(c + 32, segment.bytes.count)]))
            }
        }
        for (s, segment) in program.elements.enumerated() {
            put(.elementInfo, UInt64(s), Leaf(UInt64(segment.items.count), 0, 0, 0))
            var leaf = Leaf.zero
            for (i, item) in segment.items.enumerated() {
                switch item {
                case .refFunc(let f): leaf[word: i & 3] = UInt64(f) + 1
                case .refNull: leaf[word: i & 3] = 0
                default: throw TaskError("element segment items must be ref.func or ref.null")
                }
                if i & 3 == 3 || i == segment.items.count - 1 {
                    put(.elementItems, UInt64(s) << 28 | UInt64(i >> 2), leaf)
                    leaf = .zero
                }
            }
        }
        for (t, table) in program.tables.enumerated() {
            put(.tableInfo, UInt64(t), Leaf(min(table.limits.max ?? UInt64(UInt32.max), TaskLimits.maxTableElements), 0, 0, 0))
        }
        return leaves
    }
}

extension TaskProgram {
    /// Checks what the tree layout and the step function rely on: the program passes the
    /// decoder's checks (every static operand — function, type, table, global, segment,
    /// branch target, frame slot — in range; docs/program-format.md), whatever way it was
    /// made, and every region fits its room in the program tree. The step function then needs
    /// to check only values computed at run time against committed bounds.
    static func checkOperands(_ program: Program) throws(TaskError) {
        do {
            _ = try Program(decoding: program.encoded())
        } catch {
            throw TaskError("the program does not pass the format's checks: \(error)")
        }
        guard UInt64(program.functionTypeIndices.count) < ProgramRegion.capacity,
            UInt64(program.types.count) < ProgramRegion.capacity,
            UInt64(program.brTableTargets.count) < ProgramRegion.capacity * 8
        else { throw TaskError("a task has fewer than 2^40 functions, types and br_table leaves") }
        guard UInt64(program.globals.count) <= Tree.globals.capacity else {
            throw TaskError("a task has at most \(Tree.globals.capacity) globals")
        }
        for segment in program.elements where segment.items.count >= 1 << 30 {
            throw TaskError("element segment of \(segment.items.count) items (a task's have fewer than 2^30)")
        }
    }
}

extension TaskHostFunction {
    /// The Wasm type the import must have.
    public var type: FunctionType {
        switch self {
        case .inputSize: FunctionType(parameters: [], results: [.i32])
        case .inputRead: FunctionType(parameters: [.i32, .i32, .i32], results: [.i32])
        case .outputWrite: FunctionType(parameters: [.i32, .i32], results: [])
        }
    }
}
