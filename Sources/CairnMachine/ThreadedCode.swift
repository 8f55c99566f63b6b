import CCairnThreaded
import CairnProgram

// The threaded interpreter: the fast path of metered and unmetered runs
// (docs/register-machine.md, "Dispatch"). An instance's code is translated once into
// threaded code, where each instruction starts with its handler's address; handlers jump to
// one another through guaranteed tail calls (the C glue in CCairnThreaded) with the machine
// registers in host registers. A threaded run ends, handing the registers back to the
// `switch` loop (Interpreter.swift), at any instruction it has no handler for, before any
// instruction that would trap, and where a run cannot be paid in full; the `switch` loop runs
// that instruction and enters threaded code again. Both loops charge gas at the same points
// and share the frame stack, so they can hand over at any instruction.

/// One instruction of threaded code: 24 bytes, so that instruction `i` of the program is at
/// `code + i` and branch targets, run costs and breakpoints keep their instruction indices
/// (an instruction's index is its distance from `code`).
struct ThreadedOp {
    /// The handler's address (the exit for instructions the `switch` loop runs).
    var handler: UInt64
    var a: UInt32
    var b: UInt32
    var c: UInt32
    /// The gas of the straight-line run that starts here (`Instance.runCosts`), which a
    /// branch to this instruction charges: read with the handler, from the same line.
    var cost: UInt32
}

typealias ThreadedSlots = UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
typealias ThreadedPC = UnsafeMutablePointer<UnsafePointer<ThreadedOp>>
typealias ThreadedMemory = UnsafeMutablePointer<UnsafeMutableRawPointer>
typealias ThreadedRegister = UnsafeMutablePointer<UInt64>
/// The frame register: the frame stack's top, where the next call's record goes.
typealias ThreadedFrames = UnsafeMutablePointer<UnsafeMutablePointer<Frame>>
typealias ThreadedContextPointer = UnsafeMutablePointer<ThreadedContext>

/// What threaded handlers read besides the registers, and the registers a run ends with.
struct ThreadedContext {
    // Written by the exit.
    var sp: UnsafeMutablePointer<UInt64>
    var pc = 0
    var gas: UInt64 = 0
    /// The run ended at a branch whose target run gas could not pay in full: the `switch`
    /// loop charges it (planting a breakpoint where gas runs out).
    var chargeNeeded = false

    /// The registers of the instance whose code runs.
    var instance: ThreadedInstanceRegisters
    // The store's.
    let frames: UnsafeMutablePointer<Frame>
    /// The frame stack's depth when the run ended (the frame register, as a count).
    var depth = 0
    /// `frames + frameFloor`: a `return` with the frame register there leaves the run.
    let framesFloor: UnsafeMutablePointer<Frame>
    /// `frames + maxDepth`: a call with the frame register there exhausts the call stack.
    let framesEnd: UnsafeMutablePointer<Frame>
    /// The memory's size in bytes, set on every entry from the `switch` loop (where memory
    /// grows). In the context rather than a host register, which holds the frame stack's top:
    /// a bounds check compares with it in one instruction, while a call and a return would
    /// otherwise wait for the depth they stored to come back from memory.
    var memorySize: UInt64 = 0 {
        didSet {
            let size = Int64(memorySize)
            lastStarts = (size - 1, size - 2, size - 4, size - 8)
        }
    }
    /// The last addresses at which an access of 1, 2, 4 and 8 bytes fits in the memory (below
    /// zero where none does), so that a load's or store's bounds check compares its effective
    /// address with one of them, signed, instead of first adding the access's size.
    var lastStarts: (Int64, Int64, Int64, Int64) = (-1, -2, -4, -8)
    let stack: UnsafeMutablePointer<UInt64>
    /// `stack + maxSlots`: no frame may reach past it.
    let stackEnd: UnsafeMutablePointer<UInt64>
    /// The store's functions as `call_indirect` finds them (``Store/callees``), set on every
    /// entry from the `switch` loop: the table grows only outside threaded runs.
    var storeCallees: UnsafePointer<Callee>
    var storeCalleeCount = 0
    /// The schedule's `bulkBytesPerGas`, by which metered `memory.copy` and `memory.fill` pay
    /// for their bytes (1 when unmetered, where it is not read).
    let bulkBytesPerGas: UInt64

    init(store: Store, instance: Instance, frameFloor: Int, metered: Bool) {
        sp = store.stack
        self.instance = ThreadedInstanceRegisters(instance, metered: metered, fused: store.fusedPairs, store: store)
        frames = store.frameStack
        framesFloor = store.frameStack + frameFloor
        framesEnd = store.frameStack + store.limits.maxCallDepth
        stack = store.stack
        stackEnd = store.stack + store.limits.maxValueSlots
        storeCallees = UnsafePointer(store.callees.entries)
        storeCalleeCount = store.callees.count
        bulkBytesPerGas = store.schedule?.bulkBytesPerGas ?? 1
    }
}

