import CairnProgram

/// One disagreement between executions of one generated case.
public struct Difference: Sendable, CustomStringConvertible {
    /// The case's seed: `cairn-fuzz --replay SEED` regenerates and rechecks it.
    public var seed: UInt64
    /// The gas limit of the run that disagreed.
    public var gasLimit: UInt64
    /// What was compared, e.g. `fast-threaded final state` or `verifier`.
    public var check: String
    /// What each side said.
    public var detail: String
    /// A short name of the kind of disagreement, for grouping many differences into classes.
    public var signature: String

    public var description: String { "seed \(seed) gas \(gasLimit): \(check): \(detail)" }
}

/// Counts of one fuzzing session.
public struct FuzzStatistics: Sendable {
    public var programs = 0
    /// Steps taken by the stepper, over every gas limit.
    public var stepsStepped = 0
    /// Steps proven and checked by the verifier.
    public var stepsProven = 0
    /// Runs at a gas limit (each compared across every execution).
    public var gasLimitsTried = 0
    /// Intermediate steps where the fast machine's exported state was compared.
    public var fastStatesCompared = 0
    public var differences: [Difference] = []

    public init() {}

    public mutating func add(_ other: FuzzStatistics) {
        programs += other.programs
        stepsStepped += other.stepsStepped
        stepsProven += other.stepsProven
        gasLimitsTried += other.gasLimitsTried
        fastStatesCompared += other.fastStatesCompared
        differences += other.differences
    }

    /// The differences grouped by signature: each class with its count and first example.
    public var classes: [(signature: String, count: Int, first: Difference)] {
        var order: [String] = []
        var groups: [String: (Int, Difference)] = [:]
        for difference in differences {
            if let (count, first) = groups[difference.signature] {
                groups[difference.signature] = (count + 1, first)
            } else {
                order.append(difference.signature)
                groups[difference.signature] = (1, difference)
            }
        }
        return order.map { ($0, groups[$0]!.0, groups[$0]!.1) }
    }
}

/// The readable dump of a case's program: its disassembly, without the header's hash noise.
public func programDump(_ fuzzCase: FuzzCase) -> String {
    var lines = ["; seed \(fuzzCase.seed), gas \(fuzzCase.gasLimit), input \(fuzzCase.input.count) bytes"]
    lines += Disassembler.lines(of: fuzzCase.task.program)
    return lines.joined(separator: "\n")
}
