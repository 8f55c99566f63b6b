/// Every way an address can fail to parse, from bytes or from text.
///
/// The cases follow ref-fvm's `fvm_shared::address::Error`, so a test vector that names an
/// error there names the same case here.
public enum AddressError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first text character is neither `f` (mainnet) nor `t` (testnet).
    case unknownNetwork
    /// The protocol byte or digit is not 0...4.
    case unknownProtocol
    /// The checksum at the end of the text form does not match the payload.
    case invalidChecksum
    /// The input is too short or too long to be an address at all.
    case invalidLength
    /// The payload is malformed (an ID that is not a minimal LEB128 or not a decimal number...).
    case invalidPayload
    /// The payload has the wrong length for its protocol (20 for f1/f2, 48 for f3, ≤ 54 for f4's subaddress).
    case invalidPayloadLength(Int)
    /// A secp256k1 public key that is not 65 bytes (uncompressed).
    case invalidSecp256k1KeyLength(Int)
    /// A character outside lower-case base32, a base32 length no encoding produces, or
    /// non-zero padding bits; `position` counts from the start of the base32 text.
    case base32(position: Int)
    /// An ID was asked of an address that is not an ID address.
    case notAnIDAddress

    public var description: String {
        switch self {
        case .unknownNetwork: "unknown network"
        case .unknownProtocol: "unknown address protocol"
        case .invalidChecksum: "invalid address checksum"
        case .invalidLength: "invalid address length"
        case .invalidPayload: "invalid address payload"
        case .invalidPayloadLength(let n): "invalid payload length \(n)"
        case .invalidSecp256k1KeyLength(let n): "invalid secp256k1 public key length \(n) (want 65)"
        case .base32(let p): "invalid base32 at position \(p)"
        case .notAnIDAddress: "not an ID address"
        }
    }
}
