import CairnCrypto
import Testing

/// Malformed secp256k1 input gets a typed error (never a trap, never libsecp256k1's abort).
@Suite struct Secp256k1RejectionTests {
    static let order = hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
    static let key = hex("0000000000000000000000000000000000000000000000000000000000000002")
    static let hash = hex("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")
    static let signature = hex("c22feb58696816d3f554afc2a6681e3aceb12b94d63bba776d309da1d2a057a5692d1363d619e4c0876d3a3f6434790433e2a7d894e5a4062d269792baf2585b00")
    static let publicKey = hex("04c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee51ae168fea63dc339a3c58419466ceaeef7f632653266d0e1236431a950cfe52a")

    @Test func privateKeysOutOfRange() {
        let tooBig = [UInt8](repeating: 0xff, count: 32)
        for key in [[UInt8](repeating: 0, count: 32), Self.order, tooBig] {
            #expect(throws: CryptoError.invalidPrivateKey) { try Secp256k1.publicKey(privateKey: key) }
            #expect(throws: CryptoError.invalidPrivateKey) { try Secp256k1.sign(hash: Self.hash, privateKey: key) }
        }
        #expect(throws: CryptoError.invalidLength(field: "private key", expected: 32, actual: 31)) {
            try Secp256k1.publicKey(privateKey: Array(Self.key.dropFirst()))
        }
        #expect(throws: CryptoError.invalidLength(field: "hash", expected: 32, actual: 33)) {
            try Secp256k1.sign(hash: Self.hash + [0], privateKey: Self.key)
        }
    }

    @Test func wrongLengths() {
        #expect(throws: CryptoError.invalidLength(field: "hash", expected: 32, actual: 31)) {
            try Secp256k1.recoverPublicKey(hash: Array(Self.hash.dropLast()), signature: Self.signature)
        }
        #expect(throws: CryptoError.invalidLength(field: "signature", expected: 65, actual: 64)) {
            try Secp256k1.recoverPublicKey(hash: Self.hash, signature: Array(Self.signature.dropLast()))
        }
        #expect(throws: CryptoError.invalidLength(field: "signature", expected: 65, actual: 66)) {
            try Secp256k1.verify(signature: Self.signature + [0], hash: Self.hash, publicKey: Self.publicKey)
        }
        #expect(throws: CryptoError.invalidLength(field: "signature", expected: 65, actual: 0)) {
            try Secp256k1.recoverPublicKey(hash: Self.hash, signature: [])
        }
        #expect(throws: CryptoError.invalidLength(field: "public key", expected: 65, actual: 64)) {
            try Secp256k1.verify(signature: Self.signature, hash: Self.hash, publicKey: Array(Self.publicKey.dropFirst()))
        }
    }

    @Test func recoveryIDsAboveThree() {
        for id in [UInt8(4), 5, 27, 28, 35, 128, 255] {
            let signature = Array(Self.signature.prefix(64)) + [id]
            #expect(throws: CryptoError.invalidRecoveryID(id)) { try Secp256k1.recoverPublicKey(hash: Self.hash, signature: signature) }
            #expect(throws: CryptoError.invalidRecoveryID(id)) {
                try Secp256k1.verify(signature: signature, hash: Self.hash, publicKey: Self.publicKey)
            }
        }
    }

    @Test func rAndSOutOfRange() throws {
        let r = Array(Self.signature[0..<32]), s = Array(Self.signature[32..<64]), v = [Self.signature[64]]
        let zero = [UInt8](repeating: 0, count: 32), ones = [UInt8](repeating: 0xff, count: 32)
        for bad in [zero + s + v, r + zero + v, Self.order + s + v, r + Self.order + v, ones + s + v, r + ones + v] {
            #expect(throws: CryptoError.invalidSignature) { try Secp256k1.recoverPublicKey(hash: Self.hash, signature: bad) }
            #expect(try !Secp256k1.verify(signature: bad, hash: Self.hash, publicKey: Self.publicKey))
        }
    }

    /// No curve point has x = 5, and x = r + n (ids 2 and 3) is at least p for this r.
    @Test func unrecoverableSignatures() throws {
        let s = Array(Self.signature[32..<64])
        let five = [UInt8](repeating: 0, count: 31) + [5]
        for bad in [five + s + [0], five + s + [1], Array(Self.signature.prefix(64)) + [2], Array(Self.signature.prefix(64)) + [3]] {
            #expect(throws: CryptoError.unrecoverable) { try Secp256k1.recoverPublicKey(hash: Self.hash, signature: bad) }
            #expect(try !Secp256k1.verify(signature: bad, hash: Self.hash, publicKey: Self.publicKey))
        }
    }

    @Test func publicKeysThatAreNotPoints() {
        var offCurve = Self.publicKey
        offCurve[64] ^= 1
        var hybrid = Self.publicKey
        hybrid[0] = 0x06 | (Self.publicKey[64] & 1)  // libsecp256k1 would parse this; Cairn does not.
        let xTooBig = [0x02] + [UInt8](repeating: 0xff, count: 32)
        let noPoint = [0x02] + [UInt8](repeating: 0, count: 31) + [5]
        let badPrefix = [0x05] + Array(Self.publicKey.dropFirst())
        let compressedPrefixOnLong = [0x02] + Array(Self.publicKey.dropFirst())
        for key in [offCurve, hybrid, xTooBig, noPoint, badPrefix, compressedPrefixOnLong] {
            #expect(throws: CryptoError.invalidPublicKey) { try Secp256k1.normalizedPublicKey(key) }
            #expect(throws: CryptoError.invalidPublicKey) {
                try Secp256k1.verify(signature: Self.signature, hash: Self.hash, publicKey: key)
            }
        }
    }

    @Test func errorsDescribeThemselves() {
        #expect(CryptoError.invalidRecoveryID(9).description == "secp256k1 recovery id 9 is not in 0...3")
        #expect(CryptoError.unknownHashCode(0x13).description == "unknown hash function code 0x13")
        #expect(CryptoError.invalidLength(field: "hash", expected: 32, actual: 1).description == "hash must be 32 bytes, not 1")
    }
}
