import CairnCrypto
import Testing

/// Filecoin's secp256k1 signature verification: BLAKE2b-256 of the plaintext, recovery, and the
/// f1 payload (BLAKE2b-160 of the uncompressed key) compared. Payloads are Python hashlib's
/// `blake2b(key, digest_size=20)`; the signatures are OpenSSL's (see Secp256k1VectorTests).
@Suite struct FilecoinSignatureTests {
    /// Private key 1 signed BLAKE2b-256("") (Secp256k1VectorTests.signatures[0]).
    static let signature = [UInt8(1)] + hex("4e5bd93675528a26805f78db974b96239d8243d1504948c5abf92f76f73b4ad3525ec96904f08ec3b5379f9851dc50e32e24d13520c92fb4db68f727387d9d7901")
    static let signer = hex("b0a998cbfbf6619085291997ab5718a168ae3c85")

    @Test func addressPayloadsOfKnownKeys() throws {
        let payloads = ["b0a998cbfbf6619085291997ab5718a168ae3c85", "cc3fc925941fb83395d6bab0116e41b6c0178ae1", "2c5df89a90dae2f6f432c65a078479eaf0b9e450"]
        for (index, payload) in payloads.enumerated() {
            let publicKey = hex(Secp256k1VectorTests.keys[index].1)
            #expect(try hexString(FilecoinSignature.secp256k1AddressPayload(publicKey: publicKey)) == payload)
            // The compressed form names the same address (it is hashed uncompressed).
            let compressed = [0x02 | (publicKey[64] & 1)] + Array(publicKey[1..<33])
            #expect(try hexString(FilecoinSignature.secp256k1AddressPayload(publicKey: compressed)) == payload)
        }
    }

    @Test func aGoodSignatureVerifies() throws {
        try FilecoinSignature.check(signature: Self.signature, signerPayload: Self.signer, plaintext: [])
        #expect(try FilecoinSignature.verify(signature: Self.signature, signerPayload: Self.signer, plaintext: []))
        #expect(FilecoinSignature.signingDigest([]) == SupportedHash.blake2b256.digest([]))
    }

    @Test func signAndVerifyManyMessages() throws {
        var generator = SeededGenerator(seed: 2026)
        for length in [0, 1, 32, 127, 128, 129, 1000] {
            let privateKey = Secp256k1PropertyTests.privateKey(&generator)
            let plaintext = generator.bytes(length)
            let payload = try FilecoinSignature.secp256k1AddressPayload(publicKey: Secp256k1.publicKey(privateKey: privateKey))
            let signature = try [1] + Secp256k1.sign(hash: FilecoinSignature.signingDigest(plaintext), privateKey: privateKey)
            #expect(try FilecoinSignature.verify(signature: signature, signerPayload: payload, plaintext: plaintext))
            #expect(try !FilecoinSignature.verify(signature: signature, signerPayload: payload, plaintext: plaintext + [0]))
            #expect(try !FilecoinSignature.verify(signature: signature, signerPayload: Self.signer, plaintext: plaintext))
        }
    }

    @Test func anotherPlaintextOrSignerIsAMismatch() {
        #expect(throws: CryptoError.signatureMismatch) {
            try FilecoinSignature.check(signature: Self.signature, signerPayload: Self.signer, plaintext: [0])
        }
        var otherSigner = Self.signer
        otherSigner[19] ^= 1
        #expect(throws: CryptoError.signatureMismatch) {
            try FilecoinSignature.check(signature: Self.signature, signerPayload: otherSigner, plaintext: [])
        }
    }

    /// ref-fvm answers `false` for any fault of the secp256k1 signature bytes.
    @Test func faultySignatureBytesAnswerFalse() throws {
        let faulty: [[UInt8]] = [
            Array(Self.signature.dropLast()),  // 64 bytes
            Self.signature + [0],  // 66 bytes
            Array(Self.signature.dropLast()) + [4],  // recovery id 4
            Array(Self.signature.dropLast()) + [27],  // Ethereum's v
            [1] + [UInt8](repeating: 0, count: 65),  // r = s = 0
            [1],  // the type byte alone
        ]
        for signature in faulty {
            #expect(try !FilecoinSignature.verify(signature: signature, signerPayload: Self.signer, plaintext: []))
        }
        #expect(throws: CryptoError.invalidRecoveryID(4)) {
            try FilecoinSignature.check(signature: faulty[2], signerPayload: Self.signer, plaintext: [])
        }
    }

    @Test func malformedRequestsThrow() {
        #expect(throws: CryptoError.emptySignature) {
            try FilecoinSignature.verify(signature: [], signerPayload: Self.signer, plaintext: [])
        }
        for type in [UInt8(0), 3, 255] {
            #expect(throws: CryptoError.unknownSignatureType(type)) {
                try FilecoinSignature.verify(signature: [type] + Self.signature.dropFirst(), signerPayload: Self.signer, plaintext: [])
            }
        }
        #expect(throws: CryptoError.unsupported("BLS signature verification")) {
            try FilecoinSignature.verify(signature: [2] + [UInt8](repeating: 0, count: 96), signerPayload: Self.signer, plaintext: [])
        }
        #expect(throws: CryptoError.invalidLength(field: "signer address payload", expected: 20, actual: 21)) {
            try FilecoinSignature.verify(signature: Self.signature, signerPayload: Self.signer + [0], plaintext: [])
        }
    }
}
