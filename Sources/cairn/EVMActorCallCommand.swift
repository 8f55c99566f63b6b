import ArgumentParser
import CairnActors
import CairnIPLD
import Foundation

/// `cairn evm call DIR --from 0xADDR --to 0xADDR --data HEX`.
struct EVMActorCallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call a contract: a message from an Ethereum account to the EVM actor's InvokeContract.",
        discussion: """
            The calldata goes as a CBOR byte string to method 3844450837 (FRC-42 "InvokeEVM"). \
            `--to` is the contract's 0x address (or any actor's: a masked ID 0xff00…00<id> names \
            actor <id>). Prints the receipt: exit code (33 when the contract reverted), gas \
            used, the return (or revert) data, the logs (the contract's events: topics t1…t4, \
            data d), and why it failed; with --json one object: exit_code, return, gas_used, \
            logs [{address, topics, data}], error on failure. The state is committed unless \
            --read-only; the exit status is 0 even when the exit code is not.
            """)

    @Argument(help: "The sandbox (made by `cairn actor init`).") var directory: String
    @Option(help: "The calling Ethereum account (0x…).") var from: String
    @Option(help: "The contract (0x…).") var to: String
    @Option(help: "The calldata as hex (none: empty).") var data = ""
    @Option(help: "AttoFIL (= wei) sent with the call.") var value = "0"
    @Option(name: .customLong("gas-limit"), help: "The message's gas limit.") var gasLimit: UInt64 = EVMActorIO.defaultGasLimit
    @Flag(name: .customLong("read-only"), help: "Apply the message and print the receipt, but commit nothing.") var readOnly = false
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let calldata = EVMActorIO.hexBytes(data, role: "--data")
        let sandbox = ActorSandbox(path: directory)
        let sender = EVMActorIO.ethAddress(from, role: "--from")
        let senderID = EVMActorIO.actorID(sandbox, sender, role: "--from")
        let target = EVMActorIO.ethAddress(to, role: "--to")
        _ = EVMActorIO.actorID(sandbox, target, role: "--to")
        let params = ActorIO.checked("calldata") { try DAGCBOR.encode(.bytes(calldata)) }
        let message = sandbox.message(
            from: sender.filecoinAddress, fromID: senderID, to: target.filecoinAddress,
            method: EVMActorIO.invokeContractMethod, value: EVMActorIO.atto(value, role: "--value"), params: params,
            gasLimit: gasLimit)
        let receipt = sandbox.executor.apply(message)
        let logs = EVMActorIO.logs(sandbox, receipt)
        if !readOnly { sandbox.commit() }
        let returned = EVMActorIO.unwrapped(receipt.returnData)
        let failure = EVMActorIO.failure(sandbox, receipt)
        if json {
            var fields: [String: IPLD] = [
                "exit_code": .uint(UInt64(receipt.exitCode.value)), "gas_used": .uint(receipt.gasUsed),
                "return": .string(EVMActorIO.hex(returned)), "logs": .list(logs.map(\.json)),
            ]
            if let failure { fields["error"] = .string(failure) }
            EVMActorIO.printJSON(fields)
        } else {
            print(EVMActorIO.textLines(receipt, returned: returned, logs: logs, failure: failure).joined(separator: "\n"))
        }
    }
}
