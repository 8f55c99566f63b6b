import Testing
@testable import CairnEVM

@Suite struct RLPTests {
    @Test func encodesAndDecodesLikePyRLP() throws {
        let vectors = TrieVectorFixture.shared.validRLP
        #expect(vectors.count > 100)
        for (expected, encoded) in vectors {
            #expect(RLP.encode(expected) == encoded)
            #expect(RLP.encodedLength(expected) == encoded.count)
            #expect(try RLP.decode(encoded) == expected)
        }
    }

    @Test func rejectsWhatPyRLPRejects() {
        let vectors = TrieVectorFixture.shared.invalidRLP
        #expect(vectors.count >= 100)
        for encoded in vectors {
            #expect(throws: RLPError.self, "\(encoded)") { try RLP.decode(encoded) }
        }
    }

    @Test func namesEachNonCanonicalForm() {
        let cases: [(String, RLPError)] = [
            ("", .truncated),
            ("8100", .nonCanonicalSingleByte),
            ("817f", .nonCanonicalSingleByte),
            ("b80101", .nonCanonicalLength),           // long form for 1 byte
            ("b90038" + String(repeating: "00", count: 56), .nonCanonicalLength),  // leading zero
            ("f800", .nonCanonicalLength),
            ("82ff", .truncated),
            ("c1", .truncated),
            ("c20181", .truncated),                   // an item overruns its list
            ("c2018180", .truncated),                 // 0x81 0x80 ends past its list
            ("bf" + String(repeating: "ff", count: 8), .lengthTooLarge),
            ("b9ffff", .truncated),
            ("0000", .trailingBytes),
            ("c0c0", .trailingBytes),
        ]
        for (hex, error) in cases {
            #expect(throws: error, "\(hex)") { try RLP.decode(bytes(hex: hex)) }
        }
    }

    @Test func refusesLengthsBeyondMemoryAndDeepNesting() {
        // 2^63: a length of eight bytes that no buffer can hold.
        #expect(throws: RLPError.lengthTooLarge) { try RLP.decode([0xbf, 0x80, 0, 0, 0, 0, 0, 0, 0]) }
        let depth = RLP.maximumDepth + 1
        var nested = RLPItem.list([])
        for _ in 0..<depth { nested = .list([nested]) }
        #expect(throws: RLPError.tooDeep) { try RLP.decode(RLP.encode(nested)) }
    }

    @Test func decodeInvertsEncodeOnRandomItems() throws {
        var rng = SplitMix64(state: 1)
        for _ in 0..<2000 {
            let value = randomItem(&rng, depth: 0)
            #expect(try RLP.decode(RLP.encode(value)) == value)
        }
        let long = RLPItem.bytes(rng.bytes(65_536))
        let encoded = RLP.encode(long)
        #expect(Array(encoded.prefix(4)) == [0xba, 0x01, 0x00, 0x00])
        #expect(try RLP.decode(encoded) == long)
    }

    @Test func randomBytesNeverCrashTheDecoder() {
        var rng = SplitMix64(state: 2)
        var accepted = 0
        for _ in 0..<20_000 {
            let input = rng.bytes(Int.random(in: 0...12, using: &rng))
            if let item = try? RLP.decode(input) {
                // Whatever is accepted is canonical: it re-encodes to the same bytes.
                #expect(RLP.encode(item) == input)
                accepted += 1
            }
        }
        #expect(accepted > 0)
    }

    @Test func integersAreMinimalBigEndian() throws {
        #expect(RLP.minimalBigEndian(0) == [])
        #expect(RLP.minimalBigEndian(0x7f) == [0x7f])
        #expect(RLP.minimalBigEndian(0x0400) == [0x04, 0x00])
        #expect(RLP.minimalBigEndian(UInt64.max) == Array(repeating: 0xff, count: 8))
        #expect(RLP.encode(.uint(0)) == [0x80])
        #expect(RLP.encode(.uint(15)) == [0x0f])
        #expect(RLP.encode(.uint(1024)) == [0x82, 0x04, 0x00])
        #expect(RLP.strippingLeadingZeros([0, 0, 1, 0]) == [1, 0])
        var rng = SplitMix64(state: 3)
        for _ in 0..<1000 {
            let value = rng.next() >> UInt64.random(in: 0...63, using: &rng)
            #expect(try RLP.uint64(.uint(value)) == value)
        }
        #expect(throws: RLPError.nonCanonicalInteger) { try RLP.uint64(bigEndian: [0, 1]) }
        #expect(throws: RLPError.integerTooLarge) { try RLP.uint64(bigEndian: [1, 0, 0, 0, 0, 0, 0, 0, 0]) }
        #expect(throws: RLPError.unexpectedItemKind) { try RLP.uint64(.list([])) }
    }

    private func randomItem(_ rng: inout SplitMix64, depth: Int) -> RLPItem {
        if depth < 4 && Int.random(in: 0..<3, using: &rng) == 0 {
            return .list((0..<Int.random(in: 0...5, using: &rng)).map { _ in randomItem(&rng, depth: depth + 1) })
        }
        let lengths = [0, 1, 1, 2, 55, 56, 57, 200]
        return .bytes(rng.bytes(lengths[Int.random(in: 0..<lengths.count, using: &rng)]))
    }
}
