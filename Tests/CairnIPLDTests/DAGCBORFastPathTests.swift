import Testing
@testable import CairnIPLD

/// The boundaries of the codec's fast paths: the encoder's buffer growth, the eight-bytes-at-a-time
/// ASCII check, the raw key-order comparison and CIDs that keep only their bytes.
@Suite struct DAGCBORFastPathTests {
    @Test func valuesLargerThanTheWritersFirstBufferRoundTrip() throws {
        for size in [0, 1, 200, 255, 256, 257, 1_000, 100_000] {
            let value: IPLD = .list([.bytes([UInt8](repeating: 7, count: size)), .string(String(repeating: "a", count: size))])
            let bytes = try DAGCBOR.encode(value)
            #expect(try DAGCBOR.decode(bytes) == value)
            var appended: [UInt8] = [0xaa]
            try DAGCBOR.write(value, into: &appended)
            #expect(appended == [0xaa] + bytes)
        }
    }

    /// A non-ASCII byte at every position of strings around the 8-byte word size is seen: valid
    /// UTF-8 decodes, a lone continuation byte is rejected.
    @Test func nonASCIIBytesAreFoundAtEveryPosition() throws {
        for length in 1...20 {
            for position in 0..<length {
                var valid = Array(repeating: UInt8(ascii: "x"), count: length)
                valid.replaceSubrange(position..<position + 1, with: [0xc3, 0xa9])  // "é"
                let encoded = [0x60 | UInt8(valid.count)] + valid
                #expect(try DAGCBOR.decode(encoded) == .string(String(decoding: valid, as: UTF8.self)))
                var invalid = Array(repeating: UInt8(ascii: "x"), count: length)
                invalid[position] = 0x80
                #expect(throws: IPLDError.nonCanonical("text string is not valid UTF-8")) {
                    try DAGCBOR.decode([0x60 | UInt8(length)] + invalid)
                }
            }
        }
    }

    @Test func keyOrderIsCheckedOnTheEncodedBytes() throws {
        // "z" < "aa" (shorter first); "é" (2 bytes, c3 a9) sorts after "ab" and before "aaa".
        let keys = ["b", "z", "aa", "é", "ab", "aaa"]
        let value: IPLD = .map(Dictionary(uniqueKeysWithValues: keys.map { ($0, IPLD.null) }))
        let bytes = try DAGCBOR.encode(value)
        #expect(try DAGCBOR.decode(bytes) == value)
        #expect(Base16.encode(bytes) == "a66162f6617af6626161f6626162f662c3a9f663616161f6")
        // Swapping two keys of equal length ("ab", "é") breaks the order.
        let swapped = Base16.decode("a66162f6617af6626161f662c3a9f6626162f663616161f6")!
        #expect(throws: IPLDError.nonCanonical("map key \"ab\" out of canonical order")) { try DAGCBOR.decode(swapped) }
    }

    @Test func parsedCIDsKeepTheirParts() throws {
        let v1 = CID(codec: .dagCBOR, hashing: [1, 2, 3], with: .sha2_256)
        let parsed = try CID(bytes: v1.bytes)
        #expect(parsed == v1 && parsed.version == 1 && parsed.codec == 0x71 && parsed.multihash == v1.multihash)
        #expect(parsed.multihash.code == 0x12 && parsed.multihash.digest.count == 32)
        let v0 = try CID("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n")
        #expect(v0.version == 0 && v0.codec == 0x70 && v0.multihash.code == 0x12 && v0.multihash.bytes == v0.bytes)
        let linked = try DAGCBOR.decode(try DAGCBOR.encode(.link(v1)))
        #expect(linked == .link(v1))
        if case .link(let cid) = linked { #expect(cid.multihash == v1.multihash) }
    }
}
