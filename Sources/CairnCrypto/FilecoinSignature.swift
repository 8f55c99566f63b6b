import CairnIPLD

/// Filecoin's signature types, the first byte of a serialized signature.
public enum SignatureType: UInt8, Sendable, CaseIterable {
    /// ECDSA over secp256k1: 65 bytes `r ‖ s ‖ recovery id` follow the type byte.
    case secp256k1 = 1
    /// BLS12-381: 96 bytes follow. Cairn does not verify BLS signatures.
    case bls = 2
}

/// Filecoin's signature verification, as ref-fvm's `verify_signature` (fvm_shared's
/// `signature::verify`) does it for secp256k1.
///
/// A serialized signature is the type byte followed by the signature proper (what fvm_shared's
/// `Signature` holds in a CBOR byte string). A secp256k1 signer is named by its f1 address
/// payload: the BLAKE2b-160 digest of its 65-byte uncompressed public key. Verification hashes
/// the plaintext with BLAKE2b-256, recovers the public key from the signature and that digest,
/// and compares the recovered key's payload with the signer's.
public enum FilecoinSignature {
    /// Bytes in an f1 (secp256k1) address payload.
    public static let secp256k1PayloadByteCount = 20

    /// The f1 address payload of a secp256k1 public key (33 or 65 bytes): BLAKE2b-160 of its
    /// uncompressed form.
    public static func secp256k1AddressPayload(publicKey: [UInt8]) throws(CryptoError) -> [UInt8] {
        let uncompressed = try Secp256k1.normalizedPublicKey(publicKey)
        return BLAKE2b.hash(uncompressed, digestLength: secp256k1PayloadByteCount)
    }

    /// The digest Filecoin signs for `plaintext`: BLAKE2b-256.
    public static func signingDigest(_ plaintext: [UInt8]) -> [UInt8] {
        BLAKE2b.hash(plaintext, digestLength: 32)
    }

    /// Checks that `signature` (type byte ‖ signature proper) over `plaintext` was made by the
    /// secp256k1 key whose f1 payload is `signerPayload`; throws the reason when it was not.
    ///
    /// Throws ``CryptoError/emptySignature``, ``CryptoError/unknownSignatureType(_:)``,
    /// ``CryptoError/unsupported(_:)`` for BLS, a length error for a signer payload that is not
    /// 20 bytes, any error of ``Secp256k1/recoverPublicKey(hash:signature:)``, and
    /// ``CryptoError/signatureMismatch`` when the signature recovers another key.
    public static func check(signature: [UInt8], signerPayload: [UInt8], plaintext: [UInt8]) throws(CryptoError) {
        guard let typeByte = signature.first else { throw .emptySignature }
        guard let type = SignatureType(rawValue: typeByte) else { throw .unknownSignatureType(typeByte) }
        guard type == .secp256k1 else { throw .unsupported("BLS signature verification") }
        try checkSecp256k1(signature: Array(signature.dropFirst()), signerPayload: signerPayload, plaintext: plaintext)
    }

    /// ``check(signature:signerPayload:plaintext:)`` for a secp256k1 signature without its type byte.
    public static func checkSecp256k1(signature: [UInt8], signerPayload: [UInt8], plaintext: [UInt8]) throws(CryptoError) {
        guard signerPayload.count == secp256k1PayloadByteCount else {
            throw .invalidLength(field: "signer address payload", expected: secp256k1PayloadByteCount, actual: signerPayload.count)
        }
        let key = try Secp256k1.recoverPublicKey(hash: signingDigest(plaintext), signature: signature)
        guard BLAKE2b.hash(key, digestLength: secp256k1PayloadByteCount) == signerPayload else {
            throw .signatureMismatch
        }
    }

    /// Whether `signature` (type byte ‖ signature proper) over `plaintext` was made by the signer
    /// with f1 payload `signerPayload`, with ref-fvm's answers.
    ///
    /// ref-fvm's kernel answers `false` for every fault of the secp256k1 signature bytes (wrong
    /// length, bad recovery id, out-of-range `r`/`s`, another signer): it returns
    /// `signature::verify(...).is_ok()`. What ref-fvm refuses with an error instead of an answer,
    /// a missing or unknown signature type and a signer that is not a well-formed address, is
    /// thrown here (``CryptoError/emptySignature``, ``CryptoError/unknownSignatureType(_:)``, a
    /// length error for a payload that is not 20 bytes), and so is BLS, which Cairn does not
    /// verify (``CryptoError/unsupported(_:)``).
    public static func verify(signature: [UInt8], signerPayload: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> Bool {
        do throws(CryptoError) {
            try check(signature: signature, signerPayload: signerPayload, plaintext: plaintext)
            return true
        } catch {
            switch error {
            case .emptySignature, .unknownSignatureType, .unsupported:
                throw error
            case .invalidLength(let field, _, _) where field == "signer address payload":
                throw error
            default:
                return false
            }
        }
    }
}
