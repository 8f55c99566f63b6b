/// Every way input to the crypto functions can be rejected, as a typed error.
///
/// The actor runtime passes actor-supplied bytes straight to these functions, so each check
/// that can fail on hostile input throws one of these; none traps.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A hash function code that is not one of ``SupportedHash``'s.
    case unknownHashCode(UInt64)
    /// An input of the wrong size: `field` names it (`"signature"`, `"hash"`...).
    case invalidLength(field: String, expected: Int, actual: Int)
    /// A secp256k1 recovery id (the signature's last byte) outside 0...3.
    case invalidRecoveryID(UInt8)
    /// A secp256k1 signature whose `r` or `s` is zero or not below the group order.
    case invalidSignature
    /// A well-formed secp256k1 signature from which no public key can be recovered.
    case unrecoverable
    /// Bytes that are not a point on secp256k1 (or not a valid SEC 1 encoding of one).
    case invalidPublicKey
    /// A private key that is zero or not below the group order.
    case invalidPrivateKey
    /// An empty Filecoin signature (no type byte).
    case emptySignature
    /// A Filecoin signature type byte other than 1 (secp256k1) or 2 (BLS).
    case unknownSignatureType(UInt8)
    /// A well-formed signature that was not made by the claimed signer.
    case signatureMismatch
    /// A valid request Cairn does not implement (BLS signatures).
    case unsupported(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .unknownHashCode(let code): "unknown hash function code 0x\(String(code, radix: 16))"
        case .invalidLength(let field, let expected, let actual): "\(field) must be \(expected) bytes, not \(actual)"
        case .invalidRecoveryID(let id): "secp256k1 recovery id \(id) is not in 0...3"
        case .invalidSignature: "secp256k1 signature has r or s out of range"
        case .unrecoverable: "no public key can be recovered from the secp256k1 signature"
        case .invalidPublicKey: "not a secp256k1 public key"
        case .invalidPrivateKey: "secp256k1 private key is zero or not below the group order"
        case .emptySignature: "empty signature"
        case .unknownSignatureType(let type): "unknown signature type \(type)"
        case .signatureMismatch: "signature was not made by the signer"
        case .unsupported(let what): "\(what) is not supported"
        }
    }
}