/// What threaded handlers read of the instance whose code runs (replaced when the `switch`
/// loop moves to another instance).
struct ThreadedInstanceRegisters {
    let code: UnsafePointer<ThreadedOp>
    /// ``Instance/threadedBrTable``.
    let brTable: UnsafePointer<UnsafePointer<ThreadedOp>>
    let globalCells: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    /// ``Instance/threadedCallees``.
    let callees: UnsafePointer<ThreadedCallee>
    /// Table 0's elements (``TableInstance/view``), or no elements when the instance has no
    /// table; `call_indirect` through another table is left to the `switch` loop.
    let table: UnsafePointer<TableView>
    let index: Int
    /// ``Instance/accumulatorSlots``: what a run entered at an instruction loads into the
    /// accumulator.
    let accumulatorSlots: UnsafePointer<UInt32>
    /// The highest frame at which any function of the instance fits in the value stack (its
    /// end less the largest frame size), so that a direct call checks its frame against one
    /// bound whatever the callee (``Threaded/call(_:_:_:_:_:_:_:metered:)``). A call above it
    /// is left to the `switch` loop, which checks the callee's own size. Below the stack's
    /// start when some frame is larger than the stack (every call is left to the loop).
    let callLimit: UnsafeMutablePointer<UInt64>

    init(_ instance: Instance, metered: Bool, fused: Bool, store: Store) {
        code = UnsafePointer(instance.threadedCode(metered: metered, fused: fused))
        accumulatorSlots = UnsafePointer(instance.accumulatorSlots!)
        brTable = UnsafePointer(instance.threadedBrTable!)
        globalCells = instance.globalCells
        callees = UnsafePointer(instance.threadedCallees!)
        table = UnsafePointer(instance.tables.first?.view ?? TableView.empty)
        index = instance.index
        // (Worked out with the threaded code, which `code` above translated if it had to.)
        let largestFrame = instance.largestFrameSize
        callLimit = largestFrame < store.limits.maxValueSlots
            ? store.stack + (store.limits.maxValueSlots - largestFrame) : store.stack - 1
    }
}

/// A defined function as threaded `call_indirect` enters it (``Instance/threadedCallees``):
/// what the handler needs of ``CompiledFunction``, with the entry as a threaded instruction.
struct ThreadedCallee {
    /// The function's first instruction, or the prologue that zeroes its many declared
    /// locals before it (``Threaded/zeroLocals(_:_:_:_:_:metered:)``).
    let entry: UnsafePointer<ThreadedOp>
    let frameSize: UInt32
    let parameterCount: UInt32
    /// Declared locals (not parameters) that the call zeroes: at most four, and none when
    /// the prologue zeroes them.
    let zeroCount: UInt32
}

/// Whether this build can run threaded code (it needs guaranteed tail calls).
let threadedCodeSupported = cairn_threaded_supported() != 0

/// The pieces the generated handlers (Generated/ThreadedHandlers.swift) are made of.
enum Threaded {
    /// The handler that ends the run (the exit), for a handler to return instead of the next
    /// one's: a constant address, so that the way out is a direct jump of its own.
    @inline(__always)
    static var exit: UInt64 { cairn_exit_handler() }

    /// Moves to the next instruction and returns its handler.
    @inline(__always)
    static func next(_ pcp: ThreadedPC) -> UInt64 {
        let next = pcp.pointee + 1
        pcp.pointee = next
        return next.pointee.handler
    }

    /// Moves by `offset` bytes (a signed 32-bit distance, `Instance.branchOffset(from:to:)`)
    /// from the branch instruction, charging the run it starts when metered. The distance is
    /// in the instruction, so the target is one add away from the instruction pointer: with the
    /// target's index, it was a multiplication and an add of the code's base from the context,
    /// and every instruction after a taken branch waited for those to read its operands.
    @inline(__always)
    static func branch(by offset: UInt32, _ pcp: ThreadedPC, _ gasp: ThreadedRegister, _ ctx: ThreadedContextPointer, metered: Bool) -> UInt64 {
        let target = (UnsafeRawPointer(pcp.pointee) + Int(Int32(bitPattern: offset))).assumingMemoryBound(to: ThreadedOp.self)
        return enter(target, pcp, gasp, ctx, metered: metered)
    }

