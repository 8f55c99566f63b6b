import BigInt
import CairnHash

/// Ethereum's commitments to a world state and a transaction's logs.
public enum EVMStateRoot {
    /// The state root: the secure Merkle-Patricia trie of every account's RLP
    /// `[nonce, balance, storageRoot, codeHash]`, keyed by keccak256(address).
    public static func stateRoot(_ accounts: [EVMAddress: EVMAccount]) -> [UInt8] {
        let entries = accounts.map { address, account in
            (key: address.bytes, value: RLP.encode(.list([
                .uint(account.nonce), .bytes(minimalBytes(account.balance)), .bytes(storageRoot(account.storage)),
                .bytes(account.codeHash),
            ])))
        }
        return MerklePatriciaTrie.secureRoot(entries).bytes
    }

    /// An account's storage root: the secure trie of RLP(value) keyed by keccak256(slot).
    public static func storageRoot(_ storage: [EVMWord: EVMWord]) -> [UInt8] {
        let entries = storage.compactMap { key, value -> (key: [UInt8], value: [UInt8])? in
            value.isZero ? nil : (key: key.bigEndianBytes, value: RLP.encode(.bytes(RLP.strippingLeadingZeros(value.bigEndianBytes))))
        }
        return MerklePatriciaTrie.secureRoot(entries).bytes
    }

    /// keccak256 of the RLP list of logs, each `[address, [topics], data]`.
    public static func logsHash(_ logs: [EVMLog]) -> [UInt8] {
        let items = logs.map { log in RLPItem.list([.bytes(log.address.bytes), .list(log.topics.map { .bytes($0) }), .bytes(log.data)]) }
        return Keccak256.hash(RLP.encode(.list(items))).bytes
    }

    static func minimalBytes(_ value: BigUInt) -> [UInt8] { RLP.strippingLeadingZeros(word(value)) }
}
