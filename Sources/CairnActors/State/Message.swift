import CairnIPLD

/// An unsigned message: a state transition request (fvm_shared v4 `Message`).
///
/// DAG-CBOR form, a 10-element list in THIS order (not the struct's field order in Rust):
/// `[version, to, from, sequence, value, gasLimit, gasFeeCap, gasPremium, method, params]`,
/// where addresses and amounts are byte strings, `version`, `sequence`, `gasLimit` and `method`
/// unsigned integers (u64 since fvm_shared v3; Lotus's Go type for the gas limit is int64, but
/// a negative one never encodes a valid message), and `params` a byte string (empty for none).
public struct Message: Hashable, Sendable {
    /// The message format version (0).
    public var version: UInt64
    /// The receiver.
    public var to: Address
    /// The sender.
    public var from: Address
    /// The sender's nonce.
    public var sequence: UInt64
    /// The amount transferred to the receiver.
    public var value: TokenAmount
    /// The most gas the message may use.
    public var gasLimit: UInt64
    /// The most the sender pays per unit of gas.
    public var gasFeeCap: TokenAmount
    /// The tip per unit of gas.
    public var gasPremium: TokenAmount
    /// The method invoked on the receiver.
    public var method: MethodNum
    /// The method's parameters (DAG-CBOR, or empty).
    public var params: [UInt8]

    /// A message; the parameters come in the order of the serialised tuple.
    public init(version: UInt64 = 0, to: Address, from: Address, sequence: UInt64, value: TokenAmount = .zero,
                gasLimit: UInt64, gasFeeCap: TokenAmount = .zero, gasPremium: TokenAmount = .zero,
                method: MethodNum = Method.send, params: [UInt8] = []) {
        self.version = version
        self.to = to
        self.from = from
        self.sequence = sequence
        self.value = value
        self.gasLimit = gasLimit
        self.gasFeeCap = gasFeeCap
        self.gasPremium = gasPremium
        self.method = method
        self.params = params
    }

    /// The DAG-CBOR value (the 10-element tuple).
    public func ipld() throws(ActorDataError) -> IPLD {
        .list([.uint(version), to.ipld, from.ipld, .uint(sequence), try value.ipld(), .uint(gasLimit),
               try gasFeeCap.ipld(), try gasPremium.ipld(), .uint(method), .bytes(params)])
    }

    /// Reads the DAG-CBOR value.
    public init(ipld: IPLD) throws(ActorDataError) {
        let f = try IPLDRead.tuple(ipld, count: 10, "message")
        version = try IPLDRead.uint64(f[0], "message version")
        to = try Address(ipld: f[1])
        from = try Address(ipld: f[2])
        sequence = try IPLDRead.uint64(f[3], "message sequence")
        value = try TokenAmount(ipld: f[4])
        gasLimit = try IPLDRead.uint64(f[5], "message gas limit")
        gasFeeCap = try TokenAmount(ipld: f[6])
        gasPremium = try TokenAmount(ipld: f[7])
        method = try IPLDRead.uint64(f[8], "message method")
        params = try IPLDRead.bytes(f[9], "message params")
    }

    /// The DAG-CBOR bytes.
    public func encoded() throws(ActorDataError) -> [UInt8] { try IPLDRead.encode(try ipld()) }

    /// Reads DAG-CBOR bytes.
    public init(encoded bytes: [UInt8]) throws(ActorDataError) { try self.init(ipld: IPLDRead.decode(bytes)) }

    /// The message's CID: CIDv1, DAG-CBOR, BLAKE2b-256 of `encoded()`, as Lotus names messages.
    public func cid() throws(ActorDataError) -> CID { CID(codec: .dagCBOR, hashing: try encoded()) }

    /// The bytes a secp256k1 or BLS signature covers: the binary CID (Lotus `msg.Cid().Bytes()`).
    /// (Delegated f4 senders sign an Ethereum transaction instead; that is not modelled here.)
    public func signingBytes() throws(ActorDataError) -> [UInt8] { try cid().bytes }
}
