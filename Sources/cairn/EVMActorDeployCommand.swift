import ArgumentParser
import CairnActors
import CairnIPLD
import Foundation

/// `cairn evm deploy DIR --from 0xADDR (--code HEX | --code-file F)`.
struct EVMActorDeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy EVM bytecode: a message from an Ethereum account to the EAM's CreateExternal.",
        discussion: """
            The initcode runs in the new EVM actor's constructor; what it returns is the \
            contract's code. The contract's address is Ethereum's CREATE address of the sender \
            and its nonce. `--from` must be an Ethereum address with an actor in the sandbox \
            (`cairn evm fund`). Prints the receipt (exit code, gas, return data, logs) and the \
            new contract's f0, f410 and 0x addresses; with --json one object: exit_code, \
            actor_id, address, eth_address, gas_used, return (revert data when the constructor \
            reverted, exit code 33; else the EAM's CBOR return), logs, and error on failure. \
            The state is committed; the exit status is 0 even when the exit code is not.
            """)

    @Argument(help: "The sandbox (made by `cairn actor init`).") var directory: String
    @Option(help: "The deploying Ethereum account (0x…).") var from: String
    @Option(help: "The initcode as hex.") var code: String?
    @Option(name: .customLong("code-file"), help: "A file holding the initcode as hex (whitespace ignored).") var codeFile: String?
    @Option(help: "AttoFIL (= wei) sent to the new contract.") var value = "0"
    @Option(name: .customLong("gas-limit"), help: "The message's gas limit.") var gasLimit: UInt64 = EVMActorIO.defaultGasLimit
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let initcode = readInitcode()
        let sandbox = ActorSandbox(path: directory)
        let sender = EVMActorIO.ethAddress(from, role: "--from")
        let senderID = EVMActorIO.actorID(sandbox, sender, role: "--from")
        guard sandbox.machine.builtins.codes[.eam] != nil,
            ActorIO.checked("state", { try sandbox.machine.stateTree.actor(BuiltinActors.eamActorID) }) != nil
        else { ActorIO.fail("the sandbox has no EAM (ID 10): make it with `cairn actor init` over actors/wasm with eam.wasm", status: ExitStatus.badInput) }
        let params = ActorIO.checked("initcode") { try DAGCBOR.encode(.bytes(initcode)) }
        let message = sandbox.message(
            from: sender.filecoinAddress, fromID: senderID, to: .id(BuiltinActors.eamActorID),
            method: EVMActorIO.createExternalMethod, value: EVMActorIO.atto(value, role: "--value"), params: params,
            gasLimit: gasLimit)
        let receipt = sandbox.executor.apply(message)
        let logs = EVMActorIO.logs(sandbox, receipt)
        sandbox.commit()
        report(receipt, logs: logs, sandbox: sandbox)
    }

    private func readInitcode() -> [UInt8] {
        switch (code, codeFile) {
        case (let hex?, nil): return EVMActorIO.hexBytes(hex.trimmingCharacters(in: .whitespacesAndNewlines), role: "--code")
        case (nil, let file?):
            let text = String(decoding: ActorIO.read(file), as: UTF8.self).filter { !$0.isWhitespace }
            return EVMActorIO.hexBytes(text, role: "--code-file \(file)")
        default: ActorIO.fail("give --code HEX or --code-file FILE (one of them)", status: ExitStatus.usage)
        }
    }

    /// The created contract: [actor_id, robust_address | null, eth_address] of a successful receipt.
    private func created(_ receipt: Receipt) -> (ActorID, EthAddress)? {
        guard receipt.exitCode.isSuccess, case .list(let f)? = try? DAGCBOR.decode(receipt.returnData), f.count == 3,
            case .integer(let id) = f[0], let actorID = id.uint64, case .bytes(let eth) = f[2],
            let address = try? EthAddress(bytes: eth)
        else { return nil }
        return (actorID, address)
    }

    private func report(_ receipt: Receipt, logs: [EVMActorIO.Log], sandbox: ActorSandbox) {
        let returned = receipt.exitCode.isSuccess ? receipt.returnData : EVMActorIO.unwrapped(receipt.returnData)
        let failure = EVMActorIO.failure(sandbox, receipt)
        let contract = created(receipt)
        if json {
            var fields: [String: IPLD] = [
                "exit_code": .uint(UInt64(receipt.exitCode.value)), "gas_used": .uint(receipt.gasUsed),
                "return": .string(EVMActorIO.hex(returned)), "logs": .list(logs.map(\.json)),
            ]
            if let (id, eth) = contract {
                fields["actor_id"] = .uint(id)
                fields["address"] = .string(eth.delegatedAddress.description)
                fields["eth_address"] = .string(eth.description)
            }
            if let failure { fields["error"] = .string(failure) }
            EVMActorIO.printJSON(fields)
            return
        }
        var lines = EVMActorIO.textLines(receipt, returned: returned, logs: logs, failure: failure)
        if let (id, eth) = contract { lines += ["contract: \(Address.id(id)) \(eth.delegatedAddress) \(eth)"] }
        print(lines.joined(separator: "\n"))
    }
}
