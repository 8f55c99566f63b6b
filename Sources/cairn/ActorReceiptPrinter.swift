import CairnActors
import CairnIPLD
import Foundation

/// Prints receipts of `cairn actor`: as text, or as one DAG-JSON object per line (`--json`).
struct ActorReceiptPrinter {
    let sandbox: ActorSandbox
    let json: Bool

    /// The receipt as printed. Render it before committing: a commit keeps only the blocks the
    /// state reaches, and the events AMT is not among them.
    func render(_ receipt: Receipt) -> String {
        json ? jsonLine(receipt) : text(receipt)
    }

    /// Writes a rendered receipt at once (not buffered), so a process killed later has printed
    /// every receipt of a message it committed.
    func write(_ rendered: String) {
        FileHandle.standardOutput.write(Data(rendered.utf8 + [0x0A]))
    }

    func print(_ receipt: Receipt) { write(render(receipt)) }

    func text(_ receipt: Receipt) -> String {
        var lines = ["exit code: \(receipt.exitCode.value)\(receipt.exitCode.name.map { " (\($0))" } ?? "")"]
        lines.append("gas used: \(receipt.gasUsed)")
        if !receipt.returnData.isEmpty {
            lines.append("return: 0x\(ActorIO.hex(receipt.returnData))")
            if let value = try? DAGCBOR.decode(receipt.returnData), let text = try? DAGJSON.encode(value) {
                lines.append("return (DAG-JSON): \(String(decoding: text, as: UTF8.self))")
            }
        }
        for event in events(receipt) {
            let entries = event.event.entries.map { "\($0.key)=0x\(ActorIO.hex($0.value))" }.joined(separator: " ")
            lines.append("event from \(Address.id(event.emitter)): \(entries)")
        }
        if !receipt.exitCode.isSuccess, !sandbox.executor.lastFailure.isEmpty {
            lines.append("failure: \(sandbox.executor.lastFailure)")
        }
        if !receipt.exitCode.isSuccess { lines += ActorBacktraceText.lines(sandbox.executor.lastBacktrace) }
        return lines.joined(separator: "\n")
    }

    func jsonLine(_ receipt: Receipt) -> String {
        var fields: [String: IPLD] = [
            "exit_code": .uint(UInt64(receipt.exitCode.value)), "gas_used": .uint(receipt.gasUsed),
            "return_hex": .string(ActorIO.hex(receipt.returnData)),
            "events": .list(events(receipt).map { event in
                .map(["emitter": .string(Address.id(event.emitter).description), "entries": .list(event.event.entries.map { entry in
                    .map(["flags": .uint(entry.flags), "key": .string(entry.key), "codec": .uint(entry.codec),
                          "value_hex": .string(ActorIO.hex(entry.value))])
                })])
            }),
        ]
        if let name = receipt.exitCode.name { fields["exit_name"] = .string(name) }
        if !receipt.returnData.isEmpty, let value = try? DAGCBOR.decode(receipt.returnData) { fields["return"] = value }
        if let root = receipt.eventsRoot { fields["events_root"] = .link(root) }
        if !receipt.exitCode.isSuccess {
            fields["failure"] = .string(sandbox.executor.lastFailure)
            fields["backtrace"] = ActorBacktraceText.ipld(sandbox.executor.lastBacktrace)
        }
        let text = (try? DAGJSON.encode(.map(fields))) ?? Array("{}".utf8)
        return String(decoding: text, as: UTF8.self)
    }

    /// The receipt's events, in order (none if the events root does not load).
    func events(_ receipt: Receipt) -> [StampedEvent] {
        guard let root = receipt.eventsRoot, let amt = try? AMT(loading: root, store: sandbox.machine.store) else { return [] }
        return (0..<amt.count).compactMap { index in (try? amt.get(index)).flatMap { $0 }.flatMap { try? StampedEvent(ipld: $0) } }
    }
}
