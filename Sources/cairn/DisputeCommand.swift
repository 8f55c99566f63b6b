import ArgumentParser
import CairnDispute
import CairnDisputeParty
import CairnHash
import Cairn
import CairnTask
import Foundation

/// `cairn dispute`: claims, the bisection game, and recorded games (docs/disputes.md).
struct DisputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispute",
        abstract: "Make claims about tasks, play the bisection game, check recorded games.",
        discussion: """
            A claim names a task, its step count, gas used and final state, and commits to the \
            state hash after every step. A challenger who disputes it plays the bisection game \
            against the solver through a referee that checks every move, down to one step that \
            the stateless verifier checks. See docs/disputes.md.
            """,
        subcommands: [DisputeClaimCommand.self, DisputePlayCommand.self, DisputeMoveCommand.self, DisputeCheckCommand.self]
    )
}

/// The game's shape and the solver's lie, shared by the subcommands that play.
struct GameOptions: ParsableArguments {
    @Option(help: """
        Level heights, top first, comma-separated (a level of height h has 2^h leaves), or auto: \
        chosen from the task's length (GameConfig.levels(forSteps:)), at the cost of one more fast run.
        """)
    var levels: String = "auto"

    @Option(help: "Bisection degree (a power of two).")
    var degree: Int = 2

    @Option(help: "The solver goes wrong at step K: every state hash from K on (the result included) is false.")
    var lieAtStep: UInt64?

    @Flag(help: "The solver lies about the output.")
    var lieOutput = false

    @Option(help: "The solver claims N + D steps.")
    var lieSteps: Int64?

    @Option(help: "The solver claims D more gas used.")
    var lieGas: Int64?

    /// The game's shape; `auto` asks `steps` for the task's length (one fast run).
    func config(steps: () throws -> UInt64) throws -> GameConfig {
        if levels == "auto" {
            guard degree >= 2, degree & (degree - 1) == 0 else { throw ValidationError("--degree is a power of two") }
            var config = GameConfig.levels(forSteps: try steps())
            config.degreeLog2 = degree.trailingZeroBitCount
            return config
        }
        let heights = levels.split(separator: ",").compactMap { Int($0) }
        guard !heights.isEmpty, heights.count == levels.split(separator: ",").count, degree >= 2, degree & (degree - 1) == 0 else {
            throw ValidationError("--levels is a comma-separated list of heights (for example 10,10,10) and --degree a power of two")
        }
        let config = GameConfig(heights: heights, degreeLog2: degree.trailingZeroBitCount)
        do { try config.validate() } catch { throw ValidationError("bad game configuration: \(error.message)") }
        return config
    }

    var lie: Lie? {
        if let lieAtStep { return .divergeFrom(step: lieAtStep) }
        if lieOutput { return .output }
        if let lieSteps { return .steps(delta: lieSteps) }
        if let lieGas { return .gas(delta: lieGas) }
        return nil
    }

    /// The true history (one fast run) for `config`.
    func history(_ runner: TaskRunner, _ config: GameConfig) -> TaskHistory {
        // At most 64 snapshots over the run, thinned as it grows (TaskHistory).
        TaskHistory(runner: runner, interval: config.stride(level: 0))
    }

    /// The solver (lying if asked) and its claim.
    func solver(_ history: TaskHistory, _ config: GameConfig) -> (Solver, Claim) {
        if let lie {
            let (opening, lying) = lie.apply(to: history)
            let solver = Solver(history: lying, config: config)
            return (solver, solver.claim(task: history.identity, final: opening))
        }
        let solver = Solver(history: history, config: config)
        return (solver, solver.claim(task: history.identity, final: history.finalOpening))
    }
}

/// Seconds with microsecond resolution, as text.
func seconds(_ value: Double) -> String { String(format: "%.6f", value) }

func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

