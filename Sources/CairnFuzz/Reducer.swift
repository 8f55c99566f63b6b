import CairnProgram
import CairnProof

/// Shrinks a case that shows a difference to the instructions that matter for it: each
/// instruction of the defined functions is replaced in turn with a no-op (`copy s0 s0`, which
/// keeps every offset and branch target valid), and the replacement stays if the checker still
/// finds a difference of the same class.
public struct Reducer: Sendable {
    public var checker: DifferentialChecker

    public init(checker: DifferentialChecker) { self.checker = checker }

    static let noOp = Instruction.copy(dst: 0, src: 0)

    /// The reduced case, and how many instructions were replaced.
    public func reduce(_ fuzzCase: FuzzCase, signature: String) -> (FuzzCase, replaced: Int) {
        var current = fuzzCase
        var replaced = 0
        let program = fuzzCase.program
        let lasts = Set(program.functions.indices.map { program.end(ofFunctionForFuzz: $0) - 1 })
        for pc in 0..<Int(program.entrypoint.entry) where !lasts.contains(pc) && current.program.code[pc] != Self.noOp {
            var candidate = current.program
            candidate.code[pc] = Self.noOp
            guard let decoded = try? Program(decoding: candidate.encoded()), let task = try? TaskProgram(decoded) else { continue }
            let trial = FuzzCase(seed: current.seed, program: decoded, task: task, input: current.input, gasLimit: current.gasLimit)
            if checker.check(trial).differences.contains(where: { $0.signature == signature }) {
                current = trial
                replaced += 1
            }
        }
        return (current, replaced)
    }
}

extension Program {
    /// The offset just past defined function `index`'s code.
    func end(ofFunctionForFuzz index: Int) -> Int {
        index + 1 < functions.count ? Int(functions[index + 1].entry) : Int(entrypoint.entry)
    }
}
