import CairnCrypto
import CairnIPLD

/// The `crypto` operations: hashes, and secp256k1 signatures (BLS and proofs are unsupported).
extension Kernel {
    /// The digest of `data` under hash function `code` (a multihash code: SHA-256, BLAKE2b-256,
    /// BLAKE2b-512, Keccak-256).
    func hash(_ code: UInt64, _ data: [UInt8]) throws(SyscallFailure) -> [UInt8] {
        guard let function = SupportedHash(rawValue: code) else { throw ErrorNumber.illegalArgument.failure }
        try charge(profile.hashPrice(function, size: data.count))
        return function.digest(data)
    }

    /// Whether `signature` of type `type` (1 = secp256k1) over `plaintext` was made by the key
    /// behind `signer` (an f1 address). A malformed signature is simply invalid; BLS (2) is
    /// unsupported (`illegalOperation`), any other type `illegalArgument`.
    func verifySignature(type: UInt32, signature: [UInt8], signer: Address, plaintext: [UInt8]) throws(SyscallFailure) -> Bool {
        switch type {
        case 1:
            try charge(profile.secp256k1Verify.apply(plaintext.count))
            guard signer.addressProtocol == .secp256k1, signature.count == 65 else { return false }
            let digest = BLAKE2b.hash(plaintext, digestLength: 32)
            guard let key = SignatureCheck.recoverPublicKey(hash: digest, signature: signature) else { return false }
            return BLAKE2b.hash(key, digestLength: 20) == signer.payload
        case 2:
            throw ErrorNumber.illegalOperation.failure
        default:
            throw ErrorNumber.illegalArgument.failure
        }
    }

    /// The 65-byte uncompressed public key that made the 65-byte `signature` (r, s, recovery
    /// id) of the 32-byte `hash`; `illegalArgument` when none did.
    func recoverPublicKey(hash: [UInt8], signature: [UInt8]) throws(SyscallFailure) -> [UInt8] {
        try charge(profile.secp256k1Recover)
        guard let key = SignatureCheck.recoverPublicKey(hash: hash, signature: signature) else {
            throw ErrorNumber.illegalArgument.failure
        }
        return key
    }
}
