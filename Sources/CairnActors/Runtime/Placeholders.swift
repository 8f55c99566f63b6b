// TEMPORARY stand-ins for the types that branch actors-types provides (State/). Deleted at the
// merge of "[types-ready]"; nothing here is meant to last.
import BigInt
import CairnIPLD

/// A Filecoin address (stand-in).
public struct Address: Hashable, Sendable {
    public enum Kind: UInt8, Sendable { case id = 0, secp256k1 = 1, actor = 2, bls = 3, delegated = 4 }
    public let kind: Kind
    public let payload: [UInt8]
    public init(kind: Kind, payload: [UInt8]) { (self.kind, self.payload) = (kind, payload) }
    public static func id(_ id: UInt64) -> Address {
        var out: [UInt8] = []
        Varint.write(id, into: &out)
        return Address(kind: .id, payload: out)
    }
    public static func actor(hashing data: [UInt8]) -> Address {
        Address(kind: .actor, payload: BLAKE2b.hash(data, digestLength: 20))
    }
    public init(bytes: [UInt8]) throws(AddressError) {
        guard let first = bytes.first, let kind = Kind(rawValue: first) else { throw AddressError() }
        let payload = Array(bytes.dropFirst())
        switch kind {
        case .id:
            var offset = 0
            guard (try? Varint.read(payload, at: &offset)) != nil, offset == payload.count else { throw AddressError() }
        case .secp256k1, .actor: guard payload.count == 20 else { throw AddressError() }
        case .bls: guard payload.count == 48 else { throw AddressError() }
        case .delegated: guard payload.count >= 1, payload.count <= 64 else { throw AddressError() }
        }
        self.init(kind: kind, payload: payload)
    }
    public var bytes: [UInt8] { [kind.rawValue] + payload }
    public var id: UInt64? {
        guard kind == .id else { return nil }
        var offset = 0
        return try? Varint.read(payload, at: &offset)
    }
}

public struct AddressError: Error, Sendable {}

/// An amount of attoFIL (stand-in).
public struct TokenAmount: Hashable, Sendable, Comparable {
    public var atto: BigInt
    public init(atto: BigInt) { self.atto = atto }
    public static let zero = TokenAmount(atto: 0)
    public static func < (a: TokenAmount, b: TokenAmount) -> Bool { a.atto < b.atto }
    public static func + (a: TokenAmount, b: TokenAmount) -> TokenAmount { TokenAmount(atto: a.atto + b.atto) }
    public static func - (a: TokenAmount, b: TokenAmount) -> TokenAmount { TokenAmount(atto: a.atto - b.atto) }
    public var isZero: Bool { atto.isZero }
}

/// ref-fvm's exit codes (stand-in).
public struct ExitCode: Hashable, Sendable {
    public var value: UInt32
    public init(_ value: UInt32) { self.value = value }
    public static let ok = ExitCode(0)
    public static let sysSenderInvalid = ExitCode(1)
    public static let sysSenderStateInvalid = ExitCode(2)
    public static let sysIllegalInstruction = ExitCode(4)
    public static let sysInvalidReceiver = ExitCode(5)
    public static let sysInsufficientFunds = ExitCode(6)
    public static let sysOutOfGas = ExitCode(7)
    public static let sysIllegalExitCode = ExitCode(9)
    public static let sysAssertionFailed = ExitCode(10)
    public static let sysMissingReturn = ExitCode(11)
    public static let usrIllegalArgument = ExitCode(16)
    public static let usrNotFound = ExitCode(17)
    public static let usrForbidden = ExitCode(18)
    public static let usrInsufficientFunds = ExitCode(19)
    public static let usrIllegalState = ExitCode(20)
    public static let usrSerialization = ExitCode(21)
    public static let usrUnhandledMessage = ExitCode(22)
    public static let usrUnspecified = ExitCode(23)
    public static let usrAssertionFailed = ExitCode(24)
    public static let usrReadOnly = ExitCode(25)
    public var isSuccess: Bool { value == 0 }
    public var isSystemError: Bool { value > 0 && value < 16 }
}

/// An actor record (stand-in).
public struct ActorState: Hashable, Sendable {
    public var code: CID
    public var state: CID
    public var sequence: UInt64
    public var balance: TokenAmount
    public var delegatedAddress: Address?
    public init(code: CID, state: CID, sequence: UInt64, balance: TokenAmount, delegatedAddress: Address?) {
        (self.code, self.state, self.sequence, self.balance, self.delegatedAddress) = (code, state, sequence, balance, delegatedAddress)
    }
}

