import CairnIPLD

/// A Filecoin address (fvm_shared v4), byte for byte.
///
/// Binary form: one protocol byte, then the payload:
/// - f0 `id`: the actor ID as minimal unsigned LEB128 (any u64);
/// - f1 `secp256k1`: the 20-byte BLAKE2b-160 of an uncompressed 65-byte public key;
/// - f2 `actor`: a 20-byte BLAKE2b-160 of data chosen by whoever created the actor;
/// - f3 `bls`: a 48-byte BLS public key (parsed and encoded only; Cairn verifies no BLS);
/// - f4 `delegated`: LEB128 namespace (an actor ID) then a subaddress of 0...54 bytes.
///
/// In DAG-CBOR an address is a byte string holding the binary form. The text form
/// (`string(network:)`, `init(_:)`) is in `Address+Text.swift`. The network prefix is not part
/// of the address (as in ref-fvm v4): the same address prints with `f` or `t`.
public enum Address: Hashable, Sendable {
    case id(UInt64)
    case secp256k1([UInt8])
    case actor([UInt8])
    case bls([UInt8])
    case delegated(namespace: UInt64, subaddress: [UInt8])

    /// The length of f1 and f2 payloads (a BLAKE2b-160 digest).
    public static let payloadHashLength = 20
    /// The length of an f3 payload (a BLS public key).
    public static let blsPublicKeyLength = 48
    /// The length of an uncompressed secp256k1 public key.
    public static let secp256k1PublicKeyLength = 65
    /// The longest f4 subaddress.
    public static let maxSubaddressLength = 54
    /// The longest binary form: protocol byte, 10-byte LEB128 namespace, 54-byte subaddress.
    public static let maxLength = 65
    /// The first ID the init actor hands out; lower IDs are the singleton system actors.
    public static let firstNonSingletonID: UInt64 = 100

    /// The address protocol: the first byte of the binary form, the digit after the network prefix.
    public enum AddressProtocol: UInt8, Sendable, CaseIterable {
        case id = 0, secp256k1 = 1, actor = 2, bls = 3, delegated = 4
    }

    /// This address's protocol.
    public var addressProtocol: AddressProtocol {
        switch self {
        case .id: .id
        case .secp256k1: .secp256k1
        case .actor: .actor
        case .bls: .bls
        case .delegated: .delegated
        }
    }

    /// The f1 address of an uncompressed (65-byte, `04 ‖ x ‖ y`) secp256k1 public key.
    public static func secp256k1(publicKey: [UInt8]) throws(AddressError) -> Address {
        guard publicKey.count == secp256k1PublicKeyLength else { throw .invalidSecp256k1KeyLength(publicKey.count) }
        return .secp256k1(BLAKE2b.hash(publicKey, digestLength: payloadHashLength))
    }

    /// The f2 address naming `data` (ref-fvm's `Address::new_actor`: BLAKE2b-160 of the bytes).
    public static func actor(from data: [UInt8]) -> Address {
        .actor(BLAKE2b.hash(data, digestLength: payloadHashLength))
    }

    /// The ID of an f0 address.
    public var id: UInt64? {
        if case .id(let id) = self { return id }
        return nil
    }

    /// The payload: everything after the protocol byte.
    public var payload: [UInt8] {
        switch self {
        case .id(let id): LEB128.encode(id)
        case .secp256k1(let hash), .actor(let hash): hash
        case .bls(let key): key
        case .delegated(let namespace, let subaddress): LEB128.encode(namespace) + subaddress
        }
    }

    /// The binary form: protocol byte ‖ payload.
    public var bytes: [UInt8] { [addressProtocol.rawValue] + payload }

    /// Parses the binary form strictly: the protocol must be known and the payload exactly
    /// the right length (a minimal LEB128 for IDs, with nothing after it).
    public init(bytes: [UInt8]) throws(AddressError) {
        guard bytes.count >= 2 else { throw .invalidLength }
        guard let proto = AddressProtocol(rawValue: bytes[0]) else { throw .unknownProtocol }
        self = try Address(protocol: proto, payload: Array(bytes[1...]))
    }

    /// The address of protocol `proto` with `payload`, validated.
    public init(protocol proto: AddressProtocol, payload: [UInt8]) throws(AddressError) {
        switch proto {
        case .id:
            guard let (id, count) = LEB128.decode(payload), count == payload.count else { throw .invalidPayload }
            self = .id(id)
        case .secp256k1, .actor:
            guard payload.count == Self.payloadHashLength else { throw .invalidPayloadLength(payload.count) }
            self = proto == .secp256k1 ? .secp256k1(payload) : .actor(payload)
        case .bls:
            guard payload.count == Self.blsPublicKeyLength else { throw .invalidPayloadLength(payload.count) }
            self = .bls(payload)
        case .delegated:
            guard let (namespace, count) = LEB128.decode(payload) else { throw .invalidPayload }
            self = try Address(delegatedNamespace: namespace, subaddress: Array(payload[count...]))
        }
    }

    /// A validated f4 address: the subaddress may hold at most 54 bytes.
    public init(delegatedNamespace namespace: UInt64, subaddress: [UInt8]) throws(AddressError) {
        guard subaddress.count <= Self.maxSubaddressLength else { throw .invalidPayloadLength(subaddress.count) }
        self = .delegated(namespace: namespace, subaddress: subaddress)
    }

    /// The validated f1 address with this 20-byte hash.
    public static func secp256k1(hash: [UInt8]) throws(AddressError) -> Address {
        try Address(protocol: .secp256k1, payload: hash)
    }

    /// The validated f3 address of this 48-byte public key.
    public static func bls(publicKey: [UInt8]) throws(AddressError) -> Address {
        try Address(protocol: .bls, payload: publicKey)
    }
}

extension Address {
    /// The DAG-CBOR form: a byte string of the binary form.
    public var ipld: IPLD { .bytes(bytes) }

    /// Reads an address from its DAG-CBOR form (a byte string).
    public init(ipld: IPLD) throws(ActorDataError) {
        guard case .bytes(let raw) = ipld else { throw .shape("address: expected bytes, got \(ipld.kindName)") }
        do { self = try Address(bytes: raw) } catch { throw .address(error) }
    }
}
