import ArgumentParser
import CairnActors
import CairnIPLD
import Foundation

/// `cairn actor send DIR --from ADDR --to ADDR` or `--batch FILE.jsonl`.
struct ActorSendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Apply a message (or a batch of them) and print the receipt.",
        discussion: """
            The nonce is the sender's next. The state is committed after the message, and with \
            --batch after EACH message, so a process killed at any moment leaves the state of the \
            last message committed. A batch file has one JSON object per line: {"from": ADDR, \
            "to": ADDR, "method"?: N, "value"?: "FIL", "params_json"?: DAG-JSON, \
            "params_hex"?: "HEX", "gas_limit"?: N}; every line is checked before any is applied. \
            A receipt with a non-zero exit code is printed and is not an error (exit 0) unless \
            --fail-on-exit is given (exit 2).
            """)

    @Argument(help: "The sandbox.") var directory: String
    @Option(help: "The sending account.") var from: String?
    @Option(help: "The receiver.") var to: String?
    @Option(help: "The method number.") var method: UInt64 = 0
    @Option(help: "FIL sent with the message.") var value = "0"
    @Option(name: .customLong("params-json"), help: "Parameters as DAG-JSON (sent as DAG-CBOR).") var paramsJSON: String?
    @Option(name: .customLong("params-hex"), help: "Parameters as hex bytes.") var paramsHex: String?
    @Option(name: .customLong("gas-limit"), help: "The gas limit.") var gasLimit: UInt64 = 10_000_000_000
    @Option(help: "A JSONL file of messages, applied in order, each committed.") var batch: String?
    @Flag(name: .customLong("read-only"), help: "Apply and print, but commit nothing.") var readOnly = false
    @Flag(help: "Print each receipt as one line of JSON.") var json = false
    @Flag(name: .customLong("fail-on-exit"), help: "Exit 2 when a receipt's exit code is not 0.") var failOnExit = false
    @Option(help: "Write the step trace of every invocation to FILE (docs/debugging.md).") var trace: String?  // issue 25

    func run() throws {
        let sandbox = ActorSandbox(path: directory)
        let printer = ActorReceiptPrinter(sandbox: sandbox, json: json)
        let requests: [ActorMessageRequest]
        if let batch {
            if from != nil || to != nil { ActorIO.fail("--batch takes its messages from the file, not --from/--to", status: ExitStatus.usage) }
            requests = ActorMessageRequest.batch(ActorIO.read(batch), file: batch)
        } else {
            guard let from, let to else { ActorIO.fail("give --from and --to (or --batch)", status: ExitStatus.usage) }
            requests = [ActorMessageRequest(
                from: from, to: to, method: method, value: ActorIO.amount(value, role: "--value"),
                params: ActorIO.params(json: paramsJSON, hex: paramsHex), gasLimit: gasLimit)]
        }
        let tracing = try trace.map { try ActorTrace(machine: sandbox.executor.machine, path: $0) }  // issue 25
        defer { tracing?.close() }  // issue 25
        var failed = false
        for request in requests {
            let (fromAddress, fromID) = sandbox.resolve(request.from, role: "from")
            let toAddress = ActorIO.address(request.to, role: "to")
            let message = sandbox.message(
                from: fromAddress, fromID: fromID, to: toAddress, method: request.method, value: request.value,
                params: request.params, gasLimit: request.gasLimit)
            let receipt = sandbox.executor.apply(message)
            let rendered = printer.render(receipt)
            if !readOnly { sandbox.commit() }
            printer.write(rendered)
            failed = failed || !receipt.exitCode.isSuccess
        }
        if failed && failOnExit { throw ArgumentParser.ExitCode(ExitStatus.rejected) }
    }
}

/// One message of `cairn actor send`, from the options or a batch line.
struct ActorMessageRequest {
    var from: String
    var to: String
    var method: UInt64
    var value: TokenAmount
    var params: [UInt8]
    var gasLimit: UInt64

    /// The messages of a JSONL batch; exit 3 naming the line of the first bad one.
    static func batch(_ bytes: [UInt8], file: String) -> [ActorMessageRequest] {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        var requests: [ActorMessageRequest] = []
        for (number, line) in lines.enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
            let place = "\(file):\(number + 1)"
            guard case .map(let fields) = ActorIO.checked(place, { try DAGJSON.decode(Array(line)) }) else {
                ActorIO.fail("\(place): a message must be a JSON object", status: ExitStatus.badInput)
            }
            requests.append(request(fields, place: place))
        }
        return requests
    }

    static func request(_ fields: [String: IPLD], place: String) -> ActorMessageRequest {
        let known: Set = ["from", "to", "method", "value", "params_json", "params_hex", "gas_limit"]
        if let unknown = fields.keys.first(where: { !known.contains($0) }) { ActorIO.fail("\(place): unknown field \(unknown)", status: ExitStatus.badInput) }
        func text(_ key: String) -> String? {
            guard let value = fields[key] else { return nil }
            guard case .string(let text) = value else { ActorIO.fail("\(place): \(key) must be a string", status: ExitStatus.badInput) }
            return text
        }
        func number(_ key: String) -> UInt64? {
            guard let value = fields[key] else { return nil }
            guard case .integer(let integer) = value, let number = integer.uint64 else { ActorIO.fail("\(place): \(key) must be an unsigned integer", status: ExitStatus.badInput) }
            return number
        }
        guard let from = text("from"), let to = text("to") else { ActorIO.fail("\(place): from and to are required", status: ExitStatus.badInput) }
        _ = ActorIO.address(from, role: "\(place): from")
        _ = ActorIO.address(to, role: "\(place): to")
        if fields["params_json"] != nil, fields["params_hex"] != nil { ActorIO.fail("\(place): params_json and params_hex both given", status: ExitStatus.badInput) }
        var params: [UInt8] = []
        if let value = fields["params_json"] { params = ActorIO.checked("\(place): params_json") { try DAGCBOR.encode(value) } }
        if let hex = text("params_hex") { params = ActorIO.bytes(hex: hex, role: "\(place): params_hex") }
        return ActorMessageRequest(
            from: from, to: to, method: number("method") ?? 0, value: ActorIO.amount(text("value") ?? "0", role: "\(place): value"),
            params: params, gasLimit: number("gas_limit") ?? 10_000_000_000)
    }
}
