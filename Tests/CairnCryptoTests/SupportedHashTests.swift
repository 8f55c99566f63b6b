import CairnCrypto
import Testing

/// The syscall hashes against published answers (FIPS 180-2 examples, RFC 7693 appendix A,
/// the Keccak team's Keccak-256) and Python's hashlib for the longer input.
@Suite struct SupportedHashTests {
    /// 1,280 bytes: 0, 1, ... 255 five times (more than one block of every function).
    static let long: [UInt8] = (0..<1280).map { UInt8(truncatingIfNeeded: $0) }

    @Test func sha2_256() {
        #expect(hexString(SupportedHash.sha2_256.digest([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hexString(SupportedHash.sha2_256.digest(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hexString(SupportedHash.sha2_256.digest(Self.long)) == "d414b085826eb06778483ba35564dc849e643359f69ed9747878ba6e54985bed")
    }

    @Test func blake2b256() {
        #expect(hexString(SupportedHash.blake2b256.digest([])) == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")
        #expect(hexString(SupportedHash.blake2b256.digest(Array("abc".utf8))) == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")
        #expect(hexString(SupportedHash.blake2b256.digest(Self.long)) == "82628cbfc9689e234b0923a531f4578fe2e7138a03e2f81ed6cde97517336650")
    }

    @Test func blake2b512() {
        // RFC 7693, appendix A: BLAKE2b-512("abc").
        #expect(hexString(SupportedHash.blake2b512.digest(Array("abc".utf8))) ==
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
        #expect(hexString(SupportedHash.blake2b512.digest([])) ==
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")
        #expect(hexString(SupportedHash.blake2b512.digest(Self.long)) ==
            "a86b784c748f990b998e6d30d71e20cc95228d2b08dd85e29f63e4de8d8839bdf935f4291537af5014fe44c0b578a073e4c9217c7b05542d0c450784c30bac8a")
    }

    @Test func keccak256() {
        // Keccak-256 (Ethereum's), not SHA3-256 (whose empty digest is a7ffc6f8...).
        #expect(hexString(SupportedHash.keccak256.digest([])) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(hexString(SupportedHash.keccak256.digest(Array("abc".utf8))) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        #expect(hexString(SupportedHash.keccak256.digest(Array("The quick brown fox jumps over the lazy dog".utf8))) ==
            "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")
    }

    @Test func codesAreTheMulticodecTable() throws {
        #expect(try SupportedHash(code: 0x12) == .sha2_256)
        #expect(try SupportedHash(code: 0x1b) == .keccak256)
        #expect(try SupportedHash(code: 0xb220) == .blake2b256)
        #expect(try SupportedHash(code: 0xb240) == .blake2b512)
        #expect(SupportedHash.allCases.map(\.description) == ["sha2-256", "keccak-256", "blake2b-256", "blake2b-512"])
        for function in SupportedHash.allCases {
            #expect(function.digest([1, 2, 3]).count == function.digestByteCount)
            #expect(try SupportedHash.digest(code: function.rawValue, [7]) == function.digest([7]))
        }
    }

    @Test(arguments: [UInt64(0), 0x11, 0x13, 0x1053, 0xb221, 0xb23f, 0xb260, UInt64.max])
    func unknownCodesThrow(code: UInt64) {
        #expect(throws: CryptoError.unknownHashCode(code)) { try SupportedHash(code: code) }
        #expect(throws: CryptoError.unknownHashCode(code)) { try SupportedHash.digest(code: code, [1]) }
    }
}
