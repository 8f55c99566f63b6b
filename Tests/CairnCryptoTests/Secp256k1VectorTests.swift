import CairnCrypto
import CairnHash
import Testing

/// secp256k1 against independent data: public keys and RFC 6979 signatures computed by OpenSSL
/// (Python's `cryptography` 48, `deterministic_signing=True`, `s` folded to the low half), recovery
/// ids found by plain-integer curve arithmetic in Python, the textbook multiples of G, the
/// widely published RFC 6979 vector (key 1, SHA-256 of "Satoshi Nakamoto") and web3.js's
/// documented account (key 0x4c08...2318 is address 0x2c7536e3...5c23).
@Suite struct Secp256k1VectorTests {
    static let order = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"

    /// (private key, uncompressed public key).
    static let keys: [(String, String)] = [
        ("0000000000000000000000000000000000000000000000000000000000000001", "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"),
        ("0000000000000000000000000000000000000000000000000000000000000002", "04c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee51ae168fea63dc339a3c58419466ceaeef7f632653266d0e1236431a950cfe52a"),
        ("0000000000000000000000000000000000000000000000000000000000000003", "04f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9388f7b0f632de8140fe337e62a37f3566500a99934c2231b6cb9fd7584b8e672"),
        ("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798b7c52588d95c3b9aa25b0403f1eef75702e84bb7597aabe663b82f6f04ef2777"),
        ("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", "044e3b81af9c2234cad09d679ce6035ed1392347ce64ce405f5dcd36228a25de6e47fd35c4215d1edf53e6f83de344615ce719bdb0fd878f6ed76f06dd277956de"),
        ("121e129498046143cfd5cf67f3901b62c1571d3209c38e03728a9afbdab26c10", "04bcf31f973cc6bab4433684614e6e07c7d3aff0c64a66ffdc000d25e0ed925d4c9eb92d3138d35378ffd8839b398269e7057a85ad9a5f72a215fb259d6cc094e8"),
        ("a909da3846898942c82401dfa8d3506db16356e5418f33ac991f9c2473199a91", "04df66a2835f7c5c9e4b381d49b7a2b8c96dac1423bc94f686ddef588fc83ba373fe697ede1a8b6d2a65756c779a226efe2b9c89824517dc7a9219c006c0829867"),
    ]

    /// (private key, signed hash, signature `r ‖ s ‖ v`); the hashes are BLAKE2b-256 of "",
    /// "abc", "Satoshi Nakamoto" and "cairn message", as Filecoin would sign them.
    static let signatures: [(String, String, String)] = [
        ("0000000000000000000000000000000000000000000000000000000000000001", "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8", "4e5bd93675528a26805f78db974b96239d8243d1504948c5abf92f76f73b4ad3525ec96904f08ec3b5379f9851dc50e32e24d13520c92fb4db68f727387d9d7901"),
        ("0000000000000000000000000000000000000000000000000000000000000002", "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319", "c22feb58696816d3f554afc2a6681e3aceb12b94d63bba776d309da1d2a057a5692d1363d619e4c0876d3a3f6434790433e2a7d894e5a4062d269792baf2585b00"),
        ("0000000000000000000000000000000000000000000000000000000000000003", "1bb1a555b99d52465ee122266f6789d8b491f2c1f766a71bd8fa27c411c86aea", "3881965a324d2b1af721297364d5ddcbf42cc81df40d14604bc7ab3f9ee808731da2afb3eb3e0ea112f13e2876160791464e9718a4175fdb2c25f581e8033eb400"),
        ("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", "e42a7927e2de9788ce84ea681a14e5b31036c96f311c4c3c3429e98b8057a66e", "d34c72cda0e132af84ee63e7544fa42fb64f420e4b5c08f49bbbde4a56fefb6b73bc48d03ca98295510d249af42933358db2c8ff9fe0d3b60c8a660e495c630700"),
        ("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8", "dcb8ac6807314d42530377e02ba5eb4e05c1fad2b8df6ae074c6b4ef6bf557486e7155da9d1ae9c3dd0894049050e838d0a23e6369b91510fb21ebc09f66919701"),
        ("121e129498046143cfd5cf67f3901b62c1571d3209c38e03728a9afbdab26c10", "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319", "dbd68e79c720f11edfe5b75ec886ef46cc0c6ed480f192e104d3de6eca112fcb37b2bd586a2c2f5c2d6cdb778bbe8b4340fd41ff7a7bb1f6bf2cf005221884a001"),
        ("a909da3846898942c82401dfa8d3506db16356e5418f33ac991f9c2473199a91", "1bb1a555b99d52465ee122266f6789d8b491f2c1f766a71bd8fa27c411c86aea", "e894a827ba9b98d910493d4a85e0549cc2918535dea892744347db815fd0cbf71930f1e5ce877958ec9996b194f045e14b55d17f7eb8a2d6850cfbc0cfcca01e01"),
    ]

