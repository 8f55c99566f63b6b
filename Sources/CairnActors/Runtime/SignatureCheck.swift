/// secp256k1 through CairnCrypto. (Until branch actors-crypto is merged, nothing recovers.)
enum SignatureCheck {
    /// The uncompressed public key (65 bytes) behind a 65-byte recoverable signature of a
    /// 32-byte hash, or nil.
    static func recoverPublicKey(hash: [UInt8], signature: [UInt8]) -> [UInt8]? {
        guard hash.count == 32, signature.count == 65 else { return nil }
        return nil
    }
}