func unhex(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    guard chars.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    for i in stride(from: 0, to: chars.count, by: 2) {
        guard let byte = UInt8(String(decoding: chars[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
        out.append(byte)
    }
    return out
}

struct DisputeClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Run a task and write the solver's claim (JSON: the canonical bytes in hex, and a summary).")

    @OptionGroup var task: TaskOptions
    @OptionGroup var game: GameOptions

    @Option(name: .shortAndLong, help: "Where to write the claim.")
    var output: String

    @Flag(help: "Print the claim's JSON (what --output gets) instead of the summary line.")
    var json = false

    func run() throws {
        let runner = try task.load()
        let config = try game.config(steps: { runner.run().registers.steps })
        let history = game.history(runner, config)
        let (_, claim) = game.solver(history, config)
        let fields: [String: Any] = [
            "config": hex(config.encoded), "claim": hex(claim.encoded),
            "steps": "\(claim.steps)", "gasUsed": "\(claim.gasUsed)",
            "finalState": "\(claim.finalHash)", "history": "\(claim.history)",
        ]
        let data = try JSONSerialization.data(withJSONObject: fields, options: [.prettyPrinted, .sortedKeys])
        guard FileManager.default.createFile(atPath: output, contents: data) else {
            printError("error: cannot write \(output)")
            throw ExitCode(1)
        }
        if json {
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("claim: \(claim.steps) steps, gas used \(claim.gasUsed), final \(claim.finalHash), history \(claim.history)")
        }
    }
}

/// A party that measures the time it spends thinking.
final class TimedParty: DisputeParty {
    let party: DisputeParty
    /// CPU seconds spent choosing moves.
    var elapsed = 0.0

    init(_ party: DisputeParty) { self.party = party }

    func move(_ referee: Referee) -> Move? {
        let start = cpuSeconds()
        defer { elapsed += cpuSeconds() - start }
        return party.move(referee)
    }
}

/// The CPU time of the calling thread, in seconds: what a party's work costs, whatever else
/// the machine runs (both parties and the history run share one thread in `dispute play`).
func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The CPU seconds `body` takes on this thread.
func measureCPU(_ body: () throws -> Void) rethrows -> Double {
    let start = cpuSeconds()
    try body()
    return cpuSeconds() - start
}

/// One line per move: who, what, where.
func describe(_ role: Role, _ move: Move, _ referee: Referee) -> String {
    let what: String
    switch move {
    case .bisect(let children): what = "bisect into \(children.count): \(children.map { "\($0)".prefix(10) }.joined(separator: " "))"
    case .choose(let index, let agreed, _): what = "choose \(index)" + (agreed.map { ", agreed state \("\($0)".prefix(18))" } ?? "")
    case .refine(let root, let leaf, _): what = "refine leaf \("\(leaf)".prefix(18)) into \("\(root)".prefix(18))"
    case .step(let proof): what = "one-step proof, \(proof.count) bytes"
    }
    let first = referee.anchorStep
    let span = referee.stride << UInt64(referee.height)
    return "\(referee.moves) \(role): \(what) -> level \(referee.level), steps (\(first), \(first + span)]"
}

struct DisputePlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play the game, both sides in one process, and print every move and the winner.",
        discussion: """
            The solver lies if asked (--lie-at-step, --lie-output, --lie-steps, --lie-gas); the \
            challenger plays --challenger honest, random or silent. The last line is \
            `winner: solver` or `winner: challenger`. Timings and sizes go to standard error. \
            With --json, one JSON object instead of the moves and the last line: \
            {"winner": "challenger", "claimAccepted": true, "moves": N, "maxMoves": M, \
            "bytes": B, "steps": S}. An unknown --challenger is a usage error.
            """)

    @OptionGroup var task: TaskOptions
    @OptionGroup var game: GameOptions

    @Option(help: "The challenger: honest, random, or silent.")
    var challenger: String = "honest"

    @Option(help: "Record the game here (replay with `cairn dispute check`).")
    var log: String?

    @Flag(help: "Print only the summary, not every move.")
    var quiet = false

    @Flag(help: "Print the outcome as one JSON object (no moves).")
    var json = false

    func run() throws {
        let runner = try task.load()
        var steps: UInt64 = 0
        let fastRun = measureCPU { steps = runner.run().registers.steps }
        let config = try game.config(steps: { steps })
        var history: TaskHistory!
        let setup = measureCPU { history = game.history(runner, config) }
        let (solverParty, claim) = game.solver(history, config)
        let strategy: ChallengerStrategy
        switch challenger {
        case "random": strategy = .random(seed: 1)
        case "silent": strategy = .silent(after: 0)
        case "honest": strategy = .honest
        default: throw ValidationError("--challenger is honest, random or silent, not \(NameText.quoted(challenger))")
        }
        let solver = TimedParty(solverParty)
        let challengerParty = TimedParty(Challenger(history: history, config: config, strategy: strategy))
        let quiet = self.quiet || json
        let result = playGame(config: config, claim: claim, solver: solver, challenger: challengerParty) { role, move, referee in
            if !quiet { print(describe(role, move, referee)) }
        }
        if let log, let record = result.log {
            guard FileManager.default.createFile(atPath: log, contents: Data(record.encoded)) else {
                printError("error: cannot write \(log)")
                throw ExitCode(1)
            }
        }
        if result.log == nil, !json { print("the referee rejects the claim") }
        // The honest party: the challenger when the solver lies, else the solver.
        let honest = game.lie == nil ? solver.elapsed : challengerParty.elapsed
        let ratio = (setup + honest) / max(fastRun, 1e-9)
        printError("task: \(history.steps) steps; CPU seconds: one fast run \(seconds(fastRun)), history run \(seconds(setup))")
        printError("moves: \(result.moves) (bound \(config.maxMoves)); bytes: \(result.bytes) (claim and moves)")
        printError("thinking (CPU seconds): solver \(seconds(solver.elapsed)), challenger \(seconds(challengerParty.elapsed))")
        printError("honest work (history run + thinking) / one fast run: \(String(format: "%.2f", ratio))")
        if json {
            print(JSONText.object([
                ("winner", JSONText.string("\(result.winner)")), ("claimAccepted", result.log == nil ? "false" : "true"),
                ("moves", "\(result.moves)"), ("maxMoves", "\(config.maxMoves)"), ("bytes", "\(result.bytes)"),
                ("steps", "\(history.steps)"), ("levels", "[\(config.heights.map(String.init).joined(separator: ","))]"),
                ("fastRunSeconds", seconds(fastRun)), ("historySeconds", seconds(setup)),
                ("solverSeconds", seconds(solver.elapsed)), ("challengerSeconds", seconds(challengerParty.elapsed)),
                ("honestWorkRatio", String(format: "%.3f", ratio)),
            ]))
        } else {
            print("winner: \(result.winner)")
        }
    }
}

