import CairnProof

extension DifferentialChecker {
    /// The check of ``CheckOptions/sweep``: what a sweep over millions of programs can afford.
    ///
    /// The stepper runs once at the case's gas limit without hashing every step; it proves and
    /// verifies about one step in ``proofSampleEvery`` and always the
    /// step that stopped the run, reached again from a checkpoint. The fast machine's threaded
    /// code, step-counted and plain, must end in the stepper's state (compared leaf by leaf) at
    /// that limit and at `maxGasLimits` limits drawn from those the full check tries (no gas,
    /// all gas used and one less, around every dynamic charge and trap).
    func sweepCheck(_ fuzzCase: FuzzCase) -> FuzzStatistics {
        var stats = FuzzStatistics()
        stats.programs = 1
        let seed = fuzzCase.seed
        let limit = fuzzCase.gasLimit
        let main = Executions.step(
            fuzzCase.task, input: fuzzCase.input, gas: limit, hashes: false, maxSteps: options.maxSteps, proveLast: true,
            prove: { FuzzRandom.programSeed(seed, index: Int($0)) % Self.proofSampleEvery == 0 })
        stats.stepsStepped += main.records.count
        stats.stepsProven += main.provenSteps
        guard main.final.isStopped else { return stats }
        reportProofFailures(fuzzCase, main, stats: &stats)
        compare(fuzzCase, at: limit, stepped: main, targets: [], stats: &stats)
        var random = FuzzRandom(seed: seed ^ 0x5EED_5EED_5EED_5EED)
        var candidates = gasLimits(fuzzCase, main, most: .max).filter { $0 != limit }
        for _ in 0..<min(options.maxGasLimits, candidates.count) {
            let gas = candidates.remove(at: random.below(candidates.count))
            let stepped = Executions.step(fuzzCase.task, input: fuzzCase.input, gas: gas, hashes: false, records: false, maxSteps: options.maxSteps)
            stats.stepsStepped += Int(stepped.final.registers.steps)
            compare(fuzzCase, at: gas, stepped: stepped, targets: [], stats: &stats)
        }
        return stats
    }

    /// One step in this many of a sweep's main run is proven (besides the last).
    static let proofSampleEvery: UInt64 = 1024
}
