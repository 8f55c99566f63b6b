import CairnIPLD

/// Which Filecoin network an address's text form names: the first character.
public enum Network: Character, Sendable, CaseIterable {
    case mainnet = "f"
    case testnet = "t"
}

extension Address: CustomStringConvertible, LosslessStringConvertible {
    /// The length of the checksum in text forms: a 4-byte BLAKE2b of the binary form.
    public static let checksumLength = 4
    /// The longest text form ref-fvm accepts.
    static let maxTextLength = 138

    /// The text form on `network`:
    /// - f0: `f0` then the ID in decimal (`f01024`);
    /// - f1/f2/f3: `f1` (`f2`, `f3`) then base32(payload ‖ checksum);
    /// - f4: `f4` then the namespace in decimal, `f`, then base32(subaddress ‖ checksum);
    /// where the checksum is the 4-byte BLAKE2b of the binary form (protocol byte first) and
    /// base32 is RFC 4648 lower case without padding.
    public func string(network: Network = .mainnet) -> String {
        let prefix = "\(network.rawValue)\(addressProtocol.rawValue)"
        let checksum = BLAKE2b.hash(bytes, digestLength: Self.checksumLength)
        switch self {
        case .id(let id): return prefix + String(id)
        case .secp256k1(let data), .actor(let data), .bls(let data):
            return prefix + AddressBase32.encode(data + checksum)
        case .delegated(let namespace, let subaddress):
            return prefix + String(namespace) + "f" + AddressBase32.encode(subaddress + checksum)
        }
    }

    /// The mainnet text form (`f...`).
    public var description: String { string(network: .mainnet) }

    /// Parses a text form on either network; nil if it is not a valid address.
    public init?(_ description: String) {
        guard let parsed = try? Address.parse(description) else { return nil }
        self = parsed.address
    }

    /// Parses a text form strictly, returning the address and the network it names.
    ///
    /// Stricter than ref-fvm in one way: decimal numbers (IDs, f4 namespaces) must be canonical
    /// (digits only, no leading zero), so each address has exactly one text form per network.
    public static func parse(_ text: String) throws(AddressError) -> (address: Address, network: Network) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 3, utf8.count <= maxTextLength else { throw .invalidLength }
        guard let network = Network(rawValue: Character(Unicode.Scalar(utf8[0]))) else { throw .unknownNetwork }
        guard utf8[1] >= UInt8(ascii: "0"), let proto = AddressProtocol(rawValue: utf8[1] - UInt8(ascii: "0")) else {
            throw .unknownProtocol
        }
        let raw = Substring(String(decoding: utf8[2...], as: UTF8.self))
        switch proto {
        case .id:
            return (.id(try decimal(raw)), network)
        case .delegated:
            guard let split = raw.firstIndex(of: "f") else { throw .invalidPayload }
            let namespace = try decimal(raw[..<split])
            let decoded = try AddressBase32.decode(raw[raw.index(after: split)...])
            let sub = try splitChecksum(decoded, prefix: [proto.rawValue] + LEB128.encode(namespace))
            return (try Address(delegatedNamespace: namespace, subaddress: sub), network)
        case .secp256k1, .actor, .bls:
            let decoded = try AddressBase32.decode(raw)
            let payload = try splitChecksum(decoded, prefix: [proto.rawValue])
            // As ref-fvm: a well-checksummed payload of the wrong length is an invalid payload.
            guard payload.count == (proto == .bls ? blsPublicKeyLength : payloadHashLength) else { throw .invalidPayload }
            return (try Address(protocol: proto, payload: payload), network)
        }
    }

    /// An unsigned decimal of at most 20 digits, without sign or leading zero.
    private static func decimal(_ text: Substring) throws(AddressError) -> UInt64 {
        guard text.utf8.count <= 20 else { throw .invalidLength }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              text == "0" || text.first != "0", let value = UInt64(text) else { throw .invalidPayload }
        return value
    }

    /// The payload before the trailing 4-byte checksum, after checking that checksum.
    private static func splitChecksum(_ decoded: [UInt8], prefix: [UInt8]) throws(AddressError) -> [UInt8] {
        guard decoded.count >= checksumLength else { throw .invalidLength }
        let payload = Array(decoded.dropLast(checksumLength))
        guard BLAKE2b.hash(prefix + payload, digestLength: checksumLength) == Array(decoded.suffix(checksumLength)) else {
            throw .invalidChecksum
        }
        return payload
    }
}