struct DisputeCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Re-verify a recorded game from its moves alone.",
        discussion: """
            Prints the events and moves accepted and `winner: ...`, exit status 0, when every \
            move is accepted and the recorded winner is the referee's; `rejected: ...` on \
            standard error and exit status 2 otherwise; 3 when the file cannot be read. With \
            --json: {"status": "accepted", "events": N, "moves": M, "winner": "solver"} or \
            {"status": "rejected", "error": "MESSAGE"}.
            """)

    @Argument(help: "The recorded game.")
    var file: String

    @Flag(help: "Print the outcome as one JSON object.")
    var json = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("error: cannot read \(file)")
            throw ExitCode.badInput
        }
        do {
            let log = try GameLog(decoding: [UInt8](data))
            let referee = try log.check()
            if json {
                print(JSONText.object([
                    ("status", JSONText.string("accepted")), ("events", "\(log.events.count)"),
                    ("moves", "\(referee.moves)"), ("winner", JSONText.string("\(referee.winner!)")),
                ]))
            } else {
                print("\(log.events.count) events, \(referee.moves) moves accepted")
                print("winner: \(referee.winner!)")
            }
        } catch {
            if json { print(JSONText.object([("status", JSONText.string("rejected")), ("error", JSONText.string("\(error)"))])) }
            printError("rejected: \(error)")
            throw ExitCode.rejected
        }
    }
}

