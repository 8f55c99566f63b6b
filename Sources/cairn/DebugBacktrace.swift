import Cairn
import CairnDebug
import CairnSpecTest
import Foundation

/// The backtrace `cairn run` prints after a trap (docs/debugging.md, "Backtraces").
///
/// Runs are deterministic, so nothing is recorded on the way: after a trap the run is
/// replayed, traced, in a fresh store with the same program, imports, gas and arguments, and
/// the call stack at the trapping instruction is read off the replay. Function names come from
/// the name section and exports; `file:line` from DWARF `.debug_line`, when the module has it.
enum DebugBacktrace {
    /// The backtrace lines of a run of `program` (from the file at `path`) that trapped, or
    /// nil when the replay does not trap (it always does, unless the trap was a host's).
    /// `call` repeats the call on the replay's instance (nil: the trap was in instantiation).
    static func lines(
        path: String, program: Program, schedule: GasSchedule?, gasLimit: UInt64, spectest: Bool,
        call: ((Store, Instance) throws(Trap) -> Void)?
    ) -> [String]? {
        let store = Store(limits: MachineLimits(), schedule: schedule)
        store.gasLimit = gasLimit
        var imports = Imports()
        if spectest { SpectestHost.define(in: &imports, store: store) }
        let recorder = CallStackRecorder()
        store.instructionHook = recorder.hook
        do {
            let instance = try store.instantiate(program, imports: imports)
            guard let call else { return nil }
            try call(store, instance)
            return nil
        } catch {
            // Trapped (in instantiation or the call): the recorder holds the stack.
        }
        guard !recorder.frames.isEmpty else { return nil }
        let info = debugInfo(path: path, program: program)
        return ["backtrace:"] + elided(info.backtrace(recorder.pcs))
    }

    /// A deep stack (unbounded recursion) shortened to its 12 innermost and 4 outermost frames.
    static func elided(_ frames: [String]) -> [String] {
        guard frames.count > 20 else { return frames }
        return frames.prefix(12) + ["  ... \(frames.count - 16) more frames ..."] + frames.suffix(4)
    }

    /// Names and, for a binary module with DWARF line tables, source lines.
    static func debugInfo(path: String, program: Program) -> DebugInfo {
        guard let data = FileManager.default.contents(atPath: path), data.starts(with: [0x00, 0x61, 0x73, 0x6D]),
              let module = try? ModuleDecoder.decode([UInt8](data)),
              let lowered = try? Lowering.lowerRecordingOffsets(module)
        else { return DebugInfo(program: program) }
        return DebugInfo(program: lowered.program, module: [UInt8](data), wasmOffsets: lowered.wasmOffsets)
    }
}
