import BigInt
import CairnCrypto
import CairnIPLD

/// The sandbox actor authors test with (ref-fvm's `Tester`): a machine with the built-in
/// actors, accounts with keys, installed code, actors with state set directly, messages sent
/// with nonces tracked, and receipts, events and state to read back.
public final class Tester {
    /// An account the tester created: its ID, key address and private key.
    public struct Account: Hashable, Sendable {
        /// The account actor's ID.
        public let id: ActorID
        /// Its f1 address.
        public let address: Address
        /// Its 32-byte secp256k1 private key.
        public let privateKey: [UInt8]
    }

    /// The blockstore everything lives in.
    public let store: any Blockstore
    /// The machine messages run on.
    public let machine: Machine
    /// The executor applying them.
    public let executor: Executor
    private var nonces: [ActorID: UInt64] = [:]
    private var keysMade: UInt64 = 0

    /// A tester over `store` with the built-in actors' Wasm `builtins` (see
    /// ``builtinWasm(directory:)``) installed at genesis.
    public init(
        store: any Blockstore = MemoryBlockstore(), builtins: [BuiltinActors.Kind: [UInt8]] = [:],
        network: NetworkContext = NetworkContext(epoch: 1, timestamp: 1_700_000_000, baseFee: TokenAmount(atto: 100))
    ) throws {
        self.store = store
        machine = try Genesis.machine(stateTree: try StateTree(store: store), builtins: builtins, network: network)
        executor = Executor(machine: machine)
    }

    /// The built-in actors' Wasm from `directory` (`system.wasm`, `init.wasm`, `account.wasm`,
    /// `placeholder.wasm`, `eam.wasm`, `ethaccount.wasm`, as `scripts/build-actors.sh` leaves
    /// them in `actors/wasm`, and the EVM actor `evm.wasm` of `scripts/build-evm.sh`); files
    /// that are missing are left out.
    public static func builtinWasm(directory: String) -> [BuiltinActors.Kind: [UInt8]] {
        let files: [(BuiltinActors.Kind, String)] = [
            (.system, "system"), (.initActor, "init"), (.account, "account"), (.placeholder, "placeholder"),
            (.evm, "evm"), (.eam, "eam"), (.ethAccount, "ethaccount"),
        ]
        var wasm: [BuiltinActors.Kind: [UInt8]] = [:]
        for (kind, name) in files {
            if let bytes = readFile(directory + "/" + name + ".wasm") { wasm[kind] = bytes }
        }
        return wasm
    }

    /// A new account with a secp256k1 key (derived deterministically from a counter unless
    /// `privateKey` is given) and `balance`, its state written as its constructor would.
    public func createAccount(balance: TokenAmount, privateKey: [UInt8]? = nil) throws -> Account {
        let key = privateKey ?? nextPrivateKey()
        let address = try Address.secp256k1(publicKey: try Secp256k1.publicKey(privateKey: key))
        let id = try machine.stateTree.registerNewAddress(address)
        guard let code = machine.builtins.codes[.account] else { throw TesterError.noAccountCode }
        let state = try store.putIPLD(.list([.bytes(address.bytes)]))
        machine.stateTree.setActor(id, ActorState(code: code, state: state, balance: balance))
        return Account(id: id, address: address, privateKey: key)
    }

    /// An Ethereum account at `address` funded with `balance` (minted: a placeholder with the
    /// f410 address until its first message makes it an EthAccount, as in FEVM). Its
    /// ``Account/address`` is the f410 address; it has no key (signatures are not checked).
    public func createEthAccount(_ address: EthAddress, balance: TokenAmount) throws -> Account {
        let id = try machine.mint(balance, to: address)
        return Account(id: id, address: address.delegatedAddress, privateKey: [])
    }

    /// Installs actor code; returns its code CID.
    @discardableResult
    public func install(_ wasm: [UInt8]) throws -> CID {
        try machine.code.install(wasm)
    }

    /// Puts an actor running `code` directly in the state tree (no constructor runs), at `id`
    /// or the next ID the init actor would give, with `state` stored as its root if given.
    public func createActor(code: CID, id: ActorID? = nil, state: IPLD? = nil, balance: TokenAmount = .zero) throws -> ActorID {
        let actorID = try id ?? machine.stateTree.registerNewAddress(Address.actor(from: Array("cairn/tester/\(keysMade)".utf8) + nextPrivateKey()))
        let root = try state.map { try store.putIPLD($0) } ?? CallManager.emptyArrayCID
        machine.stateTree.setActor(actorID, ActorState(code: code, state: root, balance: balance))
        return actorID
    }

