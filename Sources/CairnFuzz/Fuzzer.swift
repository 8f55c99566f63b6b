/// A fuzzing session: generate cases from a seed and check each one.
public struct Fuzzer: Sendable {
    public var seed: UInt64
    public var generator: GeneratorOptions
    public var checker: DifferentialChecker

    public init(seed: UInt64, generator: GeneratorOptions = GeneratorOptions(), check: CheckOptions = CheckOptions()) {
        self.seed = seed
        self.generator = generator
        self.checker = DifferentialChecker(options: check)
    }

    /// The case of program `index` of this session.
    public func fuzzCase(_ index: Int) -> FuzzCase {
        ProgramGenerator.generate(seed: FuzzRandom.programSeed(seed, index: index), options: generator)
    }

    /// Checks programs 0, 1, … until `programs` are done or `shouldStop` says so (it is asked
    /// before each program, with the statistics so far); `progress` gets each program's result.
    public func run(
        programs: Int, shouldStop: (FuzzStatistics) -> Bool = { _ in false },
        progress: (Int, FuzzCase, FuzzStatistics) -> Void = { _, _, _ in }
    ) -> FuzzStatistics {
        var total = FuzzStatistics()
        var index = 0
        while index < programs, !shouldStop(total) {
            let fuzzCase = fuzzCase(index)
            let stats = checker.check(fuzzCase)
            total.add(stats)
            progress(index, fuzzCase, stats)
            index += 1
        }
        return total
    }

    /// Regenerates the case of `caseSeed` (as reported in a ``Difference``) and checks it.
    public func replay(caseSeed: UInt64) -> (FuzzCase, FuzzStatistics) {
        let fuzzCase = ProgramGenerator.generate(seed: caseSeed, options: generator)
        return (fuzzCase, checker.check(fuzzCase))
    }
}
