import CairnIPLD

/// One actor's record in the state tree (ref-fvm `ActorState`, state tree version 5).
///
/// DAG-CBOR form, a 5-element list: `[code, state, sequence, balance, delegatedAddress]`:
/// `code` links to the actor's code (for built-in actors, a well-known CID), `state` to the
/// root of its state, `sequence` is its nonce (unsigned), `balance` a token amount (byte
/// string) and `delegatedAddress` its f4 address as a byte string, or null.
public struct ActorState: Hashable, Sendable {
    /// The actor's code CID.
    public var code: CID
    /// The root of the actor's own state.
    public var state: CID
    /// The nonce: messages sent (accounts) or a counter the actor keeps.
    public var sequence: UInt64
    /// The actor's balance.
    public var balance: TokenAmount
    /// The actor's f4 address, if it has one.
    public var delegatedAddress: Address?

    /// A record.
    public init(code: CID, state: CID, sequence: UInt64 = 0, balance: TokenAmount = .zero, delegatedAddress: Address? = nil) {
        self.code = code
        self.state = state
        self.sequence = sequence
        self.balance = balance
        self.delegatedAddress = delegatedAddress
    }

    /// The DAG-CBOR value.
    public func ipld() throws(ActorDataError) -> IPLD {
        .list([.link(code), .link(state), .uint(sequence), try balance.ipld(), delegatedAddress?.ipld ?? .null])
    }

    /// Reads the DAG-CBOR value.
    public init(ipld: IPLD) throws(ActorDataError) {
        let f = try IPLDRead.tuple(ipld, count: 5, "actor state")
        code = try IPLDRead.link(f[0], "actor code")
        state = try IPLDRead.link(f[1], "actor state root")
        sequence = try IPLDRead.uint64(f[2], "actor sequence")
        balance = try TokenAmount(ipld: f[3])
        delegatedAddress = f[4] == .null ? nil : try Address(ipld: f[4])
    }
}

/// The block a state root names (fvm_shared `StateRoot`): `[version, actors, info]`, where
/// `actors` links to the HAMT of actors and `info` to the state info block, which for
/// versions 3...5 is an empty list (`0x80`, fvm_shared `StateInfo0`).
public struct StateRoot: Hashable, Sendable {
    /// The state tree version (5).
    public var version: UInt64
    /// The root of the actors HAMT.
    public var actors: CID
    /// The state info block (an empty list).
    public var info: CID

    /// The version Cairn writes and reads: 5 (built-in actors v10 and later, with f4 addresses).
    public static let currentVersion: UInt64 = 5

    /// A state root.
    public init(version: UInt64 = currentVersion, actors: CID, info: CID) {
        self.version = version
        self.actors = actors
        self.info = info
    }

    /// The DAG-CBOR value.
    public var ipld: IPLD { .list([.uint(version), .link(actors), .link(info)]) }

    /// Reads the DAG-CBOR value.
    public init(ipld: IPLD) throws(ActorDataError) {
        let f = try IPLDRead.tuple(ipld, count: 3, "state root")
        version = try IPLDRead.uint64(f[0], "state root version")
        actors = try IPLDRead.link(f[1], "state root actors")
        info = try IPLDRead.link(f[2], "state root info")
    }
}
