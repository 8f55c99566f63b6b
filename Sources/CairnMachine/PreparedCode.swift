import CairnProgram

/// What instantiating a program works out that depends only on the program and the gas
/// schedule, worked out once and shared by every instance made with it
/// (``Store/instantiate(_:imports:prepared:)``): the gas of the straight-line run starting at
/// each instruction, and its length in proof steps.
///
/// A runtime that instantiates the same program for every call (actors: one instance per
/// invocation) keeps one per program, so that an instance only allocates its own memory, tables
/// and globals. The tables are read-only once made; gas is the same as without them.
public final class PreparedCode: @unchecked Sendable {
    /// The schedule the run costs are priced in (nil: unmetered, all zero).
    public let schedule: GasSchedule?
    /// The number of instructions of the program it was made for.
    let codeCount: Int
    let runCosts: UnsafeMutableBufferPointer<UInt64>
    let runSteps: UnsafeMutableBufferPointer<UInt64>

    /// The run costs of `program` under `schedule`, and its run lengths.
    public init(program: Program, schedule: GasSchedule?) {
        self.schedule = schedule
        codeCount = program.code.count
        runCosts = .allocate(capacity: program.code.count + 1)
        runSteps = .allocate(capacity: program.code.count + 1)
        program.code.withUnsafeBufferPointer { code in
            if let schedule { schedule.writeRunCosts(of: code, into: runCosts) } else { runCosts.initialize(repeating: 0) }
            GasSchedule.writeRunLengths(of: code, into: runSteps)
        }
    }

    /// Whether the tables fit `program` run under `schedule`.
    func fits(_ program: Program, schedule: GasSchedule?) -> Bool {
        codeCount == program.code.count && self.schedule == schedule
    }

    deinit {
        runCosts.deallocate()
        runSteps.deallocate()
    }
}