    /// Moves to `destination`, the start of a run, charging the run when metered.
    ///
    /// The ways out of threaded code here and in the handlers (gas that cannot pay a run, a
    /// bounds check that fails, a full call stack, a NaN result) are marked unlikely, so that
    /// the compiler lays the common way out as a straight line, with no taken jump before the
    /// dispatch.
    @inline(__always)
    static func enter(_ destination: UnsafePointer<ThreadedOp>, _ pcp: ThreadedPC, _ gasp: ThreadedRegister, _ ctx: ThreadedContextPointer, metered: Bool) -> UInt64 {
        pcp.pointee = destination
        if metered {
            // Subtracted in place and added back on the way out, rather than compared first,
            // so that the common way keeps the gas in its register with no copy (the way out
            // needs the old value, which it gets back with one add).
            let cost = UInt64(destination.pointee.cost)
            let (left, short) = gasp.pointee.subtractingReportingOverflow(cost)
            gasp.pointee = left
            guard _fastPath(!short) else {
                gasp.pointee = left &+ cost
                ctx.pointee.chargeNeeded = true
                return Threaded.exit
            }
        }
        return destination.pointee.handler
    }

    /// `br_table` with `index` (clamped to the default, the last entry) into the table
    /// that starts at entry `op.b` and has `op.c` entries.
    @inline(__always)
    static func tableBranch(_ index: UInt32, _ op: ThreadedOp, _ pcp: ThreadedPC, _ gasp: ThreadedRegister, _ ctx: ThreadedContextPointer, metered: Bool) -> UInt64 {
        enter(ctx.pointee.instance.brTable[Int(op.b &+ min(index, op.c &- 1))], pcp, gasp, ctx, metered: metered)
    }

    /// A conditional branch: `offset` bytes away when `taken`, else to the next instruction, which
    /// is the next threaded instruction (no address arithmetic) and starts a run of its own.
    ///
    /// The two ways must stay a branch. Unmetered, both are an address computed from the
    /// instruction pointer, and LLVM would pick one with a `cmov` on the condition: the
    /// instruction pointer, which every later handler reads its operands through, would then
    /// wait for the condition's operands, a division or a load from memory, even where the
    /// branch predictor knew the way (`gcd_sum` ran half again as long unmetered as metered).
    /// So the taken way's distance goes through `cairn_opaque`, which LLVM cannot speculate.
    /// Metered, the gas checks already keep the ways apart.
    @inline(__always)
    static func conditional(_ taken: Bool, by offset: UInt32, _ pcp: ThreadedPC, _ gasp: ThreadedRegister, _ ctx: ThreadedContextPointer, metered: Bool) -> UInt64 {
        if taken {
            if metered { return branch(by: offset, pcp, gasp, ctx, metered: true) }
            let distance = Int(truncatingIfNeeded: cairn_opaque(UInt64(bitPattern: Int64(Int32(bitPattern: offset)))))
            return enter((UnsafeRawPointer(pcp.pointee) + distance).assumingMemoryBound(to: ThreadedOp.self), pcp, gasp, ctx, metered: false)
        }
        return enter(pcp.pointee + 1, pcp, gasp, ctx, metered: metered)
    }

    /// `call` of a function of the same instance, as `Store.enter` does it: `op.b` is the
    /// callee's frame, `op.c` the distance in bytes from the call to the callee's entry, and
    /// `op.a` says which locals the call zeroes: the callee's parameter count in its low 28
    /// bits, the count of its declared locals (at most four) in its top four (``callLocals``).
    /// A callee with more locals has them zeroed by a prologue after the code, which the call
    /// enters instead of the entry (``zeroLocals(_:_:_:_:_:metered:)``). Calls of imports
    /// (translated as the exit), and calls that exhaust a limit, are left to the `switch` loop.
    ///
    /// Everything the common way needs is in the instruction: with the callee's frame size
    /// and locals read from its record, every call loaded the table's address from the
    /// context and then the record. The frame is checked against
    /// ``ThreadedInstanceRegisters/callLimit``, which holds for every callee. The entry is one
    /// add away from the instruction pointer, like a branch's target. Where the callee returns
    /// to is worked out from the instruction pointer; it is only stored in the frame record,
    /// off the callee's path.
    ///
    /// The accumulator holds nothing known at a function's entry, so the handler may leave
    /// anything in it: it leaves the return offset, which frees a host register for the rest.
    @inline(__always)
    static func call(_ op: ThreadedOp, _ spp: ThreadedSlots, _ pcp: ThreadedPC, _ fpp: ThreadedFrames, _ gasp: ThreadedRegister, _ accp: ThreadedRegister, _ ctx: ThreadedContextPointer, metered: Bool) -> UInt64 {
        let pc = pcp.pointee
        guard _fastPath(fpp.pointee < ctx.pointee.framesEnd && spp.pointee + Int(op.b) <= ctx.pointee.instance.callLimit) else {
            return Threaded.exit
        }
        let target = (UnsafeRawPointer(pc) + Int(Int32(bitPattern: op.c))).assumingMemoryBound(to: ThreadedOp.self)
        let returnOffset = (UInt(bitPattern: pc) &- UInt(bitPattern: ctx.pointee.instance.code)) &+ UInt(MemoryLayout<ThreadedOp>.stride)
        pushFrame(returningTo: returnOffset, calleeFrame: Int(op.b), spp, fpp, accp, ctx)
        let zeroCount = Int(op.a &>> callLocalsShift)
        if zeroCount != 0 {
            zeroFewLocals(spp.pointee + Int(op.a & callParametersMask), count: zeroCount)
        }
        return enter(target, pcp, gasp, ctx, metered: metered)
    }

