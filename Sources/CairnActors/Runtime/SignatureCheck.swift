import CairnCrypto

/// secp256k1 through CairnCrypto (Debian's libsecp256k1).
enum SignatureCheck {
    /// The uncompressed public key (65 bytes) behind a 65-byte recoverable signature (r, s,
    /// recovery id) of a 32-byte hash, or nil when the signature is malformed or recovers none.
    static func recoverPublicKey(hash: [UInt8], signature: [UInt8]) -> [UInt8]? {
        try? Secp256k1.recoverPublicKey(hash: hash, signature: signature)
    }
}
