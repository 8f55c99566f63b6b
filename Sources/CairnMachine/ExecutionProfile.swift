import CairnProgram

// Execution profiles: how often each instruction of a program ran (`cairn run --profile`).
// A profiled run runs in the `switch` loop and also counts every instruction it executes;
// results, traps and gas are those of any other run. Profiles are what the
// threaded interpreter's fused pairs were chosen from (scripts/profile-pairs.py).

/// A `Base` run in the `switch` loop that counts executions per instruction.
enum Profiled<Base: MeteringMode>: MeteringMode {
    static var isMetered: Bool { Base.isMetered }
    static var runsThreadedCode: Bool { false }
    static var profiles: Bool { true }
}

extension MeteringMode {
    static var profiles: Bool { false }
}

/// How many times each instruction of one instance's program ran while the store profiled.
public struct ExecutionProfile: Sendable {
    /// The program the counts are of.
    public let program: Program
    /// Executions per instruction, indexed like `program.code`. An instruction that traps or
    /// runs out of gas counts as executed.
    public let counts: [UInt64]

    /// Instructions executed in all.
    public var total: UInt64 { counts.reduce(0, &+) }

    /// Executions per mnemonic, most frequent first (ties by mnemonic).
    public func mnemonicCounts() -> [(mnemonic: String, count: UInt64)] {
        var byMnemonic: [String: UInt64] = [:]
        for (index, count) in counts.enumerated() where count > 0 {
            byMnemonic[program.code[index].mnemonic, default: 0] &+= count
        }
        return byMnemonic.map { (mnemonic: $0.key, count: $0.value) }.sorted { ($0.count, $1.mnemonic) > ($1.count, $0.mnemonic) }
    }

    /// Executed pairs of adjacent instructions where the second can only be reached by
    /// falling through from the first (no branch, `br_table` entry or function entry targets
    /// it, and the first does not end its run): those are the pairs that threaded code can
    /// fuse. The second instruction's count is then exactly the pair's. Most frequent first.
    public func fallThroughPairs() -> [(first: String, second: String, count: UInt64)] {
        let code = program.code
        let entered = program.enteredInstructions(count: code.count)
        var byPair: [String: (String, String, UInt64)] = [:]
        for index in code.indices.dropFirst() where counts[index] > 0 && !entered[index] && !code[index - 1].endsRun {
            let (first, second) = (code[index - 1].mnemonic, code[index].mnemonic)
            let key = first + " " + second
            byPair[key] = (first, second, (byPair[key]?.2 ?? 0) &+ counts[index])
        }
        return byPair.values.map { (first: $0.0, second: $0.1, count: $0.2) }
            .sorted { ($0.count, $1.first, $1.second) > ($1.count, $0.first, $0.second) }
    }

    /// Executed fall-through triples whose first two instructions threaded code runs as a fused
    /// pair and whose third it then runs alone, pairing instructions from the start of each
    /// straight-line stretch as it does (docs/register-machine.md, "Fused pairs"): the triples
    /// that a handler of three instructions would save a dispatch on. Most frequent first.
    public func singlesAfterPairs() -> [(first: String, second: String, third: String, count: UInt64)] {
        let code = program.code
        let entered = program.enteredInstructions(count: code.count)
        // Whether instruction `index` continues the straight-line stretch of the one before.
        func continues(_ index: Int) -> Bool { index < code.count && !entered[index] && !code[index - 1].endsRun }
        var byTriple: [String: (String, String, String, UInt64)] = [:]
        var index = 0
        while index < code.count {
            let next = index + 1
            guard continues(next),
                  code[index].fusedThreadedHandler(followedBy: code[next], metered: true, accumulator: nil) != nil
            else {
                index = next
                continue
            }
            let third = index + 2
            if continues(third), counts[third] > 0,
               !(continues(third + 1) && code[third].fusedThreadedHandler(followedBy: code[third + 1], metered: true, accumulator: nil) != nil) {
                let names = (code[index].mnemonic, code[next].mnemonic, code[third].mnemonic)
                let key = "\(names.0) \(names.1) \(names.2)"
                byTriple[key] = (names.0, names.1, names.2, (byTriple[key]?.3 ?? 0) &+ counts[third])
            }
            index = third
        }
        return byTriple.values.map { (first: $0.0, second: $0.1, third: $0.2, count: $0.3) }
            .sorted { ($0.count, $1.first, $1.second, $1.third) > ($1.count, $0.first, $0.second, $0.third) }
    }
}

extension Instance {
    /// Starts counting executions of this instance's instructions, keeping counts so far.
    func startCounting() {
        if executionCounts == nil {
            executionCounts = .allocate(capacity: code.count)
            executionCounts!.initialize(repeating: 0, count: code.count)
        }
    }

    /// The executions counted since the store began profiling, or nil if it never ran
    /// profiled.
    public var executionProfile: ExecutionProfile? {
        guard let executionCounts else { return nil }
        return ExecutionProfile(program: program, counts: Array(UnsafeBufferPointer(start: executionCounts, count: program.code.count)))
    }
}