    /// Where a `call`'s first operand keeps the count of locals it zeroes, above the callee's
    /// parameter count.
    static let callLocalsShift: UInt32 = 28
    static let callParametersMask: UInt32 = (1 << callLocalsShift) - 1

    /// A `call`'s first operand for a callee with `parameterCount` parameters and
    /// `zeroCount` declared locals that the call zeroes (at most four), if they fit.
    static func callLocals(parameterCount: UInt32, zeroCount: UInt32) -> UInt32? {
        guard parameterCount <= callParametersMask, zeroCount <= 4 else { return nil }
        return parameterCount | zeroCount << callLocalsShift
    }

    /// `call_indirect` through table 0 (`op.b` is the slot of the element index, after the
    /// arguments; `op.a` the store-wide type identifier the callee must have; `op.c` the
    /// offset in threaded code of the instruction after the call, as frame records keep it)
    /// to a function of the same instance, as `call` makes it, with what the callee's record
    /// says of its frame and locals. Everything else is left to the `switch` loop, which runs
    /// the same instruction: an element out of bounds, null or of another type (it traps), a
    /// host function or a function of another instance.
    @inline(__always)
    static func callIndirect(_ op: ThreadedOp, _ spp: ThreadedSlots, _ pcp: ThreadedPC, _ fpp: ThreadedFrames, _ gasp: ThreadedRegister, _ accp: ThreadedRegister, _ ctx: ThreadedContextPointer, metered: Bool) -> UInt64 {
        let element = Int(UInt32(truncatingIfNeeded: spp.pointee[Int(op.b)]))
        let table = ctx.pointee.instance.table.pointee
        guard element < table.count else { return Threaded.exit }
        // Null is 0, so `reference - 1` wraps past every address.
        let address = table.base.unsafelyUnwrapped[element] &- 1
        guard address < UInt64(truncatingIfNeeded: ctx.pointee.storeCalleeCount) else { return Threaded.exit }
        let target = ctx.pointee.storeCallees[Int(address)]
        guard target.typeID == Int(op.a), target.instance == ctx.pointee.instance.index else { return Threaded.exit }
        let callee = ctx.pointee.instance.callees[target.function]
        // The callee has the call's type, so its parameters end where the element index is.
        let frame = Int(op.b) &- Int(callee.parameterCount)
        guard _fastPath(fpp.pointee < ctx.pointee.framesEnd && spp.pointee + frame + Int(callee.frameSize) <= ctx.pointee.stackEnd) else {
            return Threaded.exit
        }
        pushFrame(returningTo: UInt(op.c), calleeFrame: frame, spp, fpp, accp, ctx)
        if callee.zeroCount != 0 {
            zeroFewLocals(spp.pointee + Int(callee.parameterCount), count: Int(callee.zeroCount))
        }
        return enter(callee.entry, pcp, gasp, ctx, metered: metered)
    }

    /// Pushes a frame record that returns to the instruction `returnOffset` bytes into the
    /// code and moves the frame to caller slot `calleeFrame` (the call checked that both
    /// stacks have room).
    @inline(__always)
    static func pushFrame(returningTo returnOffset: UInt, calleeFrame: Int, _ spp: ThreadedSlots, _ fpp: ThreadedFrames, _ accp: ThreadedRegister, _ ctx: ThreadedContextPointer) {
        let sp = spp.pointee
        let top = fpp.pointee
        accp.pointee = UInt64(returnOffset)
        // Distances in bytes, as the record keeps them (a pointer difference in elements divides).
        top.initialize(to: Frame(
            returnOffset: Int(bitPattern: returnOffset),
            callerOffset: Int(bitPattern: UInt(bitPattern: sp) &- UInt(bitPattern: ctx.pointee.stack)),
            callerInstance: ctx.pointee.instance.index))
        fpp.pointee = top + 1
        spp.pointee = sp + calleeFrame
    }

    /// The prologue of a callee with more than four declared locals (``Instance/threadedCallTargets``),
    /// which calls enter instead of its first instruction: zeroes the `op.b` locals after its
    /// `op.a` parameters, then enters the first instruction, `op.c` bytes on, charging its run
    /// when metered. The prologue costs nothing itself (its run cost is 0), so a call that
    /// enters it charges as it charges any entry; the charge is here, once the locals are
    /// zero, so that a run that cannot pay ends at the first instruction, where the `switch`
    /// loop goes on. The `memset` call that zeroing takes would make the call handler save
    /// and restore registers on every call; here it costs a dispatch on calls of such
    /// functions only, which do more work than a dispatch.
    @inline(__always)
    static func zeroLocals(_ op: ThreadedOp, _ sp: UnsafeMutablePointer<UInt64>, _ pcp: ThreadedPC, _ gasp: ThreadedRegister, _ ctx: ThreadedContextPointer, metered: Bool) -> UInt64 {
        (sp + Int(op.a)).update(repeating: 0, count: Int(op.b))
        let entry = (UnsafeRawPointer(pcp.pointee) + Int(Int32(bitPattern: op.c))).assumingMemoryBound(to: ThreadedOp.self)
        return enter(entry, pcp, gasp, ctx, metered: metered)
    }

