import ArgumentParser
import BigInt
import CairnActors
import CairnIPLD
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `cairn evm actor-bench SPEC`: the transactions of `cairn evm bench` (the same spec) as
/// messages to the EVM actor in a fresh sandbox (the EAM's CreateExternal for a creation, the
/// actor's InvokeContract for a call), each `Executor.apply` timed; the state is committed after
/// each phase, untimed. Benchmarks/evm/evm-bench.sh runs it for its `actor` row.
struct EVMActorBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actor-bench",
        abstract: "Run a benchmark spec's transactions as messages to the EVM actor and print their timings and results (JSON).",
        discussion: """
            SPEC is the JSON of `cairn evm bench`. The sender is funded in a new sandbox (in a \
            temporary folder) and sends every transaction as a message; the output gives each \
            phase's seconds (wall and processor) and each message's exit code, gas used, return \
            data (unwrapped) and logs.
            """)

    @Argument(help: "The benchmark spec (JSON).") var spec: String
    @Option(help: "Where the built-in actors' Wasm is (with eam.wasm, evm.wasm, ethaccount.wasm).") var builtins = "actors/wasm"
    @Option(help: "Write the JSON here instead of standard output.") var output: String?
    @Flag(help: "Run invocations as threaded code (Machine.threadedDispatch) instead of the switch loop.") var threaded = false

    func run() throws {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(ActorIO.read(spec)))) as? [String: Any] else {
            ActorIO.fail("\(spec) is not a JSON object", status: ExitStatus.badInput)
        }
        let folder = NSTemporaryDirectory() + "cairn-actor-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ActorSandbox.create(path: folder, builtins: builtins)
        let sandbox = ActorSandbox(path: folder)
        sandbox.machine.threadedDispatch = threaded
        let sender = EVMActorIO.ethAddress(object["sender"] as? String ?? "", role: "sender")
        _ = ActorIO.checked("fund the sender") { try sandbox.machine.mint(TokenAmount(atto: BigInt(10).power(27)), to: sender) }
        sandbox.commit()
        let senderID = EVMActorIO.actorID(sandbox, sender, role: "sender")
        var phases: [IPLD] = []
        for case let phase as [String: Any] in object["phases"] as? [Any] ?? [] {
            phases.append(runPhase(phase, sandbox: sandbox, sender: sender, senderID: senderID))
            sandbox.commit()
        }
        let text = (try? DAGJSON.encode(.map(["phases": .list(phases)]))) ?? Array("{}".utf8)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(text)) else {
                ActorIO.fail("cannot write \(output)", status: ExitStatus.usage)
            }
        } else {
            print(String(decoding: text, as: UTF8.self))
        }
    }

    private func runPhase(_ phase: [String: Any], sandbox: ActorSandbox, sender: EthAddress, senderID: ActorID) -> IPLD {
        var seconds: [IPLD] = [], cpuSeconds: [IPLD] = [], records: [IPLD] = []
        for case let entry as [String: Any] in phase["transactions"] as? [Any] ?? [] {
            let data = EVMActorIO.hexBytes(entry["data"] as? String ?? "", role: "data")
            let params = ActorIO.checked("params") { try DAGCBOR.encode(.bytes(data)) }
            let gas = UInt64(entry["gas"] as? Int ?? 0)
            let message: Message
            if let to = entry["to"] as? String {
                message = sandbox.message(
                    from: sender.filecoinAddress, fromID: senderID, to: EVMActorIO.ethAddress(to, role: "to").filecoinAddress,
                    method: EVMActorIO.invokeContractMethod, value: TokenAmount(atto: 0), params: params,
                    gasLimit: EVMActorIO.defaultGasLimit)
            } else {
                message = sandbox.message(
                    from: sender.filecoinAddress, fromID: senderID, to: .id(BuiltinActors.eamActorID),
                    method: EVMActorIO.createExternalMethod, value: TokenAmount(atto: 0), params: params,
                    gasLimit: EVMActorIO.defaultGasLimit)
            }
            _ = gas
            let start = Self.now(CLOCK_MONOTONIC), cpuStart = Self.now(CLOCK_PROCESS_CPUTIME_ID)
            let receipt = sandbox.executor.apply(message)
            cpuSeconds.append(.float(Self.now(CLOCK_PROCESS_CPUTIME_ID) - cpuStart))
            seconds.append(.float(Self.now(CLOCK_MONOTONIC) - start))
            records.append(record(receipt, isCreation: entry["to"] as? String == nil, sandbox: sandbox))
        }
        return .map([
            "name": .string(phase["name"] as? String ?? ""), "seconds": .list(seconds), "cpu_seconds": .list(cpuSeconds),
            "transactions": .list(records),
        ])
    }

    /// A message as `cairn evm bench` reports a transaction: status 0 (success), 1 (the
    /// contract reverted: exit code 33) or 2; the return data; the logs.
    private func record(_ receipt: Receipt, isCreation: Bool, sandbox: ActorSandbox) -> IPLD {
        let status: UInt64 = receipt.exitCode.isSuccess ? 0 : (receipt.exitCode.value == 33 ? 1 : 2)
        let returned = isCreation || status == 2 ? [] : EVMActorIO.unwrapped(receipt.returnData)
        let logs = status == 0 ? EVMActorIO.logs(sandbox, receipt).map(\.json) : []
        var fields: [String: IPLD] = [
            "status": .uint(status), "exit_code": .uint(UInt64(receipt.exitCode.value)), "gas_used": .uint(receipt.gasUsed),
            "output": .string(EVMActorIO.hex(returned)), "logs": .list(logs),
        ]
        if let failure = EVMActorIO.failure(sandbox, receipt) { fields["error"] = .string(failure) }
        return .map(fields)
    }

    private static func now(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
