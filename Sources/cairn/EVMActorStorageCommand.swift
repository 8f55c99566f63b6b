import ArgumentParser
import CairnActors
import CairnIPLD
import Foundation

/// `cairn evm storage DIR 0xADDR`.
struct EVMActorStorageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Print a contract's storage: every non-zero slot, sorted.",
        discussion: """
            Reads the EVM actor's state and walks its storage KAMT (the state's contract_state; \
            docs/evm.md). Prints `0x<slot> 0x<value>` a line, each 32 bytes; with --json one \
            object {"address": "0x…", "storage": {"0x<slot>": "0x<value>", …}}.
            """)

    @Argument(help: "The sandbox (made by `cairn actor init`).") var directory: String
    @Argument(help: "The contract (0x…).") var address: String
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let sandbox = ActorSandbox(path: directory)
        let eth = EVMActorIO.ethAddress(address, role: "address")
        let id = EVMActorIO.actorID(sandbox, eth, role: "address")
        let machine = sandbox.machine
        guard let actor = ActorIO.checked("actor \(eth)", { try machine.stateTree.actor(id) }) else {
            ActorIO.fail("address \(eth): no actor", status: ExitStatus.badInput)
        }
        guard machine.builtins.kind(of: actor.code) == .evm else {
            let kind = machine.builtins.kind(of: actor.code).map { "its code is the \($0) built-in" } ?? "its code is \(actor.code)"
            ActorIO.fail("address \(eth) (\(Address.id(id))) is not a contract: \(kind)", status: ExitStatus.badInput)
        }
        let slots = ActorIO.checked("the storage of \(eth)") {
            let state = try EVMActorState(ipld: try machine.store.getIPLD(actor.state))
            // A tombstone marks a contract destroyed in the message that created it (EIP-6780):
            // once that message is over it has no storage (docs/evm.md, "State").
            return state.isDead ? [] : try EVMStorage.slots(root: state.contractState, store: machine.store)
        }
        if json {
            let storage = Dictionary(uniqueKeysWithValues: slots.map { (EVMActorIO.hex($0.key), IPLD.string(EVMActorIO.hex($0.value))) })
            EVMActorIO.printJSON(["address": .string(eth.description), "storage": .map(storage)])
        } else {
            for slot in slots { print("\(EVMActorIO.hex(slot.key)) \(EVMActorIO.hex(slot.value))") }
        }
    }
}