    /// `memory.copy` (destination, source and count in slots `op.a` to `op.a + 2`), paying
    /// for its bytes when metered as the `switch` loop does; a range out of bounds, or bytes
    /// gas cannot pay for, are left to the `switch` loop, which traps.
    @inline(__always)
    static func memoryCopy(_ op: ThreadedOp, _ sp: UnsafeMutablePointer<UInt64>, _ mdp: ThreadedMemory, _ pcp: ThreadedPC, _ gasp: ThreadedRegister, _ ctx: ThreadedContextPointer, metered: Bool) -> UInt64 {
        let destination = UInt64(UInt32(truncatingIfNeeded: sp[Int(op.a)]))
        let source = UInt64(UInt32(truncatingIfNeeded: sp[Int(op.a) &+ 1]))
        let count = UInt64(UInt32(truncatingIfNeeded: sp[Int(op.a) &+ 2]))
        let size = ctx.pointee.memorySize
        guard destination &+ count <= size, source &+ count <= size,
              !metered || payBulk(count, gasp, ctx) else { return Threaded.exit }
        // memmove semantics: the ranges may overlap.
        (mdp.pointee + Int(destination)).copyMemory(from: mdp.pointee + Int(source), byteCount: Int(count))
        return next(pcp)
    }

    /// `memory.fill` (destination, byte value and count in slots `op.a` to `op.a + 2`), as
    /// ``memoryCopy(_:_:_:_:_:_:metered:)`` makes a copy.
    @inline(__always)
    static func memoryFill(_ op: ThreadedOp, _ sp: UnsafeMutablePointer<UInt64>, _ mdp: ThreadedMemory, _ pcp: ThreadedPC, _ gasp: ThreadedRegister, _ ctx: ThreadedContextPointer, metered: Bool) -> UInt64 {
        let destination = UInt64(UInt32(truncatingIfNeeded: sp[Int(op.a)]))
        let value = UInt8(truncatingIfNeeded: sp[Int(op.a) &+ 1])
        let count = UInt64(UInt32(truncatingIfNeeded: sp[Int(op.a) &+ 2]))
        guard destination &+ count <= ctx.pointee.memorySize, !metered || payBulk(count, gasp, ctx) else { return Threaded.exit }
        (mdp.pointee + Int(destination)).initializeMemory(as: UInt8.self, repeating: value, count: Int(count))
        return next(pcp)
    }

    /// Pays for `count` bytes of a bulk instruction (`GasSchedule.bulkBytes`), if gas can.
    @inline(__always)
    static func payBulk(_ count: UInt64, _ gasp: ThreadedRegister, _ ctx: ThreadedContextPointer) -> Bool {
        let perGas = ctx.pointee.bulkBytesPerGas
        let cost = count / perGas &+ (count % perGas == 0 ? 0 : 1)
        guard gasp.pointee >= cost else { return false }
        gasp.pointee &-= cost
        return true
    }

    /// `return` to a caller of the same instance within this run; returns that leave the run
    /// or the instance are left to the `switch` loop.
    @inline(__always)
    static func `return`(_ spp: ThreadedSlots, _ pcp: ThreadedPC, _ fpp: ThreadedFrames, _ gasp: ThreadedRegister, _ ctx: ThreadedContextPointer, metered: Bool) -> UInt64 {
        let top = fpp.pointee
        guard _fastPath(top > ctx.pointee.framesFloor) else { return Threaded.exit }
        let frame = (top - 1).pointee
        guard _fastPath(frame.callerInstance == ctx.pointee.instance.index) else { return Threaded.exit }
        fpp.pointee = top - 1
        spp.pointee = (UnsafeMutableRawPointer(ctx.pointee.stack) + frame.callerOffset).assumingMemoryBound(to: UInt64.self)
        let target = (UnsafeRawPointer(ctx.pointee.instance.code) + frame.returnOffset).assumingMemoryBound(to: ThreadedOp.self)
        return enter(target, pcp, gasp, ctx, metered: metered)
    }
}

/// Zeroes a callee's declared locals (its parameters are already in place). Most functions
/// have a few: plain stores beat a call to memset.
@inline(__always)
func zeroDeclaredLocals(of callee: CompiledFunction, at base: UnsafeMutablePointer<UInt64>) {
    let locals = base + Int(callee.parameterCount)
    let count = Int(callee.localCount &- callee.parameterCount)
    if count <= 4 {
        zeroFewLocals(locals, count: count)
    } else {
        locals.update(repeating: 0, count: count)
    }
}

