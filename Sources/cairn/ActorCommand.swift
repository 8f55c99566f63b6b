import ArgumentParser
import BigInt
import CairnActors
import CairnCrypto
import CairnIPLD
import Foundation

/// `cairn actor`: a sandbox of actors in a state directory.
struct ActorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actor",
        abstract: "A sandbox of Filecoin-style actors in a state directory (docs/actors.md).",
        discussion: """
            `init` makes the directory; `account`, `install`, `create` and `send` change it, each \
            committing the state atomically (`send --batch` after every message); `state` reads it. \
            Exit status (see `cairn --help`): 0 on success, including a message whose receipt has \
            a non-zero exit code (the receipt is printed; `--fail-on-exit` makes that 2); 1 for a \
            usage error (no sandbox, options that conflict); 3 for bad input (an address, CID, \
            amount, JSON, hex or Wasm module that is malformed or names nothing).
            """,
        subcommands: [
            ActorInitCommand.self, ActorAccountCommand.self, ActorInstallCommand.self, ActorCreateCommand.self,
            ActorSendCommand.self, ActorStateCommand.self, ActorHeadCommand.self,
        ]
    )
}

/// `cairn actor init DIR`.
struct ActorInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Make a sandbox: a state directory holding the genesis state.")

    @Argument(help: "The directory to make.") var directory: String
    @Option(help: "Where the built-in actors' Wasm is (system, init, account, placeholder, eam, ethaccount, evm).") var builtins = "actors/wasm"

    func run() throws {
        try ActorSandbox.create(path: directory, builtins: builtins)
        let sandbox = ActorSandbox(path: directory)
        print("state \(ActorIO.checked("head") { try sandbox.directory.head()!.root })")
    }
}

/// `cairn actor account DIR`.
struct ActorAccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Add a secp256k1 account funded at genesis; print its f1 and f0 addresses.",
        discussion: "The private key is kept in DIR/keys.json.")

    @Argument(help: "The sandbox.") var directory: String
    @Option(help: "Its balance in FIL.") var balance = "100"
    @Option(help: "Derive the key from this number (deterministic); a random key otherwise.") var seed: UInt64?

    func run() throws {
        let sandbox = ActorSandbox(path: directory)
        let amount = ActorIO.amount(balance, role: "--balance")
        let key = seed.map { BLAKE2b.hash(Array("cairn/actor/account/\($0)".utf8)) } ?? (0..<32).map { _ in UInt8.random(in: 0...255) }
        let address = ActorIO.checked("key") { try Address.secp256k1(publicKey: try Secp256k1.publicKey(privateKey: key)) }
        if ActorIO.checked("state", { try sandbox.machine.stateTree.resolve(address) }) != nil {
            ActorIO.fail("the account \(address) exists already", status: ExitStatus.usage)
        }
        guard let code = sandbox.machine.builtins.codes[.account] else { ActorIO.fail("the state has no account code", status: ExitStatus.badInput) }
        let id = ActorIO.checked("state") {
            let id = try sandbox.machine.stateTree.registerNewAddress(address)
            let state = try sandbox.machine.store.putIPLD(.list([.bytes(address.bytes)]))
            sandbox.machine.stateTree.setActor(id, ActorState(code: code, state: state, balance: amount))
            return id
        }
        sandbox.commit()
        sandbox.saveKeys(sandbox.keys() + [ActorKey(id: id, address: address.description, privateKey: ActorIO.hex(key))])
        print(address)
        print(Address.id(id))
    }
}

/// `cairn actor install DIR ACTOR.wasm`.
struct ActorInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install", abstract: "Install actor code; print its code CID.")

    @Argument(help: "The sandbox.") var directory: String
    @Argument(help: "The actor's Wasm module.") var wasm: String

    func run() throws {
        let sandbox = ActorSandbox(path: directory)
        let bytes = ActorIO.read(wasm)
        print(sandbox.install(bytes))
    }
}

/// `cairn actor create DIR --from ADDR --code CID`.
struct ActorCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an actor through the init actor's Exec; print its f0 and f2 addresses.")

    @Argument(help: "The sandbox.") var directory: String
    @Option(help: "The sending account.") var from: String
    @Option(help: "The code CID (from `install`).") var code: String
    @Option(name: .customLong("params-json"), help: "Constructor parameters as DAG-JSON.") var paramsJSON: String?
    @Option(name: .customLong("params-hex"), help: "Constructor parameters as hex.") var paramsHex: String?
    @Option(help: "FIL sent to the new actor.") var value = "0"
    @Flag(help: "Print the receipt as JSON.") var json = false

    func run() throws {
        let sandbox = ActorSandbox(path: directory)
        let (fromAddress, fromID) = sandbox.resolve(from, role: "--from")
        let codeCID = ActorIO.cid(code)
        guard sandbox.machine.code.isInstalled(codeCID) else { ActorIO.fail("code \(code) is not installed", status: ExitStatus.badInput) }
        let constructor = ActorIO.params(json: paramsJSON, hex: paramsHex)
        let params = ActorIO.checked("params") { try DAGCBOR.encode(.list([.link(codeCID), .bytes(constructor)])) }
        let message = sandbox.message(
            from: fromAddress, fromID: fromID, to: .id(BuiltinActors.initActorID), method: 2,
            value: ActorIO.amount(value, role: "--value"), params: params, gasLimit: 10_000_000_000)
        let receipt = sandbox.executor.apply(message)
        let printer = ActorReceiptPrinter(sandbox: sandbox, json: json)
        let rendered = printer.render(receipt)
        sandbox.commit()
        printer.write(rendered)
        guard receipt.exitCode.isSuccess, case .list(let fields)? = try? DAGCBOR.decode(receipt.returnData), fields.count == 2,
            case .bytes(let idBytes) = fields[0], case .bytes(let robustBytes) = fields[1],
            let idAddress = try? Address(bytes: idBytes), let robust = try? Address(bytes: robustBytes)
        else { return }
        if !json {
            print(idAddress)
            print(robust)
        }
    }
}

/// `cairn actor state DIR ADDR`.
struct ActorStateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Print an actor's record and state as DAG-JSON.")

    @Argument(help: "The sandbox.") var directory: String
    @Argument(help: "The actor's address (any kind).") var address: String

    func run() throws {
        let sandbox = ActorSandbox(path: directory)
        let (_, id) = sandbox.resolve(address, role: "address")
        let actor = ActorIO.checked("actor") { try sandbox.machine.stateTree.actor(id) }!
        let state = ActorIO.checked("state of \(address)") { try sandbox.machine.store.getIPLD(actor.state) }
        var record: [String: IPLD] = [
            "id": .uint(id), "code": .link(actor.code), "head": .link(actor.state), "nonce": .uint(actor.sequence),
            "balance": .string(actor.balance.atto.description), "state": state,
        ]
        if let kind = sandbox.machine.builtins.kind(of: actor.code) { record["builtin"] = .string("\(kind)") }
        if let delegated = actor.delegatedAddress { record["delegated_address"] = .string(delegated.description) }
        let text = ActorIO.checked("DAG-JSON") { try DAGJSON.encode(.map(record)) }
        print(String(decoding: text, as: UTF8.self))
    }
}

/// `cairn actor head DIR`.
struct ActorHeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head", abstract: "Print the committed state root and height (one commit per change).")

    @Argument(help: "The sandbox.") var directory: String

    func run() throws {
        let sandbox = ActorSandbox(path: directory)
        print("\(ActorIO.checked("head") { try sandbox.directory.head()!.root }) \(sandbox.height)")
    }
}
