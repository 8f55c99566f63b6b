import CairnActors
import CairnDebug
import CairnMachine
import Foundation

/// `cairn actor send --trace FILE`: the step trace of every invocation of the message(s), one
/// JSON object per instruction as `cairn run --trace` writes them (docs/debugging.md), each
/// with the invocation's actor ID, method, call depth (1: the message's receiver) and number
/// (invocations in the order they started, from 0), and a summary line per invocation.
///
/// Invocations nest (an actor's `send` runs the callee inside the caller's syscall): the
/// caller's records so far are flushed when a callee starts, so the file is in execution
/// order, except that a record is written once its instruction completes, so the syscall
/// instruction that made the call comes after the callee's records.
final class ActorTrace {
    private let handle: FileHandle
    private var active: [StepTracer] = []
    private var invocations = 0

    /// Opens `path` and installs the trace on `machine`'s invocations.
    init(machine: Machine, path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ActorTraceError(path: path)
        }
        self.handle = handle
        machine.invocationObserver = { [unowned self] store, actor, method, depth in self.start(store, actor, method, depth) }
    }

    private func start(_ store: Store, _ actor: UInt64, _ method: UInt64, _ depth: Int) -> (Trap?) -> Void {
        for caller in active { caller.flush() }
        let handle = self.handle
        let tracer = StepTracer(store: store) { handle.write(Data($0)) }
        tracer.extraFields = ",\"actor\":\(actor),\"method\":\(method),\"actorDepth\":\(depth),\"invocation\":\(invocations)"
        invocations += 1
        store.instructionHook = tracer.hook
        active.append(tracer)
        return { [unowned self] trap in
            store.instructionHook = nil
            tracer.finish(gasLeft: store.gasLimit &- store.gasUsed, trap: trap?.description)
            self.active.removeLast()
        }
    }

    /// Closes the file.
    func close() { try? handle.close() }
}

struct ActorTraceError: Error, CustomStringConvertible {
    var path: String
    var description: String { "cannot write the trace file \(path)" }
}
