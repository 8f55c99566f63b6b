import CairnDebug

/// One Wasm frame of a failed call: the function the actor was in and, when the module has
/// DWARF line tables, the source line.
public struct WasmFrame: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The function's most readable name: the name section's, an export's, or `func[N]`.
    public var function: String
    /// `file:line`, when the module was compiled with `-g`.
    public var source: String?

    /// A frame in `function`, at `source` if known.
    public init(function: String, source: String? = nil) { (self.function, self.source) = (function, source) }

    /// `function` or `function at file:line`.
    public var description: String { source.map { "\(function) at \($0)" } ?? function }
}

/// One failed call of a message's backtrace (ref-fvm's backtrace `Frame`): the actor called,
/// the method, how it ended, and, when it ended in a trap, the Wasm call stack at the trap.
public struct FailedCall: Hashable, Sendable, CustomStringConvertible {
    /// The actor called, the method, and how it ended.
    public var actor: ActorID
    public var method: MethodNum
    public var exitCode: ExitCode
    public var message: String
    /// The Wasm functions on the stack when the invocation trapped (a Wasm trap, or a syscall
    /// such as `vm.exit` that ended it), innermost first; empty when it returned.
    public var wasmFrames: [WasmFrame]

    /// A frame.
    public init(actor: ActorID, method: MethodNum, exitCode: ExitCode, message: String, wasmFrames: [WasmFrame] = []) {
        (self.actor, self.method, self.exitCode, self.message, self.wasmFrames) = (actor, method, exitCode, message, wasmFrames)
    }

    /// `f0<actor>.<method> exited <code>: <message>`, then ` in f ← g ← …` for a trap.
    public var description: String {
        let call = "f0\(actor).\(method) exited \(exitCode): \(message)"
        return wasmFrames.isEmpty ? call : call + " in " + wasmFrames.map(\.description).joined(separator: " <- ")
    }
}

/// What applying a message returns (ref-fvm's `ApplyRet`): the consensus receipt, and beside
/// it what is not part of consensus: why the message failed and the backtrace of failed calls.
public struct ApplyResult: Hashable, Sendable {
    /// The receipt (exit code, return data, gas used, events root).
    public var receipt: Receipt
    /// Why the message failed, for people; empty on success (ref-fvm's `failure_info`).
    public var failure: String
    /// The calls that failed, deepest first; empty on success or when the message failed
    /// before any call (ref-fvm's `Backtrace`).
    public var backtrace: [FailedCall]

    /// A result.
    public init(receipt: Receipt, failure: String = "", backtrace: [FailedCall] = []) {
        (self.receipt, self.failure, self.backtrace) = (receipt, failure, backtrace)
    }
}

/// Names the Wasm frames a store recorded at a trap (``Store/trapFrames``), from the
/// program's name section and exports and, for a module with DWARF, its line tables.
enum WasmFrameNaming {
    /// The named frames of `pcs` (innermost first) in the program `info` describes.
    /// A deep stack (unbounded recursion) keeps its 12 innermost and 4 outermost frames.
    static func frames(_ pcs: [Int], info: DebugInfo) -> [WasmFrame] {
        let name = { (pc: Int) in
            WasmFrame(function: info.places.function(at: pc).names[0], source: info.sourceLine(at: pc)?.description)
        }
        guard pcs.count > 20 else { return pcs.map(name) }
        return pcs.prefix(12).map(name) + [WasmFrame(function: "... \(pcs.count - 16) more frames ...")]
            + pcs.suffix(4).map(name)
    }
}