    /// Creates an actor running `code` the way a chain does: a message from `from` to the init
    /// actor's `Exec` with the constructor's DAG-CBOR parameters. Returns the receipt and, on
    /// success, the new actor's ID and robust address.
    public func exec(from: Account, code: CID, constructorParams: [UInt8] = [], value: TokenAmount = .zero) throws -> (Receipt, ActorID?, Address?) {
        let params = try DAGCBOR.encode(.list([.link(code), .bytes(constructorParams)]))
        let receipt = send(from: from, to: .id(BuiltinActors.initActorID), method: 2, params: params, value: value)
        guard receipt.exitCode.isSuccess, case .list(let fields)? = try? DAGCBOR.decode(receipt.returnData), fields.count == 2,
            case .bytes(let idBytes) = fields[0], case .bytes(let robustBytes) = fields[1]
        else { return (receipt, nil, nil) }
        let idAddress = try Address(bytes: idBytes)
        return (receipt, idAddress.id, try Address(bytes: robustBytes))
    }

    /// Sets actor `id`'s state root to `value`, stored.
    public func setState(_ id: ActorID, _ value: IPLD) throws {
        guard var actor = try machine.stateTree.actor(id) else { throw TesterError.noSuchActor(id) }
        actor.state = try store.putIPLD(value)
        machine.stateTree.setActor(id, actor)
    }

    /// Actor `id`'s state, decoded; nil when there is no such actor.
    public func state(of id: ActorID) throws -> IPLD? {
        guard let actor = try machine.stateTree.actor(id) else { return nil }
        return try store.getIPLD(actor.state)
    }

    /// Actor `id`'s record.
    public func actor(_ id: ActorID) throws -> ActorState? {
        try machine.stateTree.actor(id)
    }

    /// Sends a message from `from` with its next nonce (gas fee cap 1,000 attoFIL, premium 1).
    public func send(
        from: Account, to: Address, method: MethodNum, params: [UInt8] = [], value: TokenAmount = .zero,
        gasLimit: UInt64 = 10_000_000_000
    ) -> Receipt {
        sendMessage(from: from, to: to, method: method, params: params, value: value, gasLimit: gasLimit).receipt
    }

    /// Sends like ``send(from:to:method:params:value:gasLimit:)`` and returns the receipt with
    /// why the message failed and its backtrace: the failed calls, deepest first, each with
    /// the Wasm functions (and source lines, for a module with DWARF) it trapped in.
    public func sendMessage(
        from: Account, to: Address, method: MethodNum, params: [UInt8] = [], value: TokenAmount = .zero,
        gasLimit: UInt64 = 10_000_000_000
    ) -> ApplyResult {
        let nonce = nonces[from.id, default: (try? machine.stateTree.actor(from.id))??.sequence ?? 0]
        var message = Message(to: to, from: from.address, sequence: nonce, gasLimit: gasLimit)
        (message.value, message.method, message.params) = (value, method, params)
        (message.gasFeeCap, message.gasPremium) = (TokenAmount(atto: 1000), TokenAmount(atto: 1))
        let result = executor.applyMessage(message)
        if let sequence = (try? machine.stateTree.actor(from.id))??.sequence { nonces[from.id] = sequence }
        return result
    }

    /// The events a receipt's events root holds, in order.
    public func events(_ receipt: Receipt) throws -> [StampedEvent] {
        guard let root = receipt.eventsRoot else { return [] }
        let amt = try AMT(loading: root, store: store)
        return try (0..<amt.count).map { index in
            guard let value = try amt.get(index) else { throw TesterError.malformedEvents }
            return try StampedEvent(ipld: value)
        }
    }

    /// Writes the state tree and returns its root.
    public func flush() throws -> CID {
        try machine.stateTree.flush()
    }

    private func nextPrivateKey() -> [UInt8] {
        keysMade += 1
        return BLAKE2b.hash(Array("cairn/tester/key/\(keysMade)".utf8))
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count { break }
        }
        return bytes
    }
}

/// Why the tester could not do what it was asked.
public enum TesterError: Error, Equatable, Sendable {
    /// No account code is registered (genesis had no account Wasm and no stand-in).
    case noAccountCode
    /// No actor has that ID.
    case noSuchActor(ActorID)
    /// The events AMT has a hole.
    case malformedEvents
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