struct DisputeMoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Play one side in its own process: read the game file, add this side's next move.",
        discussion: """
            Two processes play each other through a game file: each run replays the file through \
            a fresh referee (trusting neither side), and if it is this side's turn appends its \
            move. Run `cairn dispute move ... --role solver` and `... --role challenger` in turn \
            until one prints `winner: ...`. The game starts from the claim file `cairn dispute \
            claim` wrote. Time is the move count unless --now says otherwise; --claim-timeout \
            ends the game if the other side has let its clock run out. With --json, one JSON \
            object: {"status": "moved", "move": "TEXT", "winner": null}; "status" is moved, \
            timeout, waiting (the other side is to move) or over (the game had ended), \
            "winner" null until there is one.
            """)

    @OptionGroup var task: TaskOptions
    @OptionGroup var game: GameOptions

    @Option(help: "solver or challenger.")
    var role: String

    @Option(help: "The claim file (from `cairn dispute claim`).")
    var claim: String

    @Option(help: "The game file, created if missing.")
    var log: String

    @Option(help: "The time of this move (default: one after the last).")
    var now: UInt64?

    @Flag(help: "Claim that the other side's clock has run out instead of moving.")
    var claimTimeout = false

    @Flag(help: "Print the outcome as one JSON object.")
    var json = false

    /// Prints the outcome: text lines, or one JSON object.
    func report(_ status: String, move: String? = nil, winner: Role?, text: [String]) {
        if json {
            print(JSONText.object([
                ("status", JSONText.string(status)), ("move", move.map(JSONText.string) ?? "null"),
                ("winner", winner.map { JSONText.string("\($0)") } ?? "null"),
            ]))
        } else {
            for line in text { print(line) }
        }
    }

    func run() throws {
        do {
            try move()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            // A game file or claim that does not decode, or a move the referee refuses.
            printError("error: \(error)")
            throw ExitCode.badInput
        }
    }

    func move() throws {
        guard let side = role == "solver" ? Role.solver : role == "challenger" ? Role.challenger : nil else {
            throw ValidationError("--role is solver or challenger")
        }
        var record = try loadRecord()
        var referee = try record.replay()
        if let winner = referee.winner {
            report("over", winner: winner, text: ["winner: \(winner)"])
            return
        }
        let time = now ?? referee.lastTime + 1
        var moveText: String?
        if claimTimeout {
            try referee.timeout(at: time)
            record.events.append(.timeout(time: time))
        } else {
            guard referee.toMove == side else {
                report("waiting", winner: nil, text: ["waiting for the \(side.other)"])
                return
            }
            let history = game.history(try task.load(), record.config)
            let party: DisputeParty
            if side == .solver {
                let (solver, claim) = game.solver(history, record.config)
                guard claim == record.claim else {
                    printError("error: the game's claim is not the one this solver makes")
                    throw ExitCode.badInput
                }
                party = solver
            } else {
                party = Challenger(history: history, config: record.config)
            }
            guard let move = party.move(referee) else {
                printError("error: the \(side) has no move to make")
                throw ExitCode(ExitStatus.internalError)
            }
            try referee.apply(move, by: side, at: time)
            record.events.append(.move(side, time: time, move))
            moveText = describe(side, move, referee)
        }
        record.winner = referee.winner
        guard FileManager.default.createFile(atPath: log, contents: Data(record.encoded)) else {
            printError("error: cannot write \(log)")
            throw ExitCode.usageError
        }
        report(
            moveText == nil ? "timeout" : "moved", move: moveText, winner: referee.winner,
            text: [moveText, referee.winner.map { "winner: \($0)" }].compactMap { $0 })
    }

    func loadRecord() throws -> GameLog {
        if let data = FileManager.default.contents(atPath: log) { return try GameLog(decoding: [UInt8](data)) }
        guard let data = FileManager.default.contents(atPath: claim),
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let config = (json["config"] as? String).flatMap(unhex), let claim = (json["claim"] as? String).flatMap(unhex)
        else {
            printError("error: cannot read the claim \(claim)")
            throw ExitCode.badInput
        }
        return GameLog(config: try GameConfig(decoding: config), claim: try Claim(decoding: claim), start: 0)
    }
}

extension GameLog {
    /// The referee after every recorded event (each must be accepted).
    func replay() throws(DisputeError) -> Referee {
        var referee = try Referee(config: config, claim: claim, at: start)
        for event in events {
            switch event {
            case .move(let role, let time, let move): try referee.apply(move, by: role, at: time)
            case .timeout(let time): try referee.timeout(at: time)
            }
        }
        return referee
    }
}