/// A layered state tree (stand-in): actors by ID and an address table.
public final class StateTree {
    public let store: any Blockstore
    struct Layer { var actors: [UInt64: ActorState?] = [:]; var addresses: [Address: UInt64] = [:]; var nextID: UInt64? }
    var base = Layer()
    var layers: [Layer] = []
    var baseNextID: UInt64 = 100
    public init(store: any Blockstore) { self.store = store }
    public func getActor(_ id: UInt64) -> ActorState? {
        for layer in layers.reversed() { if let entry = layer.actors[id] { return entry } }
        return base.actors[id] ?? nil
    }
    public func setActor(_ id: UInt64, _ actor: ActorState) { write { $0.actors[id] = .some(actor) } }
    public func deleteActor(_ id: UInt64) { write { $0.actors[id] = .some(nil) } }
    public func lookupID(_ address: Address) -> UInt64? {
        if let id = address.id { return id }
        for layer in layers.reversed() { if let id = layer.addresses[address] { return id } }
        return base.addresses[address]
    }
    public func registerNewAddress(_ address: Address) -> UInt64 {
        let id = layers.reversed().lazy.compactMap(\.nextID).first ?? baseNextID
        write { $0.addresses[address] = id; $0.nextID = id + 1 }
        if layers.isEmpty { baseNextID = id + 1 }
        return id
    }
    public func registerAddress(_ address: Address, id: UInt64) { write { $0.addresses[address] = id } }
    public func beginTransaction() { layers.append(Layer()) }
    public func endTransaction(revert: Bool) {
        let top = layers.removeLast()
        guard !revert else { return }
        write { layer in
            layer.actors.merge(top.actors) { $1 }
            layer.addresses.merge(top.addresses) { $1 }
            if let next = top.nextID { layer.nextID = next }
        }
        if layers.isEmpty, let next = top.nextID { baseNextID = next }
    }
    private func write(_ body: (inout Layer) -> Void) {
        if layers.isEmpty { body(&base) } else { body(&layers[layers.count - 1]) }
    }
    public func flush() throws -> CID {
        var entries: [String: IPLD] = [:]
        for (id, actor) in base.actors { if let actor { entries[String(id)] = .list([.link(actor.code), .link(actor.state), .uint(actor.sequence), .string(actor.balance.atto.description)]) } }
        return try store.putIPLD(.map(entries))
    }
}

/// A message (stand-in).
public struct Message: Hashable, Sendable {
    public var version: UInt64 = 0
    public var from: Address
    public var to: Address
    public var sequence: UInt64
    public var value: TokenAmount
    public var method: UInt64
    public var params: [UInt8]
    public var gasLimit: UInt64
    public var gasFeeCap: TokenAmount
    public var gasPremium: TokenAmount
    public init(from: Address, to: Address, sequence: UInt64, value: TokenAmount, method: UInt64, params: [UInt8], gasLimit: UInt64, gasFeeCap: TokenAmount, gasPremium: TokenAmount) {
        (self.from, self.to, self.sequence, self.value, self.method, self.params) = (from, to, sequence, value, method, params)
        (self.gasLimit, self.gasFeeCap, self.gasPremium) = (gasLimit, gasFeeCap, gasPremium)
    }
}

/// A receipt (stand-in).
public struct Receipt: Hashable, Sendable {
    public var exitCode: ExitCode
    public var returnData: [UInt8]
    public var gasUsed: UInt64
    public var eventsRoot: CID?
    public init(exitCode: ExitCode, returnData: [UInt8], gasUsed: UInt64, eventsRoot: CID?) {
        (self.exitCode, self.returnData, self.gasUsed, self.eventsRoot) = (exitCode, returnData, gasUsed, eventsRoot)
    }
}

/// An event entry and an actor event (stand-in).
public struct EventEntry: Hashable, Sendable {
    public var flags: UInt64
    public var key: String
    public var codec: UInt64
    public var value: [UInt8]
}
public struct ActorEvent: Hashable, Sendable {
    public var entries: [EventEntry]
}
public struct StampedEvent: Hashable, Sendable {
    public var emitter: UInt64
    public var event: ActorEvent
    public var ipld: IPLD {
        .list([.uint(emitter), .list(event.entries.map { .list([.uint($0.flags), .string($0.key), .uint($0.codec), .bytes($0.value)]) })])
    }
}
