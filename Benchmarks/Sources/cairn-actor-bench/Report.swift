import Foundation

/// One run's figures: transfers with the state committed every `commitEvery` messages.
struct RunReport: Codable {
    var commitEvery: Int
    /// What a commit survives: `processCrash` (no fsync) or `powerLoss` (an fsync per commit).
    var durability: String
    var transfers: Int
    var seconds: Double
    var messagesPerSecond: Double
    var gasMedian: UInt64
    var gasMax: UInt64
    var gasMin: UInt64
    /// Seconds of the run spent in `StateDirectory.commit` (and the state tree's flush).
    var commitSeconds: Double
    /// The live state at the end: blocks reachable from the root and their bytes.
    var stateBlocks: Int
    var stateBytes: Int
    /// Every block the SQLite table holds (live and superseded) and the files' size.
    var storedBlocks: Int
    var diskBytes: Int
}

/// The whole report.
struct BenchReport: Codable {
    var accounts: Int
    var transfers: Int
    var seed: UInt64
    var runs: [RunReport]
    var peakRSSBytes: Int

    func printTable() {
        print("cairn-actor-bench: token, \(accounts) accounts, \(transfers) transfers (seed \(seed))")
        print("commit every | durable against | msgs/s | s total | s commit | gas median | gas min..max | live state | SQLite table | on disk")
        for run in runs {
            let columns = [
                "\(run.commitEvery)", run.durability, String(format: "%.0f", run.messagesPerSecond), String(format: "%.2f", run.seconds),
                String(format: "%.2f", run.commitSeconds), "\(run.gasMedian)", "\(run.gasMin)..\(run.gasMax)",
                "\(run.stateBlocks) blocks, \(run.stateBytes) B", "\(run.storedBlocks) blocks", "\(run.diskBytes) B",
            ]
            print(columns.joined(separator: " | "))
        }
        print("peak RSS: \(peakRSSBytes / (1 << 20)) MiB")
    }
}
