/// A 20-byte Ethereum address, and how the EVM sees Filecoin actors through it (FEVM's rules).
///
/// An actor with an f4 address in the EAM's namespace (an f410 address: namespace 10, a 20-byte
/// subaddress) has that subaddress as its Ethereum address: Ethereum accounts and contracts.
/// Any other actor is seen through its "masked ID address" `0xff ‖ 11 zero bytes ‖ 8-byte
/// big-endian ID`, which the EVM maps back to the ID address. Text is `0x` and 40 lower-case
/// hex digits.
public struct EthAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address's 20 bytes.
    public let bytes: [UInt8]

    /// The length of an Ethereum address.
    public static let length = 20

    /// The address of 20 `bytes`; `invalidPayloadLength` otherwise.
    public init(bytes: [UInt8]) throws(AddressError) {
        guard bytes.count == Self.length else { throw .invalidPayloadLength(bytes.count) }
        self.bytes = bytes
    }

    private init(exactly bytes: [UInt8]) { self.bytes = bytes }

    /// Parses `0x` (optional) and 40 hex digits, either case.
    public init(hex text: String) throws(AddressError) {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard digits.count == 2 * Self.length else { throw .invalidLength }
        var out: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { throw .invalidPayload }
            out.append(byte)
            index = next
        }
        bytes = out
    }

    /// The masked ID address of actor `id`: `0xff`, 11 zero bytes, the ID big-endian.
    public static func maskedID(_ id: ActorID) -> EthAddress {
        let be = (0..<8).map { UInt8(truncatingIfNeeded: id >> (8 * (7 - $0))) }
        return EthAddress(exactly: [0xff] + [UInt8](repeating: 0, count: 11) + be)
    }

    /// The actor ID a masked ID address names; nil for any other address.
    public var maskedID: ActorID? {
        guard bytes[0] == 0xff, bytes[1..<12].allSatisfy({ $0 == 0 }) else { return nil }
        return bytes[12...].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The Ethereum address of an f410 address; nil for any other address.
    public init?(_ address: Address) {
        guard case .delegated(BuiltinActors.eamActorID, let sub) = address, sub.count == Self.length else { return nil }
        bytes = sub
    }

    /// The Filecoin address the EVM resolves this one to: the ID address of a masked ID, else
    /// the f410 address.
    public var filecoinAddress: Address {
        if let id = maskedID { return .id(id) }
        return .delegated(namespace: BuiltinActors.eamActorID, subaddress: bytes)
    }

    /// The f410 address with this subaddress (even for a masked ID's bytes).
    public var delegatedAddress: Address { .delegated(namespace: BuiltinActors.eamActorID, subaddress: bytes) }

    /// How the EVM sees actor `id` whose record is `actor`: its f410 subaddress if it has one,
    /// else its masked ID address.
    public static func of(actor id: ActorID, _ actor: ActorState?) -> EthAddress {
        if let delegated = actor?.delegatedAddress, let eth = EthAddress(delegated) { return eth }
        return maskedID(id)
    }

    /// `0x` and 40 lower-case hex digits.
    public var description: String {
        let digits: [Character] = Array("0123456789abcdef")
        return "0x" + String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xf)]] })
    }

    /// Bytewise order.
    public static func < (a: EthAddress, b: EthAddress) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
