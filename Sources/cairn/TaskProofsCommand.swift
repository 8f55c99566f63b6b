import ArgumentParser
import CairnHash
import CairnProof
import CairnTask
import CairnVerifier
import Foundation

/// `cairn task proofs`: one-step proofs of many steps in one run, for bulk checks of another
/// verifier (the EVM referee's differential test, docs/referee.md).
struct TaskProofsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proofs",
        abstract: "Write one-step proofs of many steps as JSON lines.",
        discussion: """
            Runs the task fast to step --from, then steps it, proving every --every-th step \
            until --count proofs are written or the task stops. Each line: {"step": K, "pc": P, \
            "op": "MNEMONIC", "before": "HASH", "after": "HASH", "proof": "HEX"}, where op is the \
            instruction at pc in the task's code (`cairn disasm`) and the proof takes the state \
            after K steps (hash before) to the one after K + 1 (hash after), as `cairn task \
            prove` writes it. With --verify, each proof is also checked by the stateless verifier \
            (as `cairn proof verify` does) and the line gets "verified": "HASH" (its after-hash) \
            or "rejected": "MESSAGE".
            """
    )

    @OptionGroup var options: TaskOptions

    @Option(help: "The first step to prove.")
    var from: UInt64 = 0

    @Option(help: "How many proofs to write at most.")
    var count: Int = 1_000

    @Option(help: "Prove every K-th step (1: every step).")
    var every: UInt64 = 1

    @Flag(help: "Also verify each proof with the stateless verifier and add its outcome to the line.")
    var verify = false

    @Option(name: .shortAndLong, help: "Where to write the JSON lines (default: standard output).")
    var output: String?

    func validate() throws {
        guard every >= 1 else { throw ValidationError("--every is at least 1") }
        guard count >= 0 else { throw ValidationError("--count is not negative") }
    }

    func run() throws {
        let runner = try options.load()
        let start = from
        var reached: TaskState?
        runner.run(targets: { previous in previous == nil ? start : nil }, visit: { _, s in reached = s })
        guard let state = reached, state.registers.steps == start else {
            printError("error: the task stops before step \(start)")
            throw ExitCode.usageError
        }
        let code = runner.task.program.code
        var lines = ""
        var written = 0
        while written < count, !state.isStopped {
            let pc = Int(state.registers.pc)
            let before = state.stateHash()
            let proof = state.prove().encoded()
            let step = state.registers.steps
            state.step()
            let op = pc < code.count ? code[pc].mnemonic : "?"
            lines += "{\"step\": \(step), \"pc\": \(pc), \"op\": \"\(op)\", \"before\": \"\(before)\", "
                + "\"after\": \"\(state.stateHash())\", \"proof\": \"\(hex(proof))\"\(verify ? verdict(proof, before) : "")}\n"
            written += 1
            if every > 1, !state.isStopped { state.run(toStep: state.registers.steps + every - 1) }
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(lines.utf8)) else {
                printError("error: cannot write \(output)")
                throw ExitCode.usageError
            }
            printError("\(written) proofs written to \(output)")
        } else {
            print(lines, terminator: "")
        }
    }

    /// The stateless verifier's outcome on `proof` as JSON members (`cairn task proofs --verify`).
    func verdict(_ proof: [UInt8], _ before: Digest) -> String {
        do {
            return ", \"verified\": \"\(try Verifier.verify(before: before, proof: proof))\""
        } catch {
            return ", \"rejected\": \(JSONText.string("\(error)"))"
        }
    }
}
