import CairnCrypto
import Testing

/// Properties over many keys from a fixed seed: round trips, determinism, low `s`, and that no
/// single-bit change of a signature or hash still names the signer.
@Suite struct Secp256k1PropertyTests {
    static let halfOrder = hex("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0")

    /// A valid private key (zero or an overflow is astronomically unlikely; retried anyway).
    static func privateKey(_ generator: inout SeededGenerator) -> [UInt8] {
        while true {
            let candidate = generator.bytes(32)
            if (try? Secp256k1.publicKey(privateKey: candidate)) != nil { return candidate }
        }
    }

    @Test func signRecoverVerifyRoundTrips() throws {
        var generator = SeededGenerator(seed: 0xC0FFEE)
        for _ in 0..<200 {
            let privateKey = Self.privateKey(&generator)
            let hash = generator.bytes(32)
            let publicKey = try Secp256k1.publicKey(privateKey: privateKey)
            let signature = try Secp256k1.sign(hash: hash, privateKey: privateKey)
            #expect(publicKey.count == 65 && publicKey[0] == 0x04)
            #expect(signature.count == 65 && signature[64] <= 1)
            #expect(Array(signature[32..<64]).lexicographicallyPrecedes(Self.halfOrder))  // low s
            #expect(try Secp256k1.sign(hash: hash, privateKey: privateKey) == signature)  // RFC 6979
            #expect(try Secp256k1.recoverPublicKey(hash: hash, signature: signature) == publicKey)
            #expect(try Secp256k1.verify(signature: signature, hash: hash, publicKey: publicKey))
        }
    }

    @Test func everySingleBitFlipOfASignatureLosesTheSigner() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<4 {
            let privateKey = Self.privateKey(&generator)
            let hash = generator.bytes(32)
            let publicKey = try Secp256k1.publicKey(privateKey: privateKey)
            let signature = try Secp256k1.sign(hash: hash, privateKey: privateKey)
            for bit in 0..<(signature.count * 8) {
                var flipped = signature
                flipped[bit / 8] ^= 1 << UInt8(bit % 8)
                let recovered = try? Secp256k1.recoverPublicKey(hash: hash, signature: flipped)
                #expect(recovered != publicKey, "bit \(bit) still recovers the signer")
                #expect((try? Secp256k1.verify(signature: flipped, hash: hash, publicKey: publicKey)) != true)
            }
        }
    }

    @Test func everySingleBitFlipOfTheHashLosesTheSigner() throws {
        var generator = SeededGenerator(seed: 11)
        let privateKey = Self.privateKey(&generator)
        let hash = generator.bytes(32)
        let publicKey = try Secp256k1.publicKey(privateKey: privateKey)
        let signature = try Secp256k1.sign(hash: hash, privateKey: privateKey)
        for bit in 0..<256 {
            var flipped = hash
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(try Secp256k1.recoverPublicKey(hash: flipped, signature: signature) != publicKey)
        }
    }

    /// Arbitrary 65-byte strings: a typed error or a well-formed key, never a trap.
    @Test func randomSignaturesNeverTrap() {
        var generator = SeededGenerator(seed: 99)
        var recovered = 0
        for index in 0..<1000 {
            var signature = generator.bytes(65)
            signature[64] = UInt8(index % 6)  // mostly valid ids, some not
            do {
                let key = try Secp256k1.recoverPublicKey(hash: generator.bytes(32), signature: signature)
                #expect(key.count == 65 && key[0] == 0x04)
                recovered += 1
            } catch {
                #expect([.unrecoverable, .invalidSignature, .invalidRecoveryID(signature[64])].contains(error))
            }
        }
        // Ids 0 and 1 (a third of the cases) recover when r is a curve x coordinate, about half the time.
        #expect((100...240).contains(recovered))
    }

    /// The shared context from many threads at once.
    @Test func concurrentUseOfTheSharedContext() async throws {
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for seed in 0..<8 {
                group.addTask {
                    var generator = SeededGenerator(seed: UInt64(seed) + 1000)
                    for _ in 0..<25 {
                        let privateKey = Self.privateKey(&generator)
                        let hash = generator.bytes(32)
                        let signature = try Secp256k1.sign(hash: hash, privateKey: privateKey)
                        let key = try Secp256k1.recoverPublicKey(hash: hash, signature: signature)
                        guard try key == Secp256k1.publicKey(privateKey: privateKey) else { return false }
                    }
                    return true
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
    }
}
