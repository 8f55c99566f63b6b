import CairnEVM
import Foundation

/// Tests/CairnEVMTests/Fixtures/trie-vectors.json, written by scripts/evm-trie-vectors.py from
/// PyPI's rlp 5.0.0 and trie 4.0.0 (HexaryTrie): the independent implementations the RLP and trie
/// tests compare against.
struct TrieVectorFixture: Sendable {
    /// An operation of a trie case: set `key` to `value` (an empty value removes), then the root.
    struct Operation: Sendable {
        let key: [UInt8]
        let value: [UInt8]
        let root: String
    }

    struct TrieCase: Sendable {
        let secure: Bool
        let operations: [Operation]
    }

    /// A large trie whose entries the test regenerates (the script's `bulk_entries`).
    struct Bulk: Sendable {
        let count: Int
        let keyBytes: Int
        let secure: Bool
        let root: String
    }

    let validRLP: [(item: RLPItem, encoded: [UInt8])]
    let invalidRLP: [[UInt8]]
    let trieCases: [TrieCase]
    let bulk: [Bulk]

    static let shared = TrieVectorFixture()

    private init() {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/trie-vectors.json")
        let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        validRLP = (json["rlp_valid"] as! [[String: Any]]).map { vector in
            (Self.item(vector["item"]!), bytes(hex: vector["encoded"] as! String))
        }
        invalidRLP = (json["rlp_invalid"] as! [String]).map { bytes(hex: $0) }
        trieCases = (json["trie_cases"] as! [[String: Any]]).map { testCase in
            TrieCase(secure: testCase["secure"] as! Bool, operations: (testCase["ops"] as! [[String]]).map { op in
                Operation(key: bytes(hex: op[0]), value: bytes(hex: op[1]), root: op[2])
            })
        }
        bulk = (json["trie_bulk"] as! [[String: Any]]).map { entry in
            Bulk(count: entry["count"] as! Int, keyBytes: entry["keyBytes"] as! Int,
                 secure: entry["secure"] as! Bool, root: entry["root"] as! String)
        }
    }

    /// The fixture's items: hex strings are byte strings, arrays are lists.
    private static func item(_ json: Any) -> RLPItem {
        if let hex = json as? String { return .bytes(bytes(hex: hex)) }
        return .list((json as! [Any]).map(item))
    }
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
