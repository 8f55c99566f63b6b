/// The classes that instructions are priced by. Each instruction's class is generated from the
/// opcode table (`Instruction.gasClass`); the raw values index ``GasSchedule/classCosts``.
public enum GasClass: UInt8, CaseIterable, Sendable {
    /// Copies and constants: a slot write.
    case move
    /// Integer arithmetic, bit operations, comparisons, `select`, `memory.size`.
    case integer
    /// Integer division and remainder, which take several times longer than other arithmetic.
    case integerDivision
    /// Float arithmetic, comparisons, rounding.
    case float
    /// Float division and square root.
    case floatDivision
    /// Conversions between number types.
    case conversion
    /// Memory loads (address computation, bounds check, read).
    case load
    /// Memory stores.
    case store
    /// `global.get` and `global.set`.
    case global
    /// `table.get`, `table.set`, `table.grow` (plus the per-element cost of the growth).
    case table
    /// Branches, returns, `unreachable`.
    case control
    /// A direct call: a frame is pushed and the callee's locals are zeroed.
    case call
    /// An indirect call: a call plus a table read and a signature check.
    case callIndirect
    /// The fixed part of bulk memory and table operations; the size-dependent part is dynamic.
    case bulk
    /// The fixed part of `memory.grow`; each new page is priced on top.
    case memoryGrow
    /// A fused integer comparison and conditional branch: the work of both.
    case compareBranch
}

/// What a run costs: a price per instruction class, and the prices of work whose size depends
/// on operands. Versioned data: a change of any number is a new schedule version, since gas is
/// part of what every honest machine must agree on. See docs/gas.md for the reasons.
public struct GasSchedule: Hashable, Sendable {
    /// Identifies the schedule; committed alongside results that depend on it.
    public var version: UInt32
    /// Cost of one instruction of each ``GasClass``, indexed by its raw value.
    public var classCosts: [UInt64]
    /// Per page (64 KiB) added by `memory.grow`: the new page must be zeroed.
    public var memoryGrowPerPage: UInt64
    /// Bytes moved by `memory.copy`, `memory.fill` or `memory.init` per unit of gas (rounded up).
    public var bulkBytesPerGas: UInt64
    /// Per element written by `table.fill`, `table.copy`, `table.init` or `table.grow`.
    public var tableElement: UInt64
    /// Fixed cost of calling a host function, on top of the function's declared cost.
    public var hostCall: UInt64

    /// A schedule with its own version, class prices and dynamic prices (for embedders that
    /// price differently; the gas used is then defined by this schedule).
    public init(
        version: UInt32, classCosts: [UInt64], memoryGrowPerPage: UInt64, bulkBytesPerGas: UInt64,
        tableElement: UInt64, hostCall: UInt64
    ) {
        precondition(classCosts.count == GasClass.allCases.count, "one cost per gas class")
        precondition(bulkBytesPerGas > 0, "bulkBytesPerGas must be positive")
        self.version = version
        self.classCosts = classCosts
        self.memoryGrowPerPage = memoryGrowPerPage
        self.bulkBytesPerGas = bulkBytesPerGas
        self.tableElement = tableElement
        self.hostCall = hostCall
    }

    /// Schedule version 2, the default. (Version 1 had no `compareBranch` class.)
    public static let v2 = GasSchedule(
        version: 2,
        classCosts: [
            1,  // move
            1,  // integer
            4,  // integerDivision
            2,  // float
            8,  // floatDivision
            2,  // conversion
            2,  // load
            2,  // store
            1,  // global
            2,  // table
            1,  // control
            5,  // call
            8,  // callIndirect
            4,  // bulk
            64,  // memoryGrow
            2,  // compareBranch
        ],
        memoryGrowPerPage: 8192,
        bulkBytesPerGas: 8,
        tableElement: 1,
        hostCall: 20)

    /// The static cost of one instruction.
    @inlinable
    public func cost(of instruction: Instruction) -> UInt64 {
        classCosts[Int(instruction.gasClass.rawValue)]
    }

    /// The cost of one call of a host function that declares `declared` gas.
    @inlinable
    public func hostCallCost(_ declared: UInt64) -> UInt64 {
        hostCall &+ declared
    }

    /// The cost of moving `count` bytes in a bulk memory operation.
    @inlinable
    public func bulkBytes(_ count: UInt64) -> UInt64 {
        count / bulkBytesPerGas + (count % bulkBytesPerGas == 0 ? 0 : 1)
    }

    /// For each instruction, the cost of the straight-line run from it to the first instruction
    /// that ends a run (inclusive). Charging `runCosts[p]` on entering `p` prepays exactly the
    /// instructions that will execute unless one traps; a trap at `t` refunds `runCosts[t + 1]`.
    public func runCosts(_ code: [Instruction]) -> [UInt64] {
        [UInt64](unsafeUninitializedCapacity: code.count + 1) { costs, initialized in
            code.withUnsafeBufferPointer { writeRunCosts(of: $0, into: costs) }
            initialized = code.count + 1
        }
    }

    /// Writes ``runCosts(_:)`` of `code` into `costs`, which must have room for
    /// `code.count + 1` values; the machine writes them straight into its own buffer.
    public func writeRunCosts(of code: UnsafeBufferPointer<Instruction>, into costs: UnsafeMutableBufferPointer<UInt64>) {
        precondition(costs.count > code.count, "room for one cost per instruction and one more")
        classCosts.withUnsafeBufferPointer { classCosts in
            // `classCosts` is a public var, so its length is checked here, not trusted from init.
            precondition(classCosts.count >= GasClass.allCases.count, "one cost per gas class")
            costs.initializeElement(at: code.count, to: 0)
            var next: UInt64 = 0
            var index = code.count - 1
            while index >= 0 {
                let instruction = code[index]
                let own = classCosts[Int(instruction.gasClass.rawValue)]
                next = instruction.endsRun ? own : own &+ next
                costs.initializeElement(at: index, to: next)
                index -= 1
            }
        }
    }

    /// For each instruction, how many instructions the straight-line run from it has (itself
    /// included): ``runCosts(_:)`` with every instruction costing one. Proof steps are counted
    /// with it the way gas is charged.
    public static func writeRunLengths(of code: UnsafeBufferPointer<Instruction>, into lengths: UnsafeMutableBufferPointer<UInt64>) {
        precondition(lengths.count > code.count, "room for one length per instruction and one more")
        lengths.initializeElement(at: code.count, to: 0)
        var next: UInt64 = 0
        var index = code.count - 1
        while index >= 0 {
            next = code[index].endsRun ? 1 : 1 &+ next
            lengths.initializeElement(at: index, to: next)
            index -= 1
        }
    }
}
