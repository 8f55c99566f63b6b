import ArgumentParser
import CairnDebug
import CairnMachine
import CairnProgram
import CairnProof
import CairnTask
import CairnWasm
import Foundation

/// The step-trace options of `cairn run` and `cairn task run` (docs/debugging.md).
struct TraceArguments: ParsableArguments {
    @Option(name: .customLong("trace"), help: ArgumentHelp(
        "Write a step trace to FILE: one JSON object per executed instruction (docs/debugging.md); the run takes the slower switch loop, results and gas are the same.",
        valueName: "FILE"))
    var file: String?

    @Option(name: .customLong("trace-from"), help: ArgumentHelp("The first instruction step traced (from 0).", valueName: "K"))
    var from: UInt64 = 0

    @Option(name: .customLong("trace-to"), help: ArgumentHelp("Trace instruction steps before K only.", valueName: "K"))
    var to: UInt64?

    @Option(name: .customLong("trace-function"), help: ArgumentHelp(
        "Trace only the instructions of this function (name-section name, export name or func[N]).", valueName: "NAME"))
    var function: String?

    @Flag(name: .customLong("trace-memory"), help: "Add the bytes that stores and bulk memory operations wrote to trace records.")
    var memory = false

    /// Whether a trace was asked for.
    var isOn: Bool { file != nil }

    /// A tracer writing to the trace file, installed on `store`; nil without --trace.
    func install(on store: Store, program: Program, path: String) throws -> StepTracer? {
        guard let file else { return nil }
        let handle = try Self.open(file)
        let filter = TraceFilter(from: from, to: to, function: function, memory: memory)
        let tracer = StepTracer(store: store, filter: filter) { bytes in handle.write(Data(bytes)) }
        let info = DebugBacktrace.debugInfo(path: path, program: program)
        if info.lines != nil { tracer.debugInfo = info }
        store.instructionHook = tracer.hook
        return tracer
    }

    /// Traces the task `runner` runs; finish the returned trace with the final state.
    func attach(to runner: TaskRunner) throws -> TaskTrace? {
        guard let file else { return nil }
        let trace = TaskTrace(handle: try Self.open(file), filter: TraceFilter(from: from, to: to, function: function, memory: memory))
        runner.instructionHook = { store in trace.tracing(store) }
        return trace
    }

    private static func open(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            printError("error: cannot write the trace to \(path)")
            throw ExitCode(ExitStatus.usage)
        }
        return handle
    }
}

/// The trace of one task run: its tracer is made with the runner's store.
final class TaskTrace {
    private let handle: FileHandle
    private let filter: TraceFilter
    private var tracer: StepTracer?

    init(handle: FileHandle, filter: TraceFilter) {
        (self.handle, self.filter) = (handle, filter)
    }

    func tracing(_ store: Store) -> InstructionHook {
        let handle = self.handle
        let made = StepTracer(store: store, filter: filter, proofSteps: true) { bytes in handle.write(Data(bytes)) }
        tracer = made
        return made.hook
    }

    /// Ends the trace with the task's final state.
    func finish(_ state: TaskState) {
        let r = state.registers
        let trap: String? = switch r.status {
        case .trapped: TrapKind(rawValue: r.trap).map { "\($0)" } ?? "trap \(r.trap)"
        default: nil
        }
        tracer?.finish(gasLeft: r.gas, trap: trap)
        tracer = nil
        try? handle.close()
    }
}