/// Zeroes `count` (at most four) locals with plain stores.
@inline(__always)
func zeroFewLocals(_ locals: UnsafeMutablePointer<UInt64>, count: Int) {
    if count > 0 { locals[0] = 0 }
    if count > 1 { locals[1] = 0 }
    if count > 2 { locals[2] = 0 }
    if count > 3 { locals[3] = 0 }
}

extension Instance {
    /// The instance's threaded code with metered or unmetered handlers, with or without fused
    /// pairs, translated on first use (and again should another flavour be asked for).
    func threadedCode(metered: Bool, fused: Bool) -> UnsafeMutablePointer<ThreadedOp> {
        if let threaded, threadedMetered == metered, threadedFused == fused { return threaded }
        self.threaded?.deallocate()
        accumulatorSlots?.deallocate()
        enteredInstructions = program.enteredInstructions(count: code.count)
        keepsAccumulator = [Bool](repeating: false, count: code.count)
        accumulatorSlots = accumulatorEntrySlots()
        threadedMetered = metered
        threadedFused = fused
        largestFrameSize = functions.lazy.map { Int($0.frameSize) }.max() ?? 0
        // Functions whose declared locals a call cannot zero itself get a prologue after the
        // code, which their calls enter.
        var prologues: [Int] = []
        threadedCallTargets = functions.indices.map { index in
            let function = functions[index]
            guard Threaded.callLocals(parameterCount: function.parameterCount, zeroCount: function.localCount &- function.parameterCount) == nil
            else { return Int(function.entry) }
            prologues.append(index)
            return code.count + prologues.count - 1
        }
        // Run costs travel in 32 bits; a schedule that makes one larger (possible only with
        // enormous straight-line code) runs all of this instance's code in the `switch` loop,
        // and so does code too long for every distance between two of its threaded
        // instructions, prologues included, to fit a signed 32-bit number of bytes.
        fitsThreadedCode = !runCosts.contains { $0 >= UInt64(UInt32.max) }
            && code.count + functions.count < Int(Int32.max) / MemoryLayout<ThreadedOp>.stride
        if fused {
            // Chosen with the accumulator's slots as they are without such pairs, then the
            // slots worked out again with them.
            keepsAccumulator = pairsKeepingTheAccumulator()
            if keepsAccumulator.contains(true) {
                accumulatorSlots?.deallocate()
                accumulatorSlots = accumulatorEntrySlots()
            }
        }
        let threaded = UnsafeMutablePointer<ThreadedOp>.allocate(capacity: code.count + prologues.count)
        self.threaded = threaded
        for index in code.indices {
            threaded[index] = threadedOp(at: index)
        }
        for (number, index) in prologues.enumerated() {
            let function = functions[index]
            let handler = metered ? threadedPrologueHandlers.metered : threadedPrologueHandlers.unmetered
            // (The distance fits whenever the code fits threaded code; else no call enters it.)
            let distance = Self.branchOffset(from: code.count + number, to: Int(function.entry)) ?? 0
            threaded[code.count + number] = ThreadedOp(
                handler: threadedHandlerAddresses[fitsThreadedCode ? handler : 0],
                a: function.parameterCount, b: function.localCount &- function.parameterCount, c: distance, cost: 0)
        }
        // (`brTableTargets` has room for one entry more than the program's when it has none.)
        let targets = program.brTableTargets
        if threadedBrTable == nil {
            threadedBrTable = .allocate(capacity: max(targets.count, 1))
        }
        // Targets were checked against the code when the program was decoded or lowered.
        for (entry, target) in targets.enumerated() {
            threadedBrTable![entry] = UnsafePointer(threaded + Int(target))
        }
        if threadedCallees == nil {
            threadedCallees = .allocate(capacity: max(functions.count, 1))
        }
        // Entries, like targets, were checked against the code.
        for (index, function) in functions.enumerated() {
            let prologue = threadedCallTargets[index] != Int(function.entry)
            (threadedCallees! + index).initialize(to: ThreadedCallee(
                entry: UnsafePointer(threaded + threadedCallTargets[index]), frameSize: function.frameSize,
                parameterCount: function.parameterCount, zeroCount: prologue ? 0 : function.localCount &- function.parameterCount))
        }
        return threaded
    }

