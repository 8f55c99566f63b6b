import CairnCrypto
import CairnHash

/// The cryptography the interpreter asks the host for: sha256 and ecrecover's secp256k1
/// public-key recovery (through CairnCrypto), and the address of a key.
enum EVMCrypto {
    static func sha256(_ bytes: [UInt8]) -> [UInt8] { SupportedHash.sha2_256.digest(bytes) }

    /// ecrecover on its 128-byte input (hash, v, r, s): the signer's address, or nil when
    /// v is not 27 or 28 or no key recovers.
    static func ecrecover(_ input: [UInt8]) -> EVMAddress? {
        guard input.count == 128, input[32..<63].allSatisfy({ $0 == 0 }), input[63] == 27 || input[63] == 28 else { return nil }
        let signature = Array(input[64..<128]) + [input[63] - 27]
        guard let key = try? Secp256k1.recoverPublicKey(hash: Array(input[0..<32]), signature: signature) else { return nil }
        return address(publicKey: key)
    }

    /// The address of a 65-byte uncompressed public key: keccak256 of its 64 coordinates' bytes, last 20.
    static func address(publicKey: [UInt8]) -> EVMAddress? {
        guard publicKey.count == 65 else { return nil }
        return EVMAddress(Keccak256.hash(Array(publicKey[1...])).bytes)
    }

    /// The address of a private key.
    static func address(privateKey: [UInt8]) -> EVMAddress? {
        guard let key = try? Secp256k1.publicKey(privateKey: privateKey) else { return nil }
        return address(publicKey: key)
    }
}
