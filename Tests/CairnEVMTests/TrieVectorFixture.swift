import Foundation

/// Tests/CairnEVMTests/Fixtures/trie-vectors.json, written by scripts/evm-trie-vectors.py from
/// PyPI's rlp 5.0.0 and trie 4.0.0 (HexaryTrie): the independent implementations the RLP and trie
/// tests compare against.
struct TrieVectorFixture {
    let json: [String: Any]

    static let shared = TrieVectorFixture()

    private init() {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/trie-vectors.json")
        let data = try! Data(contentsOf: url)
        json = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    subscript(key: String) -> Any { json[key]! }
}

/// The bytes of a hexadecimal string (even length, no prefix).
func bytes(hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count, by: 2).map { index in
        UInt8(String(decoding: digits[index..<(index + 2)], as: UTF8.self), radix: 16)!
    }
}

/// A deterministic generator (SplitMix64) for the property tests, so that failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}
