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
        subcommands: [TaskRunCommand.self, TaskTraceCommand.self, TaskProveCommand.self, TaskProofsCommand.self]
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

    @Flag(help: "Lower the module's float instructions to calls into the linked soft-float library, so that every step is an integer step (docs/softfloat.md).")
    var softFloat = false

    /// The task program and its input, or an exit with the error printed.
    func load() throws -> TaskRunner {
        let lowered = try ModuleInput.programOrExit(program, profile: softFloat ? .softFloat : .standard)
        let task: TaskProgram
        do {
            task = try TaskProgram(lowered)
        } catch {
            printError("error: \(program) is not a task: \(error)")
            throw ExitCode.badInput
        }
        var bytes: [UInt8] = []
        if let input {
            guard let data = FileManager.default.contents(atPath: input) else {
                printError("error: cannot read \(input)")
                throw ExitCode.badInput
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
            Prints how the task ended, the steps and gas it took, and the final state hash (on \
            standard error; the output goes to standard output or --output). A run that takes \
            more than a second shows its steps and gas so far on standard error when that is a \
            terminal.

            --json prints one JSON object on standard output instead, keys in this order:
              {"status": "halted", "trap": null, "steps": 1234, "gasUsed": 5678,
               "state": "HASH", "output": "HEX"}
            "status" is halted, trapped or outOfGas ("trap" then names the trap); "output" is \
            the output bytes in hex, or null when --output wrote them to a file.

            Exit status: 0 when it halted, 2 when it trapped, 4 when it ran out of gas, 3 when \
            the program is not a valid task or the input cannot be read, 1 when the output \
            cannot be written (see `cairn --help`).
            """
    )

    @OptionGroup var options: TaskOptions

    @Option(help: "Where to write the output (default: standard output).")
    var output: String?

    @Flag(help: "Print the outcome as one JSON object.")
    var json = false

    @OptionGroup var tracing: TraceArguments

    func run() throws {
        let runner = try options.load()
        let trace = try tracing.attach(to: runner)
        let final: TaskState
        if let progress = Progress.ifTerminal() {
            let gas = options.gas
            final = runner.run(
                targets: { previous in (previous ?? 0) &+ Progress.interval },
                visit: { step, state in progress.update(steps: step, gasUsed: gas - state.registers.gas) })
            progress.finish()
        } else {
            final = runner.run()
        }
        trace?.finish(final)
        let (summary, status) = describe(final, gasLimit: options.gas)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(final.output)) else {
                printError("error: cannot write \(output)")
                throw ExitCode.usageError
            }
        } else if !json {
            FileHandle.standardOutput.write(Data(final.output))
        }
        if json {
            print(taskJSON(final, gasLimit: options.gas, output: output == nil ? final.output : nil))
        } else {
            printError(summary)
            printError("state \(final.stateHash())")
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// The JSON object of how a task ended (``TaskRunCommand``'s --json).
func taskJSON(_ state: TaskState, gasLimit: UInt64, output: [UInt8]?) -> String {
    let r = state.registers
    let status: String
    var trap = "null"
    switch r.status {
    case .halted: status = "halted"
    case .running: status = "running"
    case .trapped:
        let kind = TrapKind(rawValue: r.trap)
        status = kind == .outOfGas ? "outOfGas" : "trapped"
        trap = JSONText.string(kind.map { "\($0)" } ?? "trap \(r.trap)")
    }
    return JSONText.object([
        ("status", JSONText.string(status)), ("trap", trap), ("steps", "\(r.steps)"),
        ("gasUsed", "\(gasLimit - r.gas)"), ("state", JSONText.string("\(state.stateHash())")),
        ("output", output.map { JSONText.string(hex($0)) } ?? "null"),
    ])
}

struct TaskTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Print the state hash every K steps.",
        discussion: """
            Runs the task fast and prints a line per K steps, `STEP HASH`, from step 0 to the \
            last step, which is always printed. The hashes are those that stepping one step at \
            a time gives. With --json, each line is a JSON object instead: \
            {"step": 0, "state": "HASH"}.
            """
    )

    @OptionGroup var options: TaskOptions

    @Flag(help: "Print each line as a JSON object.")
    var json = false

    @Option(help: "Steps between lines.")
    var every: UInt64

    func validate() throws {
        guard every > 0 else { throw ValidationError("--every must be at least 1") }
    }

    func run() throws {
        let runner = try options.load()
        let every = self.every
        let json = self.json
        func line(_ step: UInt64, _ state: TaskState) {
            if json {
                print(JSONText.object([("step", "\(step)"), ("state", JSONText.string("\(state.stateHash())"))]))
            } else {
                print("\(step) \(state.stateHash())")
            }
        }
        var last: UInt64?
        let final = runner.run(
            targets: { previous in previous.map { $0 &+ every } ?? 0 },
            visit: { step, state in
                line(step, state)
                last = step
            })
        if last != final.registers.steps { line(final.registers.steps, final) }
    }
}

struct TaskProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Write the one-step proof of step K (from the state after K steps).",
        discussion: """
            Runs the task fast to step K, proves the next step, and writes the proof. Prints \
            the state hashes before and after the step; `cairn proof verify FILE --before \
            HASH` checks the proof and prints the hash after. With --json: \
            {"step": K, "before": "HASH", "after": "HASH", "proofBytes": N}.
            """
    )

    @Flag(help: "Print the hashes and the proof's size as one JSON object.")
    var json = false

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
            throw ExitCode.usageError
        }
        let before = state.stateHash()
        let proof = state.prove().encoded()
        state.step()
        guard FileManager.default.createFile(atPath: output, contents: Data(proof)) else {
            printError("error: cannot write \(output)")
            throw ExitCode.usageError
        }
        if json {
            print(JSONText.object([
                ("step", "\(step)"), ("before", JSONText.string("\(before)")),
                ("after", JSONText.string("\(state.stateHash())")), ("proofBytes", "\(proof.count)"),
            ]))
        } else {
            print("before \(before)")
            print("after \(state.stateHash())")
            printError("proof: \(proof.count) bytes")
        }
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
            against it, runs the step, and prints the resulting state hash. HASH is 64 hex \
            digits, with or without 0x. With --json, prints {"status": "accepted", "after": \
            "HASH"} or {"status": "rejected", "error": "MESSAGE"}. Exit status: 0 when the \
            proof is accepted, 2 when it is rejected (`rejected: ...` on standard error), 3 \
            when the proof file cannot be read, 64 for a malformed HASH (see `cairn --help`).
            """
    )

    @Flag(help: "Print the outcome as one JSON object.")
    var json = false

    @Argument(help: "The proof file.")
    var proof: String

    @Option(help: "The state hash before the step (64 hex digits).")
    var before: String

    func run() throws {
        let hash = try HashArgument.parse(before, option: "--before")
        guard let data = FileManager.default.contents(atPath: proof) else {
            printError("error: cannot read \(proof)")
            throw ExitCode.badInput
        }
        do {
            let after = try Verifier.verify(before: hash, proof: [UInt8](data))
            print(json ? JSONText.object([("status", JSONText.string("accepted")), ("after", JSONText.string("\(after)"))]) : "\(after)")
        } catch {
            if json {
                print(JSONText.object([("status", JSONText.string("rejected")), ("error", JSONText.string("\(error)"))]))
            }
            printError("rejected: \(error)")
            throw ExitCode.rejected
        }
    }
}
