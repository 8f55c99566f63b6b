import CairnHash
import Testing
@testable import CairnEVM

@Suite struct MerklePatriciaTrieTests {
    @Test func emptyTrieHasTheWellKnownRoot() {
        var trie = MerklePatriciaTrie()
        #expect(trie.rootHash.description == "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")
        #expect(MerklePatriciaTrie.emptyRootHash == trie.rootHash)
        #expect(MerklePatriciaTrie.secureRoot([(key: [UInt8], value: [UInt8])]()) == trie.rootHash)
    }

    @Test func smallTrieMatchesHexaryTrie() {
        // Root from trie 4.0.0's HexaryTrie for the same four entries.
        var trie = MerklePatriciaTrie()
        for (key, value) in [("do", "verb"), ("dog", "puppy"), ("doge", "coins"), ("horse", "stallion")] {
            trie.insert(key: Array(key.utf8), value: Array(value.utf8))
        }
        #expect(trie.rootHash.description == "4034a3e31976c08463970a25a9b52209bfe55ae5b503005ad77a748a2b1b4f51")
        #expect(trie.value(forKey: Array("dog".utf8)) == Array("puppy".utf8))
        #expect(trie.value(forKey: Array("cat".utf8)) == nil)
    }

    /// Every operation sequence of the fixture, checking the root after each operation (an empty
    /// value removes the key, as in HexaryTrie).
    @Test func operationSequencesMatchHexaryTrie() {
        let cases = TrieVectorFixture.shared.trieCases
        #expect(cases.count >= 30)
        var checked = 0
        for (index, testCase) in cases.enumerated() {
            var trie = MerklePatriciaTrie(secure: testCase.secure)
            for op in testCase.operations {
                trie.insert(key: op.key, value: op.value)
                #expect(trie.rootHash.description == op.root, "case \(index)")
                checked += 1
            }
        }
        #expect(checked > 500)
    }

    /// Large tries regenerated from the script's formula (bulk_entries): only the roots are stored.
    @Test func largeTriesMatchHexaryTrie() {
        for bulk in TrieVectorFixture.shared.bulk {
            let entries = (0..<bulk.count).map { index in
                (key: bulkKey(index, keyBytes: bulk.keyBytes), value: RLP.encode(.uint(UInt64(index + 1))))
            }
            let expected = bulk.root
            if bulk.secure {
                #expect(MerklePatriciaTrie.secureRoot(entries).description == expected)
                var trie = MerklePatriciaTrie(secure: true)
                for entry in entries.reversed() { trie.insert(key: entry.key, value: entry.value) }
                #expect(trie.rootHash.description == expected)
            } else {
                #expect(MerklePatriciaTrie.root(entries).description == expected)
            }
        }
    }

    @Test func rootIsIndependentOfInsertionOrderAndRemovalsUndoInsertions() {
        var rng = SplitMix64(state: 4)
        let entries = (0..<300).map { _ in
            (key: rng.bytes(Int.random(in: 1...4, using: &rng)), value: rng.bytes(Int.random(in: 1...40, using: &rng)))
        }
        var forward = MerklePatriciaTrie()
        for entry in entries { forward.insert(key: entry.key, value: entry.value) }
        var shuffled = MerklePatriciaTrie()
        var last: [[UInt8]: [UInt8]] = [:]
        for entry in entries { last[entry.key] = entry.value }
        for (key, value) in last.shuffled(using: &rng) { shuffled.insert(key: key, value: value) }
        #expect(forward.rootHash == shuffled.rootHash)
        #expect(forward.count == last.count)

        let base = forward.rootHash
        forward.insert(key: [0xde, 0xad, 0xbe, 0xef, 0x00], value: [1])
        #expect(forward.rootHash != base)
        forward.remove(key: [0xde, 0xad, 0xbe, 0xef, 0x00])
        #expect(forward.rootHash == base)
        for key in last.keys { forward.insert(key: key, value: []) }
        #expect(forward.isEmpty)
        #expect(forward.rootHash == MerklePatriciaTrie.emptyRootHash)
    }

    /// The one-call roots take entries as a trie takes insertions: a repeated key keeps its last
    /// value, and an empty value means absent.
    @Test func oneCallRootsMatchInsertionSequences() {
        var rng = SplitMix64(state: 5)
        for _ in 0..<50 {
            let entries = (0..<Int.random(in: 0...60, using: &rng)).map { _ in
                (key: rng.bytes(Int.random(in: 1...2, using: &rng)),
                 value: Int.random(in: 0..<4, using: &rng) == 0 ? [] : rng.bytes(Int.random(in: 1...40, using: &rng)))
            }
            var plain = MerklePatriciaTrie()
            var secure = MerklePatriciaTrie(secure: true)
            for entry in entries {
                plain.insert(key: entry.key, value: entry.value)
                secure.insert(key: entry.key, value: entry.value)
            }
            #expect(MerklePatriciaTrie.root(entries) == plain.rootHash)
            #expect(MerklePatriciaTrie.secureRoot(entries) == secure.rootHash)
        }
    }

    @Test func secureTrieHashesKeys() {
        var secure = MerklePatriciaTrie(secure: true)
        var plain = MerklePatriciaTrie()
        let key = Array("account".utf8)
        secure.insert(key: key, value: [0x42])
        plain.insert(key: Keccak256.hash(key).bytes, value: [0x42])
        #expect(secure.rootHash == plain.rootHash)
        #expect(secure.value(forKey: key) == [0x42])
    }

    /// Key i of the script's bulk_entries: the low bytes of i * 0x9E3779B97F4A7C15 (mod 2^64),
    /// big-endian, left-padded with zeros to `keyBytes`.
    private func bulkKey(_ index: Int, keyBytes: Int) -> [UInt8] {
        let mixed = UInt64(index) &* 0x9E37_79B9_7F4A_7C15
        var key = [UInt8](repeating: 0, count: keyBytes)
        for byte in 0..<min(keyBytes, 8) {
            key[keyBytes - 1 - byte] = UInt8(truncatingIfNeeded: mixed >> UInt64(8 * byte))
        }
        return key
    }
}
