import CairnCrypto
import Testing

/// Enough work to notice a pathological slowdown in a test run (seconds instead of a fraction),
/// with no clock: each loop checks its results, so none can be skipped.
@Suite struct SpeedSanityTests {
    @Test func oneThousandRecoveries() throws {
        var generator = SeededGenerator(seed: 5)
        let privateKey = Secp256k1PropertyTests.privateKey(&generator)
        let publicKey = try Secp256k1.publicKey(privateKey: privateKey)
        var hash = generator.bytes(32)
        for _ in 0..<1000 {
            let signature = try Secp256k1.sign(hash: hash, privateKey: privateKey)
            #expect(try Secp256k1.recoverPublicKey(hash: hash, signature: signature) == publicKey)
            hash = SupportedHash.blake2b256.digest(hash)
        }
    }

    @Test func oneMebibyteThroughEachHash() {
        let mebibyte = [UInt8](repeating: 0x5a, count: 1 << 20)
        for function in SupportedHash.allCases {
            let digest = function.digest(mebibyte)
            #expect(digest.count == function.digestByteCount)
            #expect(digest != function.digest(Array(mebibyte.dropLast())))
        }
    }
}