    @Test func publicKeysOfKnownPrivateKeys() throws {
        for (privateKey, publicKey) in Self.keys {
            #expect(try hexString(Secp256k1.publicKey(privateKey: hex(privateKey))) == publicKey)
        }
    }

    @Test func ethereumAddressOfTheWeb3Example() throws {
        let publicKey = try Secp256k1.publicKey(privateKey: hex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"))
        let address = Keccak256.hash(Array(publicKey.dropFirst())).bytes.suffix(20)
        #expect(hexString(Array(address)) == "2c7536e3605d9c16a7a3d7b1898e529396a65c23")
    }

    @Test func signingMatchesOpenSSLsRFC6979() throws {
        for (privateKey, hash, signature) in Self.signatures {
            #expect(try hexString(Secp256k1.sign(hash: hex(hash), privateKey: hex(privateKey))) == signature)
        }
    }

    @Test func theSatoshiNakamotoVector() throws {
        let hash = SupportedHash.sha2_256.digest(Array("Satoshi Nakamoto".utf8))
        let signature = try Secp256k1.sign(hash: hash, privateKey: hex(Self.keys[0].0))
        #expect(hexString(Array(signature[0..<32])) == "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8")
        #expect(hexString(Array(signature[32..<64])) == "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5")
        #expect(signature[64] == 1)
    }

    @Test func recoveryOfKnownSignatures() throws {
        let publicKeys = Dictionary(uniqueKeysWithValues: Self.keys)
        for (privateKey, hash, signature) in Self.signatures {
            let recovered = try Secp256k1.recoverPublicKey(hash: hex(hash), signature: hex(signature))
            #expect(hexString(recovered) == publicKeys[privateKey])
            #expect(try Secp256k1.verify(signature: hex(signature), hash: hex(hash), publicKey: recovered))
        }
    }

    /// `(r, n - s, v ^ 1)` is the same signature with a high `s`: recovery (as ref-fvm's and
    /// go-crypto's) accepts it, and it names the same key.
    @Test func highSRecoversTheSameKey() throws {
        for (_, hash, signature) in Self.signatures {
            let bytes = hex(signature)
            let twin = Array(bytes[0..<32]) + subtract(hex(Self.order), Array(bytes[32..<64])) + [bytes[64] ^ 1]
            #expect(twin[32..<64] != bytes[32..<64])
            let key = try Secp256k1.recoverPublicKey(hash: hex(hash), signature: bytes)
            #expect(try Secp256k1.recoverPublicKey(hash: hex(hash), signature: twin) == key)
            #expect(try Secp256k1.verify(signature: twin, hash: hex(hash), publicKey: key))
        }
    }

    @Test func compressedPublicKeysVerify() throws {
        let (_, hash, signature) = Self.signatures[1]
        let uncompressed = hex(Self.keys[1].1)
        let compressed = [0x02 | (uncompressed[64] & 1)] + Array(uncompressed[1..<33])
        #expect(try Secp256k1.normalizedPublicKey(compressed) == uncompressed)
        #expect(try Secp256k1.verify(signature: hex(signature), hash: hex(hash), publicKey: compressed))
        #expect(try !Secp256k1.verify(signature: hex(signature), hash: hex(hash), publicKey: hex(Self.keys[0].1)))
    }

    /// a - b for 32-byte big-endian numbers with a >= b.
    private func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for index in (0..<32).reversed() {
            var digit = Int(a[index]) - Int(b[index]) - borrow
            borrow = digit < 0 ? 1 : 0
            if digit < 0 { digit += 256 }
            result[index] = UInt8(digit)
        }
        return result
    }
}
