import CairnProgram
import CairnWasm

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A function in the store: a Wasm function of some instance, or a host function.
struct FunctionEntry {
    enum Kind {
        /// Defined function `function` of instance `instance`.
        case wasm(instance: Int, function: Int)
        case host(HostFunctionBody)
    }
    var type: FunctionType
    /// Store-wide identifier of `type`, for `call_indirect` checks.
    var typeID: Int
    /// Gas a host function declares it costs (zero for Wasm functions).
    var hostCost: UInt64
    var kind: Kind
}

/// A call frame of the machine: where to resume the caller.
///
/// The record keeps the caller's next instruction and frame base as byte distances, the
/// instruction's into threaded code (24 bytes an instruction, ``ThreadedOp``) and the base's
/// into the value stack, because the threaded interpreter's call and return, the hot path,
/// then store and load them with one subtraction or addition each; the `switch` loop, which
/// counts in instructions and slots, converts.
struct Frame {
    /// The caller's next instruction times the size of a threaded instruction.
    var returnOffset: Int
    /// The caller's frame base, as a slot index in the value stack, times the size of a slot.
    var callerOffset: Int
    /// The caller's instance index in the store.
    var callerInstance: Int

    init(returnOffset: Int, callerOffset: Int, callerInstance: Int) {
        self.returnOffset = returnOffset
        self.callerOffset = callerOffset
        self.callerInstance = callerInstance
    }

    init(returnPC: Int, callerBase: Int, callerInstance: Int) {
        self.init(returnOffset: returnPC &* MemoryLayout<ThreadedOp>.stride, callerOffset: callerBase &<< 3, callerInstance: callerInstance)
    }

    /// The caller's next instruction.
    var returnPC: Int {
        // The offset is a multiple of 24, so it is divided exactly: by 8 with a shift, then
        // by 3 as a multiplication by 3's inverse modulo 2⁶⁴ (one `imul`, where a division by
        // 24 takes a widening multiply and a shift).
        Int(bitPattern: (UInt(bitPattern: returnOffset) &>> 3) &* 0xAAAA_AAAA_AAAA_AAAB)
    }

    /// The caller's frame base, as a slot index in the value stack.
    var callerBase: Int { callerOffset &>> 3 }
}

/// Everything a machine owns: functions, instances, and the execution stacks.
///
/// A store is single-threaded: use one per thread. All its limits are deterministic.
public final class Store {
    /// The limits every run in this store is held to.
    public let limits: MachineLimits
    /// The gas schedule, or nil for an unmetered store (which runs code without metering).
    public let schedule: GasSchedule?
    /// The most gas the store's runs may use in total; running out is an `outOfGas` trap.
    public var gasLimit: UInt64 = .max
    /// Gas used so far by every run in this store (equal to `gasLimit` after running out).
    public internal(set) var gasUsed: UInt64 = 0
    /// Whether metered and unmetered runs execute threaded code (docs/register-machine.md,
    /// "Dispatch"), where this build supports it. With false, every instruction runs in the
    /// `switch` loop: the results, traps and gas are the same, only slower. For comparison
    /// (`cairn-bench --switch`) and for tests that check the two loops agree.
    public var threadedDispatch = true
    /// Whether threaded code runs frequent pairs of instructions in one handler
    /// (docs/register-machine.md, "Fused pairs"). Results, traps and gas are the same either
    /// way; false is for measuring what fusion buys (`cairn-bench --unfused`).
    public var fusedPairs = true
    /// Whether runs count how often each instruction executes (``Instance/executionProfile``).
    /// Profiled runs take the `switch` loop, several times slower; results, traps and gas are
    /// the same. Step-counted runs (proofs) are never profiled.
    public var profiling = false
    /// Called before every instruction of the following runs (traces, InstructionTracing.swift);
    /// such runs take the `switch` loop. Results, traps, gas and steps are the same.
    public var instructionHook: InstructionHook?
    /// Where the last run that trapped stopped: the pc of the instruction that trapped (or of
    /// the call whose host function failed), then each caller's call instruction, innermost
    /// first, with the store index of each frame's instance. Recorded only when a run traps
    /// (read off the frame stack, so no run pays for it); a backtrace without a replay.
    public internal(set) var trapFrames: [(pc: Int, instance: Int)] = []
    /// A breakpoint planted where gas runs out within a run, and the instruction it replaced.
    var plantedBreakpoint: (instance: Instance, index: Int, original: Instruction)?
    private(set) var functionEntries: [FunctionEntry] = []
    /// The same functions, flat, for `call_indirect`. Unchecked exclusivity: the interpreter
    /// only reads it, and only `addFunction` writes it.
    @exclusivity(unchecked) private(set) var callees = CalleeTable()
    var instances: [Instance] = []
    var typeIDs: [FunctionType: Int] = [:]

    /// The value stack: `limits.maxValueSlots` slots, reserved up front and touched only as used.
    let stack: UnsafeMutablePointer<UInt64>
    /// Whether `stack` was mapped from the system (then unmapped on deinit), and its bytes.
    private let stackMapped: Bool
    private let stackBytes: Int
    /// First free slot above every active frame (where a host-to-Wasm call starts its frame).
    var stackTop = 0
    /// The call frames of every active run: `frameCount` of them, in a buffer of
    /// `limits.maxCallDepth` reserved up front. A plain buffer (not an array property) so that
    /// calls and returns pay no dynamic exclusivity checks.
    let frameStack: UnsafeMutablePointer<Frame>
    var frameCount = 0
    /// Step counting for provable tasks (StepCounting.swift): a plain buffer, like the frames.
    let counting: UnsafeMutablePointer<StepCountingState>
    /// Called where a counted run reaches a requested step; nil for runs that do not count.
    var stepHook: StepHook?
    var hostStepCount: HostStepCount?

