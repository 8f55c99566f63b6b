import CairnDispute
import CairnDisputeParty
import Testing

/// The game's properties over many tasks and configurations: an honest party wins against every
/// adversary, from both sides; a lying party always loses; no game exceeds its move bound.
@Suite struct GameTests {
    /// The tasks: the example tasks, every C and WAT module of the examples (cut short by gas),
    /// and spec-suite modules.
    static func corpus() throws -> [GameTask] {
        // Short runs: a debug build steps and hashes every leaf of the last level in each game.
        var tasks = [
            try exampleTask("wordcount", input: "one two"),
            try exampleTask("spin", input: "1"),
            try exampleTask("sha256", input: "abc", gas: 3_000),
        ]
        tasks += try libraryTasks(limit: .max, gas: 1_500)
        tasks += specTasks(files: ["fac", "br_table", "memory_grow", "call_indirect"], limit: 5)
        return tasks
    }

    /// `count` of `lies`, drawn at random (the output lie, the cheapest to catch, always).
    static func sample(_ lies: [Lie], _ count: Int, random: inout TestRandom) -> [Lie] {
        var pool = lies
        var chosen: [Lie] = []
        while chosen.count < count, !pool.isEmpty { chosen.append(pool.remove(at: Int(random.below(UInt64(pool.count))))) }
        return chosen
    }

    /// The lies a solver tells about a task of `n` steps, with random intermediate steps.
    static func lies(steps n: UInt64, random: inout TestRandom) -> [Lie] {
        var lies: [Lie] = [.output, .steps(delta: 1), .steps(delta: -1), .gas(delta: 1), .gas(delta: -3)]
        lies += [.intermediate(step: 1 + random.below(n)), .divergeFrom(step: 1), .divergeFrom(step: n), .divergeFrom(step: 1 + random.below(n))]
        return lies
    }

    func expectWinner(_ result: GameResult, _ expected: Role, _ what: String, _ config: GameConfig) {
        #expect(result.winner == expected, "\(what): \(result.winner) won")
        #expect(result.moves <= config.maxMoves, "\(what): \(result.moves) moves > \(config.maxMoves)")
        if let log = result.log { #expect(throws: Never.self, "\(what): replay") { try log.check() } }
    }

    @Test func honestSolverWinsAgainstEveryChallenger() throws {
        var games = 0
        for task in try Self.corpus() {
            let steps = Match(task, .oneLevel(1)).steps
            for config in configurations(steps: steps) {
                let match = Match(task, config)
                let (_, claim) = match.honest()
                #expect(!match.challenger().disputes(claim), "\(task.name): an honest challenger disputes a true claim")
                for strategy in [ChallengerStrategy.random(seed: 1), .silent(after: 0), .silent(after: 2)] {
                    let (solver, claim) = match.honest()
                    let result = playGame(config: config, claim: claim, solver: solver, challenger: match.challenger(strategy))
                    expectWinner(result, .solver, "\(task.name) \(config.heights) vs \(strategy)", config)
                    games += 1
                }
            }
        }
        print("honest solver: \(games) games")
    }

    @Test func lyingSolverAlwaysLoses() throws {
        var random = TestRandom(7)
        var games = 0
        for task in try Self.corpus() {
            let steps = Match(task, .oneLevel(1)).steps
            for config in configurations(steps: steps) {
                let match = Match(task, config)
                // Every lie on the first task; a random few on the others, to keep the debug run short.
                let all = Self.lies(steps: steps, random: &random)
                for lie in games == 0 ? all : Self.sample(all, 3, random: &random) {
                    let (solver, claim) = match.liar(lie)
                    guard match.challenger().disputes(claim) else {
                        // Only a single wrong hash between the top level's leaves goes unseen,
                        // and then the claim is true.
                        #expect(claim == match.honest().1, "\(task.name) \(config.heights): \(lie) is not disputed")
                        if case .intermediate(let step) = lie { #expect(step % config.stride(level: 0) != 0) }
                        continue
                    }
                    let result = playGame(config: config, claim: claim, solver: solver, challenger: match.challenger())
                    expectWinner(result, .challenger, "\(task.name) \(config.heights) \(lie)", config)
                    games += 1
                }
                // A liar that stops answering part way loses on time.
                let (solver, claim) = match.liar(.output)
                solver.stopAfter = 1
                expectWinner(playGame(config: config, claim: claim, solver: solver, challenger: match.challenger()), .challenger, "\(task.name) silent liar", config)
            }
        }
        print("lying solver: \(games) games")
    }

    /// Each challenger plays its own game against the solver; the claim stands only if the
    /// solver wins every one, so one honest challenger suffices.
    @Test func twoChallengersAgainstOneSolver() throws {
        for task in try Self.corpus().prefix(2) {
            let steps = Match(task, .oneLevel(1)).steps
            let config = configurations(steps: steps)[1]
            let match = Match(task, config)
            for lie in [nil, Lie.divergeFrom(step: max(1, steps / 2))] {
                var winners: [Role] = []
                for strategy in [ChallengerStrategy.random(seed: 5), .honest] {
                    let (solver, claim) = lie.map(match.liar) ?? match.honest()
                    guard strategy != .honest || match.challenger().disputes(claim) else { continue }
                    winners.append(playGame(config: config, claim: claim, solver: solver, challenger: match.challenger(strategy)).winner)
                }
                if lie == nil {
                    #expect(winners == [.solver], "\(task.name): the true claim falls")
                } else {
                    #expect(winners.last == .challenger, "\(task.name): the honest challenger loses to \(lie!)")
                }
            }
        }
    }

    /// The levels chosen for a task's length cover it, are valid, and keep the top level small.
    @Test func levelsForStepsCoverTheTask() throws {
        var random = TestRandom(11)
        for _ in 0..<2_000 {
            let steps = random.next() >> random.below(64)
            let config = GameConfig.levels(forSteps: steps)
            try config.validate()
            #expect(config.totalHeight == min(62, max(1, heightFor(steps))), "\(steps): \(config.heights)")
            #expect(config.heights.first! <= config.heights.last!)
            #expect(config.heights.count == 1 || config.heights.max()! - config.heights.min()! <= 1)
            if steps > 256 { #expect(config.heights.first! <= 8, "\(steps): \(config.heights)") }
        }
    }

    /// The rule is the clock: even a solver with a true claim loses if it stops answering.
    @Test func silentSolverLosesOnTime() throws {
        let match = Match(try exampleTask("wordcount", input: "a b c"), GameConfig(heights: [3, 3, 4]))
        for after in 0..<4 {
            let (solver, claim) = match.honest()
            solver.stopAfter = after
            let result = playGame(config: match.config, claim: claim, solver: solver, challenger: match.challenger(.random(seed: 3)))
            #expect(result.winner == .challenger)
            if case .timeout? = result.log?.events.last {} else { Issue.record("the game did not end on time") }
        }
    }
}
