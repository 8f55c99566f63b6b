/// Gas and executed instructions by call stack: what ``GasProfiler`` measured.
public struct GasProfile: Sendable, Equatable {
    /// One call stack and what ran in its innermost function (not in its callees).
    public struct Stack: Sendable, Equatable {
        /// Function names, outermost first.
        public var functions: [String]
        public var gas: UInt64
        public var instructions: UInt64
    }

    /// Every stack that ran, sorted by its functions.
    public var stacks: [Stack]

    /// The gas of all stacks: the gas of every instruction that ran.
    public var totalGas: UInt64 { stacks.reduce(0) { $0 &+ $1.gas } }

    /// The instructions of all stacks.
    public var totalInstructions: UInt64 { stacks.reduce(0) { $0 &+ $1.instructions } }

    /// Folded stacks, one line per stack, `outer;inner;innermost GAS` (the input format of
    /// flamegraph.pl and of most flame-graph tools); `;` in names becomes `:`.
    public func folded(instructions: Bool = false) -> String {
        stacks.map { stack in
            stack.functions.map { $0.replacingSemicolons }.joined(separator: ";") + " \(instructions ? stack.instructions : stack.gas)"
        }.map { $0 + "\n" }.joined()
    }

    /// Per function: its own gas and instructions (in it, not its callees) and its total gas
    /// (in it and everything it called, counted once however deep it recurses). Most own gas first.
    public func byFunction() -> [(function: String, gas: UInt64, instructions: UInt64, totalGas: UInt64)] {
        var own: [String: (UInt64, UInt64)] = [:]
        var total: [String: UInt64] = [:]
        for stack in stacks {
            let innermost = stack.functions.last ?? "?"
            own[innermost, default: (0, 0)].0 &+= stack.gas
            own[innermost, default: (0, 0)].1 &+= stack.instructions
            for function in Set(stack.functions) { total[function, default: 0] &+= stack.gas }
        }
        return total.keys.map { (function: $0, gas: own[$0]?.0 ?? 0, instructions: own[$0]?.1 ?? 0, totalGas: total[$0]!) }
            .sorted { ($0.gas, $1.function) > ($1.gas, $0.function) }
    }
}

extension String {
    var replacingSemicolons: String { String(map { $0 == ";" ? ":" : $0 }) }
}