    /// For each instruction, 1 + the slot whose value the accumulator holds whenever threaded
    /// code reaches the instruction, or 0 when that is not one slot on every way in.
    ///
    /// A forward dataflow over the code: an instruction that writes a result leaves its result
    /// slot in the accumulator; a call leaves whatever its callee last wrote (unknown); every
    /// other instruction leaves the accumulator as it found it (in threaded code only results
    /// write slots, and an instruction the `switch` loop runs is followed by a fresh entry,
    /// which loads the accumulator from the slot recorded here). Where ways meet (a branch
    /// target, a loop head) the slot is kept only if it is the same on all of them: the loop
    /// head of `i += 1; if i < n goto head` then reads `i` from the accumulator too. A
    /// function's entry holds nothing known.
    private func accumulatorEntrySlots() -> UnsafeMutablePointer<UInt32> {
        let count = code.count
        let unvisited = UInt32.max
        let slots = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
        slots.initialize(repeating: unvisited, count: count)
        var worklist: [Int] = []
        func enter(_ index: Int, _ state: UInt32) {
            guard index < count else { return }
            let old = slots[index]
            let met = old == unvisited ? state : (old == state ? old : 0)
            if met != old {
                slots[index] = met
                worklist.append(index)
            }
        }
        for function in functions { enter(Int(function.entry), 0) }
        var unreached = 0
        // The program's instructions, not `code`, where a breakpoint may be planted.
        let original = program.code
        while true {
            while let index = worklist.popLast() {
                let instruction = index < original.count ? original[index] : code[index]
                let state: UInt32
                if let result = instruction.accumulatorResult {
                    // A pair that keeps the accumulator leaves the slot it held, unless the
                    // pair's result overwrote that slot.
                    state = keepsAccumulator[index] ? (slots[index] == result &+ 1 ? 0 : slots[index]) : result &+ 1
                } else if instruction.changesFrame {
                    state = 0
                } else {
                    state = slots[index]
                }
                if instruction.fallsThrough { enter(index + 1, state) }
                if let target = instruction.branchTarget { enter(Int(target), state) }
                if case .brTable(_, let first, let tableCount) = instruction {
                    for entry in Int(first)..<min(Int(first) + Int(tableCount), brTableTargets.count) {
                        enter(Int(brTableTargets[entry]), state)
                    }
                }
            }
            // Code that no function entry reaches (the entrypoint, dead code) starts with
            // nothing known.
            while unreached < count, slots[unreached] != unvisited { unreached += 1 }
            guard unreached < count else { break }
            enter(unreached, 0)
        }
        return slots
    }

    /// The threaded form of instruction `index` as the code stands: the fused handler of it
    /// and its successor where there is one (the successor only falls through from it), else
    /// its own.
    private func threadedOp(at index: Int) -> ThreadedOp {
        let instruction = code[index]
        let form = ownForm(at: index)
        var handler = form.handler
        let next = index + 1
        // An instruction that keeps the accumulator with its store must not run as the second
        // half of a pair, which would leave its result in the accumulator.
        if threadedFused, form.handler != 0, next < code.count, !enteredInstructions[next], !keepsAccumulator[next],
           ownForm(at: next).handler != 0,
           let fused = instruction.fusedThreadedHandler(
               followedBy: code[next], metered: threadedMetered, accumulator: accumulator(at: index),
               keepingAccumulator: keepsAccumulator[index]) {
            handler = fused
        }
        if !fitsThreadedCode { handler = 0 }
        return ThreadedOp(handler: threadedHandlerAddresses[handler], a: form.a, b: form.b, c: form.c,
                          cost: UInt32(truncatingIfNeeded: runCosts[index]))
    }

    /// Which instructions run fused with the store after them in a handler that leaves the
    /// accumulator as it was before the pair (docs/register-machine.md, "Keeping the
    /// accumulator"). In `p = a + 66560; store8 [p] = v; j = j + i`, the address is only
    /// the store's, while `j`, the accumulator before the pair, is read right after it: kept,
    /// it comes from a register instead of waiting for the store of the iteration before.
    ///
    /// A pair keeps the accumulator when the accumulator holds a slot before it that the pair
    /// does not write, the two can be fused (nothing branches to the store) and the first of
    /// the straight-line instructions after the pair to read that slot, or to write a result,
    /// reads it.
    private func pairsKeepingTheAccumulator() -> [Bool] {
        var keeps = [Bool](repeating: false, count: code.count)
        guard code.count > 2 else { return keeps }
        for index in 0..<(code.count - 2) {
            let next = index + 1
            guard let kept = accumulator(at: index), let result = code[index].accumulatorResult, result != kept,
                  !enteredInstructions[next], ownForm(at: index).handler != 0, ownForm(at: next).handler != 0,
                  code[index].fusedThreadedHandler(
                      followedBy: code[next], metered: threadedMetered, accumulator: kept, keepingAccumulator: true) != nil
            else { continue }
            keeps[index] = readsFirst(kept, from: next + 1)
        }
        return keeps
    }

    /// Whether the straight-line code from `start` reads `slot` (with a handler that would
    /// take it from the accumulator) before any instruction writes a result or leaves it.
    private func readsFirst(_ slot: Slot, from start: Int) -> Bool {
        var index = start
        while index < code.count, !enteredInstructions[index] {
            let instruction = code[index]
            let plain = instruction.threadedForm(metered: threadedMetered, accumulator: nil).handler
            if plain == 0 { return false }
            if instruction.threadedForm(metered: threadedMetered, accumulator: slot).handler != plain { return true }
            if instruction.accumulatorResult != nil || !instruction.fallsThrough || instruction.changesFrame { return false }
            index += 1
        }
        return false
    }

