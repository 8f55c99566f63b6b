import ArgumentParser
import Cairn
import CairnHash
import CairnProof
import CairnTask
import CairnVerifier
import Foundation

/// `cairn task`: run provable tasks, trace their state hashes, prove one step.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Run a provable task, trace its state hashes, or prove one of its steps.",
        discussion: """
            A task is a program plus input bytes; it produces output bytes. The program imports \
            only task.input_size () -> i32, task.input_read (offset, ptr, len) -> i32 and \
            task.output_write (ptr, len), and exports run () -> (). Its state after every step \
            has one Keccak-256 hash; see docs/proofs.md.
            """,
        subcommands: [TaskRunCommand.self, TaskTraceCommand.self, TaskProveCommand.self]
    )
}

/// The options every task subcommand takes.
struct TaskOptions: ParsableArguments {
    @Argument(help: "The task program: binary .wasm, text .wat, or lowered .cairn.")
    var program: String

    @Option(help: "The input file (default: no input).")
    var input: String?

    @Option(help: "The gas limit.")
    var gas: UInt64 = 10_000_000_000

    /// The task program and its input, or an exit with the error printed.
    func load() throws -> TaskRunner {
        let lowered = try ModuleInput.programOrExit(program)
        let task: TaskProgram
        do {
            task = try TaskProgram(lowered)
        } catch {
            printError("error: \(program) is not a task: \(error)")
            throw ExitCode(3)
        }
        var bytes: [UInt8] = []
        if let input {
            guard let data = FileManager.default.contents(atPath: input) else {
                printError("error: cannot read \(input)")
                throw ExitCode(1)
            }
            bytes = [UInt8](data)
        }
        return TaskRunner(task: task, input: bytes, gasLimit: gas)
    }
}

/// A one-line summary of how a task ended, and the exit status for it.
func describe(_ state: TaskState, gasLimit: UInt64) -> (String, Int32) {
    let r = state.registers
    let used = gasLimit - r.gas
    switch r.status {
    case .halted: return ("halted after \(r.steps) steps, gas used \(used)", 0)
    case .trapped:
        let kind = TrapKind(rawValue: r.trap)
        let outOfGas = kind == .outOfGas
        return ("trapped (\(kind.map { "\($0)" } ?? "trap \(r.trap)")) after \(r.steps) steps, gas used \(used)", outOfGas ? 4 : 2)
    case .running: return ("running after \(r.steps) steps", 0)
    }
}

struct TaskRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a task fast and write its output.",
        discussion: """
            Prints how the task ended, the steps and gas it took, and the final state hash. \
            Exit status: 0 when it halted, 2 when it trapped, 4 when it ran out of gas, 3 when \
            the program is not a valid task, 1 for a usage error.
            """
    )

    @OptionGroup var options: TaskOptions

    @Option(help: "Where to write the output (default: standard output).")
    var output: String?

    func run() throws {
        let runner = try options.load()
        let final = runner.run()
        let (summary, status) = describe(final, gasLimit: options.gas)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(final.output)) else {
                printError("error: cannot write \(output)")
                throw ExitCode(1)
            }
        } else {
            FileHandle.standardOutput.write(Data(final.output))
        }
        printError(summary)
        printError("state \(final.stateHash())")
        if status != 0 { throw ExitCode(status) }
    }
}

struct TaskTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Print the state hash every K steps.",
        discussion: """
            Runs the task fast and prints a line per K steps, `STEP HASH`, from step 0 to the \
            last step, which is always printed. The hashes are those that stepping one step at \
            a time gives.
            """
    )

    @OptionGroup var options: TaskOptions

    @Option(help: "Steps between lines.")
    var every: UInt64

    func validate() throws {
        guard every > 0 else { throw ValidationError("--every must be at least 1") }
    }

    func run() throws {
        let runner = try options.load()
        let every = self.every
        var last: UInt64?
        let final = runner.run(
            targets: { previous in previous.map { $0 &+ every } ?? 0 },
            visit: { step, state in
                print("\(step) \(state.stateHash())")
                last = step
            })
        if last != final.registers.steps { print("\(final.registers.steps) \(final.stateHash())") }
    }
}

struct TaskProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Write the one-step proof of step K (from the state after K steps).",
        discussion: """
            Runs the task fast to step K, proves the next step, and writes the proof. Prints \
            the state hashes before and after the step; `cairn proof verify FILE --before \
            HASH` checks the proof and prints the hash after.
            """
    )

    @OptionGroup var options: TaskOptions

    @Option(help: "The step: the proof takes the state after K steps to the one after K + 1.")
    var step: UInt64

    @Option(name: .shortAndLong, help: "Where to write the proof.")
    var output: String

    func run() throws {
        let runner = try options.load()
        var state: TaskState?
        let step = self.step
        runner.run(targets: { previous in previous == nil ? step : nil }, visit: { _, s in state = s })
        guard let state, state.registers.steps == step else {
            printError("error: the task stops before step \(step)")
            throw ExitCode(1)
        }
        let before = state.stateHash()
        let proof = state.prove().encoded()
        state.step()
        guard FileManager.default.createFile(atPath: output, contents: Data(proof)) else {
            printError("error: cannot write \(output)")
            throw ExitCode(1)
        }
        print("before \(before)")
        print("after \(state.stateHash())")
        printError("proof: \(proof.count) bytes")
    }
}

/// `cairn proof`: check proofs.
struct ProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Check one-step proofs.",
        subcommands: [ProofVerifyCommand.self]
    )
}

struct ProofVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a one-step proof against the state hash before it; print the hash after.",
        discussion: """
            The verifier holds nothing but the hash: it checks every leaf the proof carries \
            against it, runs the step, and prints the resulting state hash. Exit status: 0 when \
            the proof is accepted, 2 when it is rejected (`rejected: ...`), 1 for a usage error.
            """
    )

    @Argument(help: "The proof file.")
    var proof: String

    @Option(help: "The state hash before the step (64 hex digits).")
    var before: String

    func run() throws {
        guard let hash = Digest(hex: before) else { throw ValidationError("--before must be 64 hex digits") }
        guard let data = FileManager.default.contents(atPath: proof) else {
            printError("error: cannot read \(proof)")
            throw ExitCode(1)
        }
        do {
            print(try Verifier.verify(before: hash, proof: [UInt8](data)))
        } catch {
            printError("rejected: \(error)")
            throw ExitCode(2)
        }
    }
}
