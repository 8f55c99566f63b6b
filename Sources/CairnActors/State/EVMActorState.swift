import CairnIPLD

/// The EVM actor's state (builtin-actors v12+ `evm::State`), read so that tools can look into a
/// contract without running it.
///
/// DAG-CBOR form, a tuple: `[bytecode: CID, bytecode_hash: bytes(32), contract_state: CID,
/// transient_data: null | [transient_state: CID, [origin, nonce]], nonce: u64,
/// tombstone: null | [origin, nonce]]`. `contract_state` is the root of the contract's storage,
/// a KAMT from slot to value (``EVMStorage``).
public struct EVMActorState: Hashable, Sendable {
    /// The deployed bytecode: a raw (0x55) block named by BLAKE2b-256.
    public var bytecode: CID
    /// Keccak-256 of the bytecode.
    public var bytecodeHash: [UInt8]
    /// The root of the storage KAMT.
    public var contractState: CID
    /// The contract's nonce (contracts start at 1, EIP-161).
    public var nonce: UInt64
    /// Whether the contract self-destructed (a tombstone is set).
    public var isDead: Bool

    /// Reads the DAG-CBOR value.
    public init(ipld: IPLD) throws(ActorDataError) {
        let f = try IPLDRead.tuple(ipld, count: 6, "EVM actor state")
        bytecode = try IPLDRead.link(f[0], "EVM bytecode")
        bytecodeHash = try IPLDRead.bytes(f[1], "EVM bytecode hash")
        contractState = try IPLDRead.link(f[2], "EVM contract state")
        nonce = try IPLDRead.uint64(f[4], "EVM nonce")
        isDead = f[5] != .null
    }
}
