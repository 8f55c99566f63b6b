import Testing
@testable import CairnIPLD

/// Random data-model values: both codecs round-trip them, and non-canonical forms are rejected.
@Suite struct DAGCBORPropertyTests {
    static func randomString(_ rng: inout SplitMix) -> String {
        let pools: [ClosedRange<UInt32>] = [0x20...0x7e, 0xa0...0x24f, 0x4e00...0x4fff, 0x1f300...0x1f5ff, 0...0x1f]
        var s = ""
        for _ in 0..<Int(rng.next() % 10) {
            let pool = pools[Int(rng.next() % UInt64(pools.count))]
            s.unicodeScalars.append(Unicode.Scalar(pool.lowerBound + UInt32(rng.next() % UInt64(pool.count)))!)
        }
        return s
    }

    static func randomValue(_ rng: inout SplitMix, depth: Int = 0) -> IPLD {
        switch rng.next() % (depth < 4 ? 11 : 7) {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2: return .integer(IPLDInteger(negative: rng.next() % 2 == 0, argument: rng.next() >> (rng.next() % 64)))
        case 3:
            let d = Double(bitPattern: rng.next())
            return .float(d.isFinite ? d : 0.5)
        case 4: return .string(randomString(&rng))
        case 5: return .bytes((0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        case 6: return .link(CID(codec: [.dagCBOR, .raw][Int(rng.next() % 2)], hashing: [UInt8(truncatingIfNeeded: rng.next())],
                                 with: [.sha2_256, .blake2b256][Int(rng.next() % 2)]))
        case 7, 8: return .list((0..<Int(rng.next() % 6)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var m: [String: IPLD] = [:]
            for _ in 0..<Int(rng.next() % 6) { m[randomString(&rng)] = randomValue(&rng, depth: depth + 1) }
            return .map(m)
        }
    }

    @Test func randomValuesRoundTripThroughBothCodecs() throws {
        var rng = SplitMix(seed: 2026)
        for _ in 0..<3000 {
            let v = Self.randomValue(&rng)
            let cbor = try DAGCBOR.encode(v)
            #expect(try DAGCBOR.decode(cbor) == v)
            let json = try DAGJSON.encode(v)
            #expect(try DAGJSON.decode(json) == v, "\(String(decoding: json, as: UTF8.self))")
            #expect(try DAGJSON.isCanonical(json))
        }
    }

    @Test func truncationsAndFlipsFailCleanly() throws {
        var rng = SplitMix(seed: 77)
        for _ in 0..<500 {
            let bytes = try DAGCBOR.encode(Self.randomValue(&rng))
            for cut in 0..<bytes.count { #expect(throws: IPLDError.self) { try DAGCBOR.decode(Array(bytes.prefix(cut))) } }
            var flipped = bytes
            flipped[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(1 << (rng.next() % 8))
            if let v = try? DAGCBOR.decode(flipped) { #expect(try DAGCBOR.encode(v) == flipped, "accepted bytes must be canonical") }
        }
    }

    @Test(arguments: [
        ("1801", "integer 1 with a 1-byte argument"), ("190001", "integer 1 with a 2-byte argument"),
        ("3a00000000", "negative with a 4-byte zero argument"), ("5800", "empty bytes, long head"),
        ("a2616201616101", "keys out of order"), ("a2626161016162" + "02", "longer key first"),
        ("a2616101616102", "duplicate key"), ("fa3fc00000", "32-bit float"), ("f93e00", "16-bit float"),
        ("fb7ff8000000000000", "NaN"), ("fb7ff0000000000000", "infinity"), ("9f01ff", "indefinite list"),
        ("bf616101ff", "indefinite map"), ("5f4101ff", "indefinite bytes"), ("f7", "undefined"), ("f0", "simple value 16"),
        ("c101", "tag 1"), ("d82a4100", "tag 42 over a bare zero"), ("d82a420171", "tag 42 without a multihash"),
        ("d82a4401711200", "tag 42 without the zero prefix"), ("a10101", "integer map key"),
        ("0101", "trailing byte"), ("62c328", "invalid UTF-8"), ("9b00000001000000000000", "list longer than the input"),
        ("ff", "stray break"), ("1c", "reserved additional information"),
    ])
    func nonCanonicalFormsAreRejected(_ hex: String, _ what: String) throws {
        let bytes = try #require(Base16.decode(hex))
        #expect(throws: IPLDError.self, "\(what)") { try DAGCBOR.decode(bytes) }
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let deep = [UInt8](repeating: 0x81, count: 100_000) + [0x01]
        #expect(throws: IPLDError.self) { try DAGCBOR.decode(deep) }
        let json = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: IPLDError.self) { try DAGJSON.decode(json) }
    }
}

@Suite struct LinkScanTests {
    /// The lenient scanner finds exactly the strict decoder's links, in the same order.
    @Test func scannerAgreesWithTheDecoder() throws {
        var rng = SplitMix(seed: 404)
        for _ in 0..<2000 {
            let v = DAGCBORPropertyTests.randomValue(&rng)
            #expect(try DAGCBOR.scanLinks(try DAGCBOR.encode(v)) == v.links)
        }
        #expect(throws: IPLDError.self) { try DAGCBOR.scanLinks([0x82, 0x01]) }
    }
}
