import CairnActors
import CairnIPLD

/// How `cairn actor send` shows a failed message's backtrace: as text lines after the
/// receipt, or as the `backtrace` field of its JSON line.
enum ActorBacktraceText {
    /// `backtrace:`, then one line per failed call (deepest first) and, under each, the Wasm
    /// functions it trapped in; nothing for an empty backtrace.
    static func lines(_ backtrace: [FailedCall]) -> [String] {
        guard !backtrace.isEmpty else { return [] }
        var lines = ["backtrace:"]
        for (number, call) in backtrace.enumerated() {
            let name = call.exitCode.name.map { " (\($0))" } ?? ""
            lines.append("  #\(number) f0\(call.actor) method \(call.method): exit \(call.exitCode.value)\(name): \(call.message)")
            for frame in call.wasmFrames { lines.append("       in \(frame)") }
        }
        return lines
    }

    /// The backtrace as a DAG-JSON list of `{actor, method, exit_code, message, wasm_frames}`,
    /// each Wasm frame `{function, source?}`.
    static func ipld(_ backtrace: [FailedCall]) -> IPLD {
        .list(backtrace.map { call in
            .map([
                "actor": .string(Address.id(call.actor).description), "method": .uint(call.method),
                "exit_code": .uint(UInt64(call.exitCode.value)), "message": .string(call.message),
                "wasm_frames": .list(call.wasmFrames.map { frame in
                    var fields: [String: IPLD] = ["function": .string(frame.function)]
                    if let source = frame.source { fields["source"] = .string(source) }
                    return .map(fields)
                }),
            ])
        })
    }
}
