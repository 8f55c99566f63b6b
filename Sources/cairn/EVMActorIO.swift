import BigInt
import CairnActors
import CairnIPLD
import Foundation

/// What `cairn evm fund|deploy|call|storage` share: Ethereum addresses and amounts from the
/// command line, finding the actor behind an address with an error that says what to do, and
/// receipts as Ethereum sees them (return data, logs), in text or one JSON object.
enum EVMActorIO {
    /// FRC-42's number of "InvokeEVM": the EVM actor's InvokeContract.
    static let invokeContractMethod: UInt64 = 3_844_450_837
    /// The EAM's CreateExternal.
    static let createExternalMethod: UInt64 = 4
    /// The gas limit of a message when none is given (the `Tester`'s).
    static let defaultGasLimit: UInt64 = 10_000_000_000

    /// `text` as an Ethereum address; exit 3 naming `role` otherwise.
    static func ethAddress(_ text: String, role: String) -> EthAddress {
        do { return try EthAddress(hex: text) } catch {
            ActorIO.fail("\(role) \(text) is not an Ethereum address (0x and 40 hex digits): \(error)", status: ExitStatus.badInput)
        }
    }

    /// A decimal number of attoFIL (= wei); exit 3 otherwise.
    static func atto(_ text: String, role: String) -> TokenAmount {
        guard let value = BigInt(text, radix: 10), value >= 0 else {
            ActorIO.fail("\(role) \(text) is not a whole number of attoFIL", status: ExitStatus.badInput)
        }
        return TokenAmount(atto: value)
    }

    /// Hex bytes, `0x` optional; exit 3 otherwise.
    static func hexBytes(_ text: String, role: String) -> [UInt8] { ActorIO.bytes(hex: text, role: role) }

    /// The ID of the actor `address` names in the sandbox (a masked ID names that ID); exit 3
    /// with what to do when there is none.
    static func actorID(_ sandbox: ActorSandbox, _ address: EthAddress, role: String) -> ActorID {
        let filecoin = address.filecoinAddress
        let id = ActorIO.checked("\(role) \(address)") { try sandbox.machine.stateTree.resolve(filecoin) }
        guard let id, ActorIO.checked("\(role) \(address)", { try sandbox.machine.stateTree.actor(id) }) != nil else {
            let hint = address.maskedID == nil ? " (fund it first: `cairn evm fund \(sandbox.path) \(address)`)" : ""
            ActorIO.fail("\(role) \(address) (\(filecoin)): no actor at this address in the sandbox\(hint)", status: ExitStatus.badInput)
        }
        return id
    }

    /// A message's return data as the EVM gave it: the bytes of a CBOR byte string (return or
    /// revert data), else the receipt's bytes as they are.
    static func unwrapped(_ data: [UInt8]) -> [UInt8] {
        if case .bytes(let inner)? = try? DAGCBOR.decode(data) { return inner }
        return data
    }

    /// An EVM log read back from an actor event: the emitter's Ethereum address, topics `t1`…`t4`
    /// and data `d` (FEVM's entries).
    struct Log {
        var address: EthAddress
        var topics: [[UInt8]]
        var data: [UInt8]

        var json: IPLD {
            .map(["address": .string(address.description), "topics": .list(topics.map { .string(hex($0)) }), "data": .string(hex(data))])
        }
    }

    /// The receipt's events as EVM logs, in order. Read before committing: a commit keeps only
    /// the blocks the state reaches, and the events AMT is not among them.
    static func logs(_ sandbox: ActorSandbox, _ receipt: Receipt) -> [Log] {
        ActorReceiptPrinter(sandbox: sandbox, json: true).events(receipt).map { stamped in
            let actor = try? sandbox.machine.stateTree.actor(stamped.emitter)
            let entries = stamped.event.entries
            let topics = ["t1", "t2", "t3", "t4"].compactMap { key in entries.first { $0.key == key }?.value }
            return Log(
                address: EthAddress.of(actor: stamped.emitter, actor ?? nil), topics: topics,
                data: entries.first { $0.key == "d" }?.value ?? [])
        }
    }

    /// `0x` and lower-case hex.
    static func hex(_ bytes: [UInt8]) -> String { "0x" + ActorIO.hex(bytes) }

    /// One JSON object on a line (DAG-JSON of `fields`: keys sorted).
    static func printJSON(_ fields: [String: IPLD]) {
        let text = (try? DAGJSON.encode(.map(fields))) ?? Array("{}".utf8)
        print(String(decoding: text, as: UTF8.self))
    }

    /// Why the last message failed (the `error` field), or nil after a success.
    static func failure(_ sandbox: ActorSandbox, _ receipt: Receipt) -> String? {
        guard !receipt.exitCode.isSuccess else { return nil }
        let why = sandbox.executor.lastFailure
        let name = receipt.exitCode.name.map { " (\($0))" } ?? ""
        return why.isEmpty ? "exit code \(receipt.exitCode.value)\(name)" : why
    }

    /// The text lines of a receipt: exit code, gas, return data, logs, failure.
    static func textLines(_ receipt: Receipt, returned: [UInt8], logs: [Log], failure: String?) -> [String] {
        var lines = ["exit code: \(receipt.exitCode.value)\(receipt.exitCode.name.map { " (\($0))" } ?? "")"]
        lines.append("gas used: \(receipt.gasUsed)")
        lines.append("return: \(hex(returned))")
        for log in logs {
            lines.append("log from \(log.address): topics [\(log.topics.map(hex).joined(separator: ", "))] data \(hex(log.data))")
        }
        if let failure { lines.append("error: \(failure)") }
        return lines
    }
}
