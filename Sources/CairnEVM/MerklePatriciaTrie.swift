import CairnHash

// Ethereum's Merkle-Patricia trie (the Yellow Paper, appendix D), as a map from keys to values
// whose root hash is computed on demand.
//
// The trie keeps its entries, not its nodes: the node structure of a hex-prefix trie is a pure
// function of the set of keys, so `rootHash` sorts the keys once and builds every node bottom-up
// over ranges of that sorted array. A range of keys that share their next nibbles becomes an
// extension, a range that splits becomes a branch (with a value when one key ends there), a single
// key becomes a leaf. Each node is RLP-encoded straight into a reused buffer; a child whose
// encoding is shorter than 32 bytes is inlined in its parent, a longer one is referenced by its
// Keccak-256. No node objects and no nibble arrays are allocated: a nibble is read from the key
// bytes by index. Insertions and removals are dictionary updates, and the root is cached until
// the next change. For the state tests' tries (hundreds of accounts, a handful of slots each) this
// is simpler than, and as fast as, an incrementally updated node store.

/// Ethereum's hexary Merkle-Patricia trie over byte-string keys and values.
///
/// ```swift
/// var trie = MerklePatriciaTrie()
/// trie.insert(key: Array("dog".utf8), value: Array("puppy".utf8))
/// print(trie.rootHash)
/// ```
///
/// As in Ethereum, an empty value means absence: inserting one removes the key. A secure trie
/// (`MerklePatriciaTrie(secure: true)`, Ethereum's state and storage tries) keys every entry by
/// the Keccak-256 of its key.
public struct MerklePatriciaTrie: Sendable {
    /// The root of the empty trie: Keccak-256 of the RLP empty string (0x80), 56e81f…b421.
    public static let emptyRootHash = Keccak256.hash([0x80])

    /// Whether keys are hashed with Keccak-256 before they enter the trie.
    public let isSecure: Bool

    /// The entries by trie key (the Keccak-256 of the caller's key in a secure trie).
    private var entries: [[UInt8]: [UInt8]] = [:]

    /// The root of `entries`, computed by the last `rootHash` since the last change.
    private var cachedRoot: Digest?

    /// An empty trie; `secure` hashes every key with Keccak-256, as the state and storage tries do.
    public init(secure: Bool = false) {
        isSecure = secure
    }

    /// How many keys the trie holds.
    public var count: Int { entries.count }

    /// Whether the trie holds no key.
    public var isEmpty: Bool { entries.isEmpty }

    /// Sets the value of a key; an empty value removes the key (Ethereum stores no empty values).
    public mutating func insert(key: [UInt8], value: [UInt8]) {
        if value.isEmpty {
            remove(key: key)
            return
        }
        entries[trieKey(key)] = value
        cachedRoot = nil
    }

    /// Removes a key (nothing happens if it is absent).
    public mutating func remove(key: [UInt8]) {
        if entries.removeValue(forKey: trieKey(key)) != nil { cachedRoot = nil }
    }

    /// The value of a key, or `nil` if it is absent.
    public func value(forKey key: [UInt8]) -> [UInt8]? {
        entries[trieKey(key)]
    }

    /// The Keccak-256 of the root node's encoding (``emptyRootHash`` for an empty trie).
    public var rootHash: Digest {
        mutating get {
            if let cachedRoot { return cachedRoot }
            let root = Self.rootHash(ofEntries: entries)
            cachedRoot = root
            return root
        }
    }

    /// The root of a secure trie holding `entries` (each key hashed with Keccak-256): the
    /// `storageRoot` of an account, or the state root over RLP-encoded accounts.
    public static func secureRoot<Entries: Sequence>(_ entries: Entries) -> Digest
    where Entries.Element == (key: [UInt8], value: [UInt8]) {
        var hashed: [(key: [UInt8], value: [UInt8])] = []
        hashed.reserveCapacity(entries.underestimatedCount)
        for entry in entries { hashed.append((Keccak256.hash(entry.key).bytes, entry.value)) }
        return rootHash(ofList: hashed)
    }

    /// The root of a plain trie holding `entries` (the transactions and receipts tries).
    public static func root<Entries: Sequence>(_ entries: Entries) -> Digest
    where Entries.Element == (key: [UInt8], value: [UInt8]) {
        rootHash(ofList: Array(entries))
    }

    private func trieKey(_ key: [UInt8]) -> [UInt8] {
        isSecure ? Keccak256.hash(key).bytes : key
    }

    private static func rootHash(ofEntries entries: [[UInt8]: [UInt8]]) -> Digest {
        rootHash(ofSorted: entries.sorted { $0.key.lexicographicallyPrecedes($1.key) })
    }

    /// The root of a list of entries that may repeat a key (the last one counts) or hold empty
    /// values (absent): a stable sort, then one pass that keeps each key's last non-empty value.
    private static func rootHash(ofList list: [(key: [UInt8], value: [UInt8])]) -> Digest {
        let order = list.indices.sorted { a, b in
            list[a].key == list[b].key ? a < b : list[a].key.lexicographicallyPrecedes(list[b].key)
        }
        var sorted: [(key: [UInt8], value: [UInt8])] = []
        sorted.reserveCapacity(order.count)
        var position = 0
        while position < order.count {
            var last = order[position]
            while position + 1 < order.count, list[order[position + 1]].key == list[last].key {
                position += 1
                last = order[position]
            }
            if !list[last].value.isEmpty { sorted.append(list[last]) }
            position += 1
        }
        return rootHash(ofSorted: sorted)
    }

    private static func rootHash(ofSorted sorted: [(key: [UInt8], value: [UInt8])]) -> Digest {
        if sorted.isEmpty { return emptyRootHash }
        var builder = TrieNodeBuilder(keys: sorted.map(\.key), values: sorted.map(\.value))
        return builder.rootHash()
    }
}