    /// The slot the accumulator holds at instruction `index`, if one.
    private func accumulator(at index: Int) -> Slot? {
        let entry = accumulatorSlots![index]
        return entry == 0 ? nil : entry &- 1
    }

    /// Instruction `index`'s own handler and operands. A call's function becomes the locals
    /// the call zeroes and the distance to the callee's entry or prologue (`Threaded.call`),
    /// and a call of an import is the exit (the `switch` loop makes it), so that the `call`
    /// handler need not tell the two apart.
    private func ownForm(at index: Int) -> (handler: Int, a: UInt32, b: UInt32, c: UInt32) {
        var form = code[index].threadedForm(metered: threadedMetered, accumulator: accumulator(at: index))
        switch code[index] {
        case .call(let function, _):
            let defined = Int(function) - importedFunctionCount
            if defined < 0 {
                form.handler = 0
            } else if let distance = Self.branchOffset(from: index, to: threadedCallTargets[defined]) {
                let callee = functions[defined]
                // A callee with a prologue has its locals zeroed there.
                form.a = Threaded.callLocals(parameterCount: callee.parameterCount, zeroCount: callee.localCount &- callee.parameterCount)
                    ?? Threaded.callLocals(parameterCount: 0, zeroCount: 0)!
                form.c = distance
            } else {
                form.handler = 0
            }
        case .callIndirect(let type, let table, let frame):
            // Through table 0 only, with the type's store-wide identifier as the operand.
            let typeID = typeIDs[Int(type)]
            let elementSlot = Int(frame) + typeParameterCounts[Int(type)]
            if table != 0 || tables.isEmpty || typeID < 0 || typeID > Int(UInt32.max) || elementSlot > Int(UInt32.max) {
                form.handler = 0
            } else {
                form.a = UInt32(typeID)
                form.b = UInt32(elementSlot)
                // (It fits whenever the code fits threaded code.)
                form.c = UInt32(truncatingIfNeeded: (index + 1) * MemoryLayout<ThreadedOp>.stride)
            }
        default:
            if let target = code[index].branchTarget {
                // Branches carry the distance to their target (`Threaded.branch(by:)`), in
                // the field of the target operand, their last.
                guard let offset = Self.branchOffset(from: index, to: Int(target)) else {
                    form.handler = 0
                    break
                }
                switch code[index] {
                case .br: form.a = offset
                case .brIfNez, .brIfEqz: form.b = offset
                default: form.c = offset
                }
            }
        }
        return form
    }

    /// The distance in bytes from threaded instruction `index` to `target`, as the bits of a
    /// signed 32-bit number, if it fits (it always does below 89 million instructions).
    static func branchOffset(from index: Int, to target: Int) -> UInt32? {
        let (bytes, overflow) = (target - index).multipliedReportingOverflow(by: MemoryLayout<ThreadedOp>.stride)
        guard !overflow, let offset = Int32(exactly: bytes) else { return nil }
        return UInt32(bitPattern: offset)
    }

    /// Replaces instruction `index` (planting or removing a breakpoint) in the code and in
    /// its threaded translation. The accumulator's slots stay: a breakpoint is the exit, after
    /// which the run re-enters the successor from the `switch` loop, loading the accumulator
    /// from the slot; and the original instruction comes back before the code runs on.
    func replaceInstruction(at index: Int, with instruction: Instruction) {
        code[index] = instruction
        guard let threaded else { return }
        // The predecessor's handler may run this instruction fused to its own, and this one
        // the successor.
        for position in max(index - 1, 0)...index {
            threaded[position] = threadedOp(at: position)
        }
    }
}

private extension Instruction {
    /// Whether the next instruction can follow this one.
    var fallsThrough: Bool {
        switch self {
        case .br, .brTable, .return, .unreachable: false
        default: true
        }
    }

    /// Whether threaded code runs other frames' code here (a call), which writes the
    /// accumulator.
    var changesFrame: Bool {
        switch self {
        case .call, .callIndirect: true
        default: false
        }
    }
}

extension Program {
    /// Whether anything but falling through can reach each of the first `count` instructions:
    /// a branch, a `br_table` entry or a function's entry.
    func enteredInstructions(count: Int) -> [Bool] {
        var entered = [Bool](repeating: false, count: count)
        for instruction in code {
            if let target = instruction.branchTarget, Int(target) < count { entered[Int(target)] = true }
        }
        for target in brTableTargets where Int(target) < count { entered[Int(target)] = true }
        for function in functions where Int(function.entry) < count { entered[Int(function.entry)] = true }
        return entered
    }
}
