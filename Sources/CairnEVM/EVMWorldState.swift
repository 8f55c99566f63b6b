import BigInt

/// The state a transaction changes, as one value: the accounts and everything that a reverted
/// frame must undo (transient storage, logs, EIP-2929's warm sets, EIP-161's touched
/// accounts, EIP-6780's self-destructs). A frame's snapshot is a copy of this value (copy on
/// write: only what the frame changes is copied), and a revert assigns the copy back.
public struct EVMWorldState: Sendable {
    public var accounts: [EVMAddress: EVMAccount] = [:]
    var transient: [EVMAddress: [EVMWord: EVMWord]] = [:]
    public var logs: [EVMLog] = []
    var warmAddresses: Set<EVMAddress> = []
    var warmSlots: Set<EVMSlot> = []
    var touched: Set<EVMAddress> = []
    var destructed: Set<EVMAddress> = []
    /// Accounts created by this transaction (EIP-6780; their original storage is empty).
    var created: Set<EVMAddress> = []

    public init(accounts: [EVMAddress: EVMAccount] = [:]) { self.accounts = accounts }

    func balance(_ address: EVMAddress) -> BigUInt { accounts[address]?.balance ?? 0 }
    func nonce(_ address: EVMAddress) -> UInt64 { accounts[address]?.nonce ?? 0 }
    func code(_ address: EVMAddress) -> [UInt8] { accounts[address]?.code ?? [] }

    /// EIP-161's dead: absent or empty.
    func isDead(_ address: EVMAddress) -> Bool { accounts[address]?.isEmpty ?? true }

    func storage(_ address: EVMAddress, _ key: EVMWord) -> EVMWord { accounts[address]?.storage[key] ?? .zero }

    mutating func setStorage(_ address: EVMAddress, _ key: EVMWord, _ value: EVMWord) {
        if value.isZero { accounts[address, default: EVMAccount()].storage.removeValue(forKey: key) } else { accounts[address, default: EVMAccount()].storage[key] = value }
    }

    mutating func addBalance(_ address: EVMAddress, _ amount: BigUInt) {
        accounts[address, default: EVMAccount()].balance += amount
    }

    /// Moves `amount` (at most the sender's balance: callers check) from `from` to `to`.
    mutating func transfer(from: EVMAddress, to: EVMAddress, _ amount: BigUInt) {
        accounts[from, default: EVMAccount()].balance -= amount
        addBalance(to, amount)
    }

    /// Marks `address` warm; answers whether it was cold.
    mutating func access(_ address: EVMAddress) -> Bool { warmAddresses.insert(address).inserted }

    mutating func access(_ address: EVMAddress, _ key: EVMWord) -> Bool { warmSlots.insert(EVMSlot(address: address, key: key)).inserted }
}

/// A storage slot of an account (EIP-2929's warm slots).
struct EVMSlot: Hashable, Sendable {
    let address: EVMAddress
    let key: EVMWord
}
