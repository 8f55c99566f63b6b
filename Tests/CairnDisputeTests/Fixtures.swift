import Cairn
import CairnDispute
import CairnDisputeParty
import CairnProof
import CairnSpecTest
import CairnTask
import Foundation
import WAT

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")

/// xorshift64: deterministic test randomness.
struct TestRandom {
    var state: UInt64
    init(_ seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    mutating func below(_ bound: UInt64) -> UInt64 { next() % bound }
}

/// A task to play games over, with a name for messages.
struct GameTask {
    var name: String
    var runner: TaskRunner
}

func exampleTask(_ name: String, input: String, gas: UInt64 = 100_000_000) throws -> GameTask {
    let bytes = [UInt8](try Data(contentsOf: repositoryRoot.appendingPathComponent("examples/tasks/\(name).wasm")))
    return GameTask(name: "\(name)(\(input))", runner: TaskRunner(task: try TaskProgram(try Lowering.lower(wasm: bytes)), input: Array(input.utf8), gasLimit: gas))
}

/// The C and WAT modules of examples/difftest-cases.json made into tasks that call each of their
/// exported functions that take no arguments or integers (with small arguments); gas is short so
/// long ones stop early, out of gas: a trapped final state is as good a claim as a halted one.
func libraryTasks(limit: Int, gas: UInt64) throws -> [GameTask] {
    struct Cases: Decodable {
        struct Module: Decodable {
            struct Case: Decodable { var invoke: String }
            var file: String
            var cases: [Case]
        }
        var modules: [Module]
    }
    let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("examples/difftest-cases.json"))
    var tasks: [GameTask] = []
    for module in try JSONDecoder().decode(Cases.self, from: data).modules.prefix(limit) {
        let bytes = [UInt8](try Data(contentsOf: repositoryRoot.appendingPathComponent(module.file)))
        let wasm = module.file.hasSuffix(".wat") ? try wat2wasm(String(decoding: bytes, as: UTF8.self)) : bytes
        let program = try Lowering.lower(wasm: wasm)
        var calls: [(function: UInt32, arguments: [UInt64])] = []
        for item in module.cases {
            guard case .function(let index)? = program.exports.first(where: { $0.name == item.invoke })?.descriptor else { continue }
            let parameters = program.functionType(index).parameters
            guard parameters.allSatisfy({ $0 == .i32 || $0 == .i64 }) else { continue }
            calls.append((index, parameters.map { _ in 7 }))
        }
        guard let task = try? TaskProgram(program, calls: calls) else { continue }
        tasks.append(GameTask(name: module.file, runner: TaskRunner(task: task, input: [], gasLimit: gas)))
    }
    return tasks
}

/// Spec-suite modules made into tasks that make their scripts' `assert_return` calls.
func specTasks(files: [String], limit: Int) -> [GameTask] {
    let suite = SpecTestRunner.defaultTestsuitePath(packageRoot: repositoryRoot.standardizedFileURL.path)
    var tasks: [GameTask] = []
    for name in files {
        guard let text = try? String(contentsOfFile: suite + "/\(name).wast", encoding: .utf8) else { continue }
        for module in SpecModuleCalls.modules(source: text) where !module.calls.isEmpty {
            guard tasks.count < limit, let task = try? TaskProgram(module.program, calls: module.calls) else { continue }
            tasks.append(GameTask(name: "\(name).wast#\(tasks.count)", runner: TaskRunner(task: task, input: [], gasLimit: 50_000_000)))
        }
    }
    return tasks
}

/// The smallest height h with 2^h ≥ n.
func heightFor(_ n: UInt64) -> Int { max(1, 64 - (max(n, 2) - 1).leadingZeroBitCount) }

/// The configurations tried for a task of `steps` steps: one level, three levels of 2^5 (the
/// top level grown as needed), three levels bisected four ways, and the levels chosen for the
/// task's length (`GameConfig.levels(forSteps:)`, up to eight levels).
func configurations(steps: UInt64) -> [GameConfig] {
    let h = heightFor(steps)
    var chosen = [
        GameConfig(heights: [h]),
        GameConfig(heights: [max(5, h - 10), 5, 5]),
        GameConfig(heights: [max(3, h - 7), 4, 3], degreeLog2: 2),
    ]
    let auto = GameConfig.levels(forSteps: steps)
    if !chosen.contains(auto) { chosen.append(auto) }
    return chosen
}

/// Everything a game over one task in one configuration needs.
struct Match {
    let task: GameTask
    let config: GameConfig
    let truth: TaskHistory

    init(_ task: GameTask, _ config: GameConfig) {
        self.task = task
        self.config = config
        truth = TaskHistory(runner: task.runner, interval: config.stride(level: 0))
    }

    var steps: UInt64 { truth.steps }

    /// The honest solver and its claim.
    func honest() -> (Solver, Claim) {
        let solver = Solver(history: truth, config: config)
        return (solver, solver.claim(task: truth.identity, final: truth.finalOpening))
    }

    /// A solver telling `lie`, and its claim.
    func liar(_ lie: Lie) -> (Solver, Claim) {
        let (opening, history) = lie.apply(to: truth)
        let solver = Solver(history: history, config: config)
        return (solver, solver.claim(task: truth.identity, final: opening))
    }

    func challenger(_ strategy: ChallengerStrategy = .honest) -> Challenger {
        Challenger(history: truth, config: config, strategy: strategy)
    }
}
