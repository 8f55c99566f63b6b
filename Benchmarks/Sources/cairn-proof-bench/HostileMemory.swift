import Cairn
import CairnHash
import CairnProof
import CairnTask
import CairnVerifier
import Foundation
import WAT

/// Host resources of a program that grows its memory to 4 GiB one page at a time and writes one
/// byte (docs/proofs.md, "Measurements"): it touches almost nothing, so it should cost the host
/// almost nothing.
extension ProofBench {
    /// The hostile module: `memory 1` with no declared maximum, grown by 65,535 single pages,
    /// then one byte stored at the last address.
    static let hostileModule = """
        (module
          (memory 1)
          (func (export "run") (local $i i32)
            (loop $grow
              (drop (memory.grow (i32.const 1)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $grow (i32.lt_u (local.get $i) (i32.const 65535))))
            (i32.store8 (i32.const -1) (i32.const 7))))
        """

    /// Runs each part in a child process of its own, so that each peak resident set (VmHWM) is
    /// that part's alone, as cairn-bench does for its workloads.
    func hostileMemory() throws {
        print("== hostile memory: grow to 65,536 pages one page at a time, write one byte")
        for part in ["hostile-fast", "hostile-task"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
            process.arguments = ["--only", part]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            print(String(decoding: output, as: UTF8.self), terminator: "")
            guard process.terminationStatus == 0 else { throw ProofError("\(part) failed with status \(process.terminationStatus)") }
        }
    }

    /// The module run fast: metered `Store.invoke`.
    func hostileFast() throws {
        let program = try Lowering.lower(wasm: try wat2wasm(Self.hostileModule))
        let baseline = residentKiB("VmRSS")
        var gas: UInt64 = 0
        let seconds = try time {
            let store = Store()
            let instance = try store.instantiate(program)
            _ = try store.invoke(instance.exportedFunction("run")!, [])
            gas = store.gasUsed
        }
        print(String(format: "fast (metered invoke): %.3f s, %llu gas; peak RSS %.1f MB (%.1f MB before the run)",
            seconds, gas, Double(residentKiB("VmHWM")) / 1024, Double(baseline) / 1024))
    }

    /// The module as a task: `TaskRunner.run` to the end, then a proof of its last step (a second
    /// run that pauses one step before the end, as `cairn task prove` does).
    func hostileTask() throws {
        let task = try TaskProgram(try Lowering.lower(wasm: try wat2wasm(Self.hostileModule)))
        let baseline = residentKiB("VmRSS")
        let runner = TaskRunner(task: task, input: [], gasLimit: 100_000_000_000)
        var final: TaskState?
        let runTime = try time { final = runner.run(); _ = final!.stateHash() }
        let steps = final!.registers.steps
        let runPeak = residentKiB("VmHWM")
        var proof: [UInt8] = []
        var before: Digest?
        let proveTime = try time {
            runner.run(targets: { $0 == nil ? steps - 1 : nil }, visit: { _, state in
                before = state.stateHash()
                proof = state.prove().encoded()
            })
        }
        let after = try Verifier.verify(before: before!, proof: proof)
        guard after == final!.stateHash() else { throw ProofError("the proof of the last step does not reach the final state") }
        print(String(format: "task run + hash: %.3f s (%llu steps, peak RSS %.1f MB); prove the last step: %.3f s (%d-byte proof, verified); peak RSS %.1f MB (%.1f MB before)",
            runTime, steps, Double(runPeak) / 1024, proveTime, proof.count, Double(residentKiB("VmHWM")) / 1024, Double(baseline) / 1024))
    }
}

/// A field of /proc/self/status in KiB (0 where there is none).
func residentKiB(_ field: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }
    return 0
}