    /// A store with `limits`, metered by `schedule` (pass nil for no metering).
    public init(limits: MachineLimits = MachineLimits(), schedule: GasSchedule? = .v2) {
        self.limits = limits
        self.schedule = schedule
        // Zeroed, so that a program reading a slot nothing wrote (a decoded program may) reads
        // 0 on every host. Mapped, not calloc'ed: once a few stores have been freed, glibc
        // serves a stack this size (8 MiB by default) from its heap and clears all of it, a
        // `memset` per store that was most of the cost of short runs; a mapping hands out zero
        // pages, touched only as used.
        stackBytes = max(limits.maxValueSlots, 16) * MemoryLayout<UInt64>.stride
        let (stack, mapped) = MemoryInstance.allocateZeroed(stackBytes)
        self.stack = stack.assumingMemoryBound(to: UInt64.self)
        stackMapped = mapped
        self.frameStack = .allocate(capacity: max(limits.maxCallDepth, 1))
        self.counting = .allocate(capacity: 1)
        counting.initialize(to: StepCountingState())
    }

    deinit {
        MemoryInstance.deallocate(UnsafeMutableRawPointer(stack), capacity: stackBytes, mapped: stackMapped)
        frameStack.deallocate()
        callees.deallocate()
        counting.deallocate()
    }

    /// The store-wide identifier of a function type.
    func typeID(_ type: FunctionType) -> Int {
        if let id = typeIDs[type] { return id }
        let id = typeIDs.count
        typeIDs[type] = id
        return id
    }

    /// Adds a host function that costs `cost` gas per call (on top of the schedule's fixed
    /// host-call cost); returns its store address.
    public func addHostFunction(type: FunctionType, cost: UInt64 = 0, _ body: @escaping HostFunctionBody) -> Int {
        return addFunction(FunctionEntry(type: type, typeID: typeID(type), hostCost: cost, kind: .host(body)))
    }

    /// Gives `entry` the next function address, which it returns.
    func addFunction(_ entry: FunctionEntry) -> Int {
        functionEntries.append(entry)
        switch entry.kind {
        case .wasm(let instance, let function):
            callees.append(Callee(typeID: entry.typeID, instance: instance, function: function))
        case .host:
            callees.append(Callee(typeID: entry.typeID, instance: -1, function: 0))
        }
        return functionEntries.count - 1
    }

    /// The type of the function at `address`.
    public func functionType(_ address: Int) -> FunctionType {
        functionEntries[address].type
    }

    /// Calls the function at `address` with `arguments`.
    public func invoke(_ address: Int, _ arguments: [Value]) throws(Trap) -> [Value] {
        guard address >= 0, address < functionEntries.count else {
            throw Trap(.argumentMismatch, detail: "no function at address \(address)")
        }
        let entry = functionEntries[address]
        guard arguments.count == entry.type.parameters.count,
            zip(arguments, entry.type.parameters).allSatisfy({ $0.type == $1 })
        else {
            throw Trap(.argumentMismatch, detail: "expected \(entry.type), got (\(arguments.map { $0.type.description }.joined(separator: " ")))")
        }
        switch entry.kind {
        case .host(let body):
            if let schedule {
                let cost = schedule.hostCallCost(entry.hostCost)
                guard gasLimit &- gasUsed >= cost else {
                    gasUsed = gasLimit
                    throw Trap(.outOfGas)
                }
                gasUsed &+= cost
            }
            return try body(Caller(store: self, instance: nil), arguments)
        case .wasm(let instanceIndex, let functionIndex):
            let instance = instances[instanceIndex]
            let function = instance.functions[functionIndex]
            try run(instance, function, arguments: arguments)
            return (0..<entry.type.results.count).map { Value(slotBits: stack[stackTop + $0], type: entry.type.results[$0]) }
        }
    }

    /// Runs `function` of `instance` from the host with `arguments` (already type-checked);
    /// its results are left in the slots from `stackTop` on.
    func run(_ instance: Instance, _ function: CompiledFunction, arguments: [Value]) throws(Trap) {
        let base = stackTop
        guard base + Int(function.frameSize) <= limits.maxValueSlots else { throw Trap(.valueStackExhausted) }
        guard frameCount < limits.maxCallDepth else { throw Trap(.callStackExhausted) }
        for (i, argument) in arguments.enumerated() { stack[base + i] = argument.slotBits }
        let threaded = threadedDispatch && threadedCodeSupported
        if instructionHook != nil {
            try executeTraced(instance: instance, function: function, base: base)
        } else if profiling, stepHook == nil {
            for instance in instances { instance.startCounting() }
            if schedule == nil {
                try execute(Profiled<Unmetered>.self, instance: instance, function: function, base: base)
            } else {
                try execute(Profiled<Metered>.self, instance: instance, function: function, base: base)
            }
        } else if schedule == nil {
            if threaded {
                try execute(Unmetered.self, instance: instance, function: function, base: base)
            } else {
                try execute(SwitchOnly<Unmetered>.self, instance: instance, function: function, base: base)
            }
        } else if stepHook != nil {
            try execute(Counted.self, instance: instance, function: function, base: base)
        } else if threaded {
            try execute(Metered.self, instance: instance, function: function, base: base)
        } else {
            try execute(SwitchOnly<Metered>.self, instance: instance, function: function, base: base)
        }
    }

    /// Calls the exported function `name` of `instance`.
    public func invoke(_ instance: Instance, _ name: String, _ arguments: [Value] = []) throws(Trap) -> [Value] {
        guard let address = instance.exportedFunction(name) else {
            throw Trap(.argumentMismatch, detail: "no exported function named \"\(name)\"")
        }
        return try invoke(address, arguments)
    }
}
