import ArgumentParser
import Cairn
import CairnHash
import CairnProof
import CairnTask
import CairnVerifier
import Foundation
import WAT

/// Measurements for provable execution (issue 6), run from the repository root:
///   swift run -c release --package-path Benchmarks cairn-proof-bench
@main
struct ProofBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cairn-proof-bench",
        abstract: "Measure step counting, commitments, long-run fast/step equivalence and checkpointed proving.")

    @Flag(help: "Fewer repetitions and shorter runs.")
    var quick = false

    @Option(help: "Steps of the long equivalence run (about).")
    var equivalenceSteps: UInt64 = 100_000_000

    @Option(help: "Steps of the long checkpointed run (about).")
    var longSteps: UInt64 = 1_000_000_000

    @Option(help: "Steps between checkpoints in the long run.")
    var checkpointInterval: UInt64 = 50_000_000

    @Option(help: "Only these parts (sizes, overhead, commit, equivalence, checkpoints, hostile-memory).")
    var only: [String] = []

    func wants(_ part: String) -> Bool { only.isEmpty || only.contains(part) }

    func run() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if wants("sizes") { try sizes(root) }
        if wants("overhead") { try overhead(root) }
        if wants("commit") { try commit() }
        if wants("equivalence") { try equivalence(root) }
        if wants("checkpoints") { try checkpoints(root) }
        if wants("hostile-memory") { try hostileMemory() }
        // The parts of hostile-memory, each run in a child process of its own (see there).
        if only.contains("hostile-fast") { try hostileFast() }
        if only.contains("hostile-task") { try hostileTask() }
    }

    /// Proof sizes over every step of the example tasks.
    func sizes(_ root: URL) throws {
        print("== proof sizes, every step proven and verified")
        var input: [UInt8] = []
        var x: UInt32 = 1
        for _ in 0..<1024 { x = x &* 1_103_515_245 &+ 12345; input.append(UInt8(truncatingIfNeeded: x >> 16) % 64 + 32) }
        var all: [Int] = []
        for name in ["sha256", "wordcount"] {
            let wasm = [UInt8](try Data(contentsOf: root.appendingPathComponent("examples/tasks/\(name).wasm")))
            let task = try TaskProgram(try Lowering.lower(wasm: wasm))
            let state = TaskState(program: task, input: input, gas: .max)
            var sizes: [Int] = []
            var before = state.stateHash()
            let seconds = try time {
                while !state.isStopped {
                    let proof = state.prove().encoded()
                    state.step()
                    let after = state.stateHash()
                    guard try Verifier.verify(before: before, proof: proof) == after else { throw ProofError("mismatch") }
                    before = after
                    sizes.append(proof.count)
                }
            }
            sizes.sort()
            all += sizes
            print(String(format: "%@ (1 KiB input): %d steps in %.1f s; proof median %d B, 99th percentile %d B, largest %d B", name, sizes.count, seconds, sizes[sizes.count / 2], sizes[sizes.count * 99 / 100], sizes.last!))
        }
        all.sort()
        print("all: median \(all[all.count / 2]) B, largest \(all.last!) B")
    }

    /// Counted (metered + step counting) over plain metered, on the cairn-bench workloads.
    func overhead(_ root: URL) throws {
        struct Workloads: Decodable {
            struct Workload: Decodable { var name: String; var module: String; var function: String; var args: [Int64] }
            var workloads: [Workload]
        }
        let data = try Data(contentsOf: root.appendingPathComponent("Benchmarks/Workloads/workloads.json"))
        let workloads = try JSONDecoder().decode(Workloads.self, from: data).workloads
        print("== step counting overhead (counted ÷ metered, median of \(quick ? 3 : 7) alternating runs)")
        var ratios: [Double] = []
        for workload in workloads {
            let wasm = try [UInt8](Data(contentsOf: root.appendingPathComponent(workload.module)))
            let program = try Lowering.lower(wasm: wasm)
            func engine(counted: Bool) throws -> () throws -> Void {
                let store = Store()
                if counted { store.countSteps(target: .max) { _ in .max } }
                let instance = try store.instantiate(program)
                let address = instance.exportedFunction(workload.function)!
                let arguments: [Value] = zip(store.functionType(address).parameters, workload.args).map { type, value in
                    switch type {
                    case .i64: .i64(UInt64(bitPattern: value))
                    case .f32: .f32(Float(value).bitPattern)
                    case .f64: .f64(Double(value).bitPattern)
                    default: .i32(UInt32(truncatingIfNeeded: value))
                    }
                }
                return { _ = try store.invoke(address, arguments) }
            }
            let metered = try engine(counted: false)
            let counted = try engine(counted: true)
            var m: [Double] = []
            var c: [Double] = []
            for _ in 0..<(quick ? 3 : 7) {
                m.append(try time(metered))
                c.append(try time(counted))
            }
            let ratio = median(c) / median(m)
            ratios.append(ratio)
            print(pad(workload.name, 14), String(format: "metered %8.2f ms  counted %8.2f ms  ratio %.3f", median(m) * 1e3, median(c) * 1e3, ratio))
        }
        print(String(format: "geomean counted ÷ metered: %.3f", geometricMean(ratios)))
    }

    /// The cost of one commitment after a run that touched a 64 MiB memory sparsely.
    func commit() throws {
        for stride in [65536, 4096] { try commit(stride: stride) }
    }

    func commit(stride: Int) throws {
        print("== commitment after a run that grows memory to 64 MiB and writes one word every \(stride) bytes (\(67_108_864 / stride) leaves)")
        let text = """
            (module
              (import "task" "output_write" (func $write (param i32 i32)))
              (memory 1 1024)
              (func (export "run") (local $a i32)
                (drop (memory.grow (i32.const 1023)))
                (loop $next
                  (i32.store (local.get $a) (i32.add (local.get $a) (i32.const 1)))
                  (local.set $a (i32.add (local.get $a) (i32.const \(stride))))
                  (br_if $next (i32.lt_u (local.get $a) (i32.const 67108864))))
                (call $write (i32.const 4096) (i32.const 4))))
            """
        let task = try TaskProgram(try Lowering.lower(wasm: try wat2wasm(text)))
        let runner = TaskRunner(task: task, input: [], gasLimit: 100_000_000_000)
        // The full run exports the final state (memory compared against its shadow, the changed
        // leaves written); the hash then rehashes their paths.
        var final: TaskState?
        let runTime = try time { final = runner.run() }
        var hash: Digest?
        let hashTime = try time { hash = final!.stateHash() }
        let again = try time { _ = final!.stateHash() }
        print(String(format: "run + export: %.1f ms; first state hash: %.1f ms; hash with nothing changed: %.3f ms", runTime * 1e3, hashTime * 1e3, again * 1e3))
        // An incremental commit: checkpoint near the end, then the last steps and a commit.
        let steps = final!.registers.steps
        var midHash: Digest?
        let midTime = try time {
            runner.run(targets: { $0 == nil ? steps - 10 : nil }, visit: { _, state in midHash = state.stateHash() })
        }
        print("final \(hash!) after \(steps) steps; state at step \(steps - 10) \(midHash!) (fast run + export + hash \(String(format: "%.1f", midTime * 1e3)) ms)")
    }

    /// Fast-then-commit equals step-then-commit at random steps of a long run.
    func equivalence(_ root: URL) throws {
        let rounds = (quick ? equivalenceSteps / 10 : equivalenceSteps) / 19
        print("== fast vs stepped, spin task with \(rounds) rounds")
        let task = try TaskProgram(try Lowering.lower(wasm: [UInt8](Data(contentsOf: root.appendingPathComponent("examples/tasks/spin.wasm")))))
        let input = Array("\(rounds)".utf8)
        let runner = TaskRunner(task: task, input: input, gasLimit: .max)
        var final: TaskState?
        let fastTime = try time { final = runner.run() }
        let total = final!.registers.steps
        print(String(format: "fast run: %llu steps in %.2f s (%.0f M steps/s)", total, fastTime, Double(total) / fastTime / 1e6))
        var random = UInt64(0x2545F4914F6CDD1D)
        func next() -> UInt64 { random ^= random << 13; random ^= random >> 7; random ^= random << 17; return random }
        let ks = (0..<3).map { _ in next() % total }.sorted()
        var fast: [UInt64: Digest] = [:]
        var pending = ks[...]
        let targetedTime = try time {
            runner.run(targets: { _ in pending.popFirst() }, visit: { k, state in fast[k] = state.stateHash() })
        }
        print(String(format: "fast run with 3 commits: %.2f s", targetedTime))
        let stepper = runner.initialState()
        var agree = true
        let stepTime = try time {
            for k in ks {
                stepper.run(toStep: k)
                let same = stepper.stateHash() == fast[k]
                agree = agree && same
                print("step \(k): \(same ? "equal" : "DIFFERENT") \(fast[k]!)")
            }
        }
        print(String(format: "stepper: %llu steps in %.1f s (%.2f M steps/s); all equal: %@", ks.last!, stepTime, Double(ks.last!) / stepTime / 1e6, agree ? "yes" : "NO"))
    }

    /// Proving a step near the end of a long run from checkpoints.
    func checkpoints(_ root: URL) throws {
        let rounds = (quick ? longSteps / 10 : longSteps) / 19
        print("== checkpointed proving, spin task with \(rounds) rounds, checkpoints every \(checkpointInterval) steps")
        let task = try TaskProgram(try Lowering.lower(wasm: [UInt8](Data(contentsOf: root.appendingPathComponent("examples/tasks/spin.wasm")))))
        let runner = TaskRunner(task: task, input: Array("\(rounds)".utf8), gasLimit: .max)
        var checkpoints: TaskCheckpoints?
        let buildTime = try time { checkpoints = TaskCheckpoints(runner: runner, interval: checkpointInterval) }
        let total = checkpoints!.final.registers.steps
        print(String(format: "run with %d checkpoints: %llu steps in %.2f s", checkpoints!.states.count, total, buildTime))
        for k in [total - 1000, total - checkpointInterval / 2] {
            var proof: [UInt8] = []
            var before: Digest?
            let proveTime = try time {
                let state = checkpoints!.state(at: k)
                before = state.stateHash()
                proof = state.prove().encoded()
            }
            let after = try Verifier.verify(before: before!, proof: proof)
            print(String(format: "prove step %llu: %.3f s, %d-byte proof, verified → %@", k, proveTime, proof.count, after.description))
        }
    }
}

func time(_ body: () throws -> Void) throws -> Double {
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    try body()
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &end)
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func geometricMean(_ values: [Double]) -> Double { exp(values.map { log($0) }.reduce(0, +) / Double(values.count)) }

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
