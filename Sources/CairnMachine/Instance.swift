import CairnProgram
import CairnWasm

/// An instantiated program: its functions, tables, memory and globals in a store.
public final class Instance {
    /// The program it was instantiated from.
    public let program: Program
    /// Exports in module order. Names are distinct as byte strings (two names may still be
    /// equal as Swift `String`s, which compare by canonical equivalence).
    public internal(set) var exports: [(name: String, value: ExternalValue)] = []
    /// Export positions by the UTF-8 bytes of their names.
    var exportIndex: [[UInt8]: Int] = [:]
    /// Store address of every function in the function index space.
    var functionAddresses: [Int] = []
    @exclusivity(unchecked) var tables: [TableInstance] = []
    /// Its memory (defined or imported), if it has one.
    public internal(set) var memory: MemoryInstance?
    private(set) var globals: [GlobalInstance] = []
    /// Each global's value cell, in the global index space, for the interpreter.
    let globalCells: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    /// Store-wide type identifier of each of the module's types, for `call_indirect` checks.
    @exclusivity(unchecked) var typeIDs: [Int] = []
    /// Parameter count of each of the module's types.
    @exclusivity(unchecked) var typeParameterCounts: [Int] = []
    /// Passive data segments' bytes; a dropped segment is empty.
    var dataSegments: [[UInt8]] = []
    /// Element segments' references as slot bits; a dropped segment is empty.
    var elementSegments: [[UInt64]] = []
    /// Index of this instance in its store.
    let index: Int

    // Stable copies of the program's arrays for the interpreter's pointers.
    let code: UnsafeMutableBufferPointer<Instruction>
    let brTableTargets: UnsafeMutableBufferPointer<UInt32>
    let functions: UnsafeMutableBufferPointer<CompiledFunction>
    /// Gas of the straight-line run starting at each instruction (all zero when unmetered).
    let runCosts: UnsafeMutableBufferPointer<UInt64>
    /// Instructions in the straight-line run starting at each instruction (proof steps).
    let runSteps: UnsafeMutableBufferPointer<UInt64>
    let importedFunctionCount: Int
    /// The code translated for the threaded interpreter (ThreadedCode.swift), once it has run.
    var threaded: UnsafeMutablePointer<ThreadedOp>?
    /// Whether `threaded` has the metered handlers.
    var threadedMetered = false
    /// `brTableTargets` as threaded code jumps to them (ThreadedCode.swift).
    var threadedBrTable: UnsafeMutablePointer<UnsafePointer<ThreadedOp>>?
    /// ``functions`` as threaded `call_indirect` enters them (ThreadedCode.swift).
    var threadedCallees: UnsafeMutablePointer<ThreadedCallee>?
    /// For each of ``functions``, the threaded instruction its calls enter: its entry, or,
    /// when it declares more locals than a call zeroes itself (`Threaded.callLocals`), its
    /// prologue after the code (ThreadedCode.swift).
    var threadedCallTargets: [Int] = []
    /// The largest frame size of ``functions``, worked out with the threaded code: the bound
    /// a threaded `call` checks its frame against (``ThreadedInstanceRegisters/callLimit``).
    var largestFrameSize = 0
    /// Whether every run cost fits a threaded instruction's 32-bit cost, and every distance
    /// between threaded instructions its 32-bit operands (ThreadedCode.swift).
    var fitsThreadedCode = true
    /// Whether `threaded` has fused pairs.
    var threadedFused = false
    /// For each instruction of `threaded`, 1 + the slot whose value the accumulator holds
    /// whenever threaded code reaches the instruction, or 0 (ThreadedCode.swift).
    var accumulatorSlots: UnsafeMutablePointer<UInt32>?
    /// Whether anything but falling through can reach each instruction of `threaded`; no
    /// fused pair of handlers (ThreadedCode.swift) ends at such an instruction.
    var enteredInstructions: [Bool] = []
    /// For each instruction of `threaded`, whether it runs fused with the store after it in a
    /// handler that leaves the accumulator as it found it (ThreadedCode.swift).
    var keepsAccumulator: [Bool] = []
    /// Executions per instruction while the store profiles (ExecutionProfile.swift).
    var executionCounts: UnsafeMutablePointer<UInt64>?

    /// The shared run tables ``runCosts`` and ``runSteps`` point into, when the instance was
    /// made with them (then it does not free them).
    private let prepared: PreparedCode?

    init(program: Program, index: Int, schedule: GasSchedule?, prepared: PreparedCode? = nil) {
        self.program = program
        self.index = index
        self.code = .allocate(capacity: max(program.code.count, 1))
        _ = code.initialize(from: program.code)
        if program.code.isEmpty { code.initializeElement(at: 0, to: .unreachable) }
        self.brTableTargets = .allocate(capacity: max(program.brTableTargets.count, 1))
        _ = brTableTargets.initialize(from: program.brTableTargets)
        self.functions = .allocate(capacity: max(program.functions.count, 1))
        _ = functions.initialize(from: program.functions)
        self.importedFunctionCount = program.importedFunctionCount
        let globalCount = program.imports.count { if case .global = $0.descriptor { true } else { false } } + program.globals.count
        self.globalCells = .allocate(capacity: max(globalCount, 1))
        if let prepared, prepared.fits(program, schedule: schedule) {
            (self.prepared, runCosts, runSteps) = (prepared, prepared.runCosts, prepared.runSteps)
            return
        }
        self.prepared = nil
        let codeBuffer = UnsafeBufferPointer(start: code.baseAddress, count: program.code.count)
        self.runCosts = .allocate(capacity: program.code.count + 1)
        if let schedule {
            schedule.writeRunCosts(of: codeBuffer, into: runCosts)
        } else {
            runCosts.initialize(repeating: 0)
        }
        self.runSteps = .allocate(capacity: program.code.count + 1)
        GasSchedule.writeRunLengths(of: codeBuffer, into: runSteps)
    }

    deinit {
        code.deallocate()
        brTableTargets.deallocate()
        functions.deallocate()
        if prepared == nil {
            runCosts.deallocate()
            runSteps.deallocate()
        }
        globalCells.deallocate()
        threaded?.deallocate()
        accumulatorSlots?.deallocate()
        executionCounts?.deallocate()
        threadedBrTable?.deallocate()
        threadedCallees?.deallocate()
    }

    /// The export `name`, if any.
    public func export(_ name: String) -> ExternalValue? {
        exportIndex[Array(name.utf8)].map { exports[$0].value }
    }

    /// Adds the next global of the index space (during instantiation only).
    func addGlobal(_ global: GlobalInstance) {
        globalCells[globals.count] = global.cell
        globals.append(global)
    }

    func addExport(_ name: String, _ value: ExternalValue) {
        exportIndex[Array(name.utf8)] = exports.count
        exports.append((name, value))
    }

    /// The store address of the exported function `name`, if it is one.
    public func exportedFunction(_ name: String) -> Int? {
        if case .function(let address) = export(name) { return address }
        return nil
    }

    /// The value of the exported global `name`, if it is one.
    public func exportedGlobal(_ name: String) -> Value? {
        if case .global(let global) = export(name) { return global.value }
        return nil
    }
}
