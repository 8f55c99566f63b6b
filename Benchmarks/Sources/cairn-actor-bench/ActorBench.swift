import ArgumentParser
import CairnActors
import CairnIPLD
import Foundation

@main
struct ActorBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cairn-actor-bench",
        abstract: "Token transfers on the actor runtime, with the state committed to SQLite.",
        discussion: """
            Creates a state directory, genesis, --accounts accounts and the token actor (its whole \
            supply held by the first account), gives every other account tokens, then times \
            --transfers transfers between seeded random pairs of accounts, in three runs: the state \
            committed to SQLite after every message, then once per block of --block-size messages, \
            both durable against kill -9 (SQLite WAL, synchronous = NORMAL), then after every message with an \
            fsync per commit (synchronous = FULL, durable against power loss). \
            Reports messages per second, gas per transfer, the state's size and peak memory.
            """
    )

    @Option(name: .long, help: "Accounts holding tokens.")
    var accounts = 1000

    @Option(name: .long, help: "Timed transfers per run.")
    var transfers = 10_000

    @Option(name: .long, help: "Messages per commit in the second run.")
    var blockSize = 100

    @Option(name: .long, help: "Seed of the transfers' random pairs and amounts.")
    var seed: UInt64 = 22

    @Option(name: .long, help: "Directory of the actors' Wasm (system, init, account, placeholder, token).")
    var wasm = "actors/wasm"

    @Option(name: .long, help: "Where the state directories are made (a fresh temporary directory by default).")
    var directory: String?

    @Flag(name: .long, help: "Skip the third run (an fsync per commit: durable against power loss).")
    var skipFsync = false

    @Flag(name: .long, help: "Skip the first run (a commit after every message): to profile execution.")
    var skipPerMessage = false

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func run() throws {
        let base = directory ?? NSTemporaryDirectory() + "cairn-actor-bench-\(getpid())"
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: base) } }
        try? FileManager.default.removeItem(atPath: base)
        var runs: [RunReport] = []
        var plan: [(Int, StateDirectory.Durability)] = [(1, .processCrash), (blockSize, .processCrash)]
        if skipPerMessage { plan.removeFirst() }
        if !skipFsync { plan.append((1, .powerLoss)) }
        for (commitEvery, durability) in plan {
            var workload = try TokenWorkload(
                path: base + "/commit-every-\(commitEvery)-\(durability)", wasmDirectory: wasm, accounts: accounts,
                seed: seed, durability: durability)
            runs.append(try workload.run(transfers: transfers, commitEvery: commitEvery))
        }
        let report = BenchReport(accounts: accounts, transfers: transfers, seed: seed, runs: runs, peakRSSBytes: peakRSS())
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            report.printTable()
        }
    }
}

/// Peak resident memory of this process, in bytes.
func peakRSS() -> Int {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss * 1024
    #else
    getrusage(RUSAGE_SELF, &usage)
    return usage.ru_maxrss
    #endif
}

/// Seconds on the monotonic clock.
func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
