import CSecp256k1

/// ECDSA over secp256k1 through Debian's libsecp256k1, in Filecoin's formats.
///
/// - A private key is 32 big-endian bytes, nonzero and below the group order `n`.
/// - A public key is SEC 1 encoded: 65 bytes uncompressed (`04 ‖ x ‖ y`), which is what every
///   function returns; ``verify(signature:hash:publicKey:)`` also accepts the 33-byte compressed form.
/// - A signature is 65 bytes `r ‖ s ‖ v`: `r` and `s` 32 big-endian bytes each, `v` the recovery
///   id 0...3 (not Ethereum's 27/28). This is Filecoin's secp256k1 signature (ref-fvm's
///   `SECP_SIG_LEN`, go-crypto's `Sign`).
/// - The signed hash is any 32 bytes. What Filecoin signs is the BLAKE2b-256 digest of the bytes
///   being signed (for a message, its CID's bytes); this type takes the digest, so callers choose.
///
/// **Malleability.** Recovery accepts a high `s` (above `n/2`), as ref-fvm's
/// `recover_secp_public_key` (paritytech's libsecp256k1, `parse_standard`) and go-crypto's
/// `EcRecover` do: `(r, s, v)` and `(r, n - s, v ^ 1)` recover the same key. Filecoin verifies a
/// secp256k1 signature by recovering the key and comparing addresses, so it accepts both, and so
/// does ``verify(signature:hash:publicKey:)``. ``sign(hash:privateKey:)`` always produces low `s`.
public enum Secp256k1 {
    /// Bytes in a private key.
    public static let privateKeyByteCount = 32
    /// Bytes in an uncompressed public key.
    public static let publicKeyByteCount = 65
    /// Bytes in a compressed public key.
    public static let compressedPublicKeyByteCount = 33
    /// Bytes in a signature (`r ‖ s ‖ recovery id`).
    public static let signatureByteCount = 65
    /// Bytes in the signed hash.
    public static let hashByteCount = 32

    private static var context: OpaquePointer { Secp256k1Context.shared.pointer }

    /// The 65-byte uncompressed public key of `privateKey`.
    public static func publicKey(privateKey: [UInt8]) throws(CryptoError) -> [UInt8] {
        try checkLength(privateKey, privateKeyByteCount, "private key")
        var key = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(context, &key, privateKey) == 1 else { throw .invalidPrivateKey }
        return serialize(key)
    }

    /// Signs the 32-byte `hash` with `privateKey`: 65 bytes `r ‖ s ‖ recovery id`, low `s`.
    ///
    /// The nonce is RFC 6979's (HMAC-SHA256), so the same key and hash give the same signature.
    public static func sign(hash: [UInt8], privateKey: [UInt8]) throws(CryptoError) -> [UInt8] {
        try checkLength(hash, hashByteCount, "hash")
        try checkLength(privateKey, privateKeyByteCount, "private key")
        var signature = secp256k1_ecdsa_recoverable_signature()
        // A nil nonce function is libsecp256k1's default, RFC 6979.
        guard secp256k1_ecdsa_sign_recoverable(context, &signature, hash, privateKey, nil, nil) == 1 else {
            throw .invalidPrivateKey
        }
        var output = [UInt8](repeating: 0, count: signatureByteCount)
        var recoveryID: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(context, &output, &recoveryID, &signature)
        output[64] = UInt8(recoveryID)
        return output
    }

    /// The 65-byte uncompressed public key that made `signature` over the 32-byte `hash`
    /// (ref-fvm's `recover_secp_public_key`).
    ///
    /// Throws ``CryptoError/invalidLength(field:expected:actual:)`` for a hash that is not 32 bytes
    /// or a signature that is not 65, ``CryptoError/invalidRecoveryID(_:)`` for a last byte above 3,
    /// ``CryptoError/invalidSignature`` when `r` or `s` is zero or not below `n`, and
    /// ``CryptoError/unrecoverable`` when no curve point has the x coordinate the id names.
    public static func recoverPublicKey(hash: [UInt8], signature: [UInt8]) throws(CryptoError) -> [UInt8] {
        try checkLength(hash, hashByteCount, "hash")
        try checkLength(signature, signatureByteCount, "signature")
        let recoveryID = signature[64]
        guard recoveryID <= 3 else { throw .invalidRecoveryID(recoveryID) }
        // libsecp256k1 parses a zero r or s but then fails to recover; name the cause.
        guard signature[0..<32].contains(where: { $0 != 0 }), signature[32..<64].contains(where: { $0 != 0 }) else {
            throw .invalidSignature
        }
        var parsed = secp256k1_ecdsa_recoverable_signature()
        let compact = Array(signature[0..<64])
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(context, &parsed, compact, Int32(recoveryID)) == 1 else {
            throw .invalidSignature
        }
        var key = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(context, &key, &parsed, hash) == 1 else { throw .unrecoverable }
        return serialize(key)
    }

    /// Whether `signature` over the 32-byte `hash` was made by `publicKey` (33 or 65 bytes).
    ///
    /// Filecoin's rule: the key recovered from the signature must be `publicKey`, so the recovery
    /// id must be right and a high `s` is accepted. Throws for malformed input (a hash or signature
    /// of the wrong length, a recovery id above 3, a public key that is not a curve point); a
    /// well-formed signature that recovers no key or another key answers `false`.
    public static func verify(signature: [UInt8], hash: [UInt8], publicKey: [UInt8]) throws(CryptoError) -> Bool {
        let expected = try normalizedPublicKey(publicKey)
        do throws(CryptoError) {
            return try recoverPublicKey(hash: hash, signature: signature) == expected
        } catch .invalidSignature, .unrecoverable {
            return false
        }
    }

    /// `publicKey` (SEC 1, compressed or uncompressed) as 65 uncompressed bytes, if it is a curve point.
    public static func normalizedPublicKey(_ publicKey: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard publicKey.count == publicKeyByteCount || publicKey.count == compressedPublicKeyByteCount else {
            throw .invalidLength(field: "public key", expected: publicKeyByteCount, actual: publicKey.count)
        }
        // libsecp256k1 also parses SEC 1's "hybrid" form (prefix 06 or 07); Filecoin has no use for it.
        let prefix = publicKey[0]
        guard publicKey.count == publicKeyByteCount ? prefix == 0x04 : (prefix == 0x02 || prefix == 0x03) else {
            throw .invalidPublicKey
        }
        var key = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(context, &key, publicKey, publicKey.count) == 1 else { throw .invalidPublicKey }
        return serialize(key)
    }

    private static func serialize(_ key: secp256k1_pubkey) -> [UInt8] {
        var key = key
        var output = [UInt8](repeating: 0, count: publicKeyByteCount)
        var length = publicKeyByteCount
        _ = secp256k1_ec_pubkey_serialize(context, &output, &length, &key, UInt32(SECP256K1_EC_UNCOMPRESSED))
        return output
    }

    private static func checkLength(_ bytes: [UInt8], _ expected: Int, _ field: String) throws(CryptoError) {
        guard bytes.count == expected else { throw .invalidLength(field: field, expected: expected, actual: bytes.count) }
    }
}
