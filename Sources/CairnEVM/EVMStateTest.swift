import BigInt
import Foundation

/// One GeneralStateTests test (ethereum/tests' filled JSON): a block, a pre-state, a
/// transaction template (`data`, `gasLimit` and `value` lists) and its Cancun post entries.
public struct EVMStateTest {
    public struct PostEntry: Sendable {
        public var stateRoot: [UInt8]
        public var logsHash: [UInt8]
        public var dataIndex: Int, gasIndex: Int, valueIndex: Int
        public var expectException: String?
    }

    public var name: String
    public var block: EVMBlockContext
    public var pre: [EVMAddress: EVMAccount]
    public var posts: [PostEntry]
    var template: [String: Any]

    /// The Cancun tests of a state test file.
    public static func load(_ json: [UInt8], fork: String = "Cancun") throws(EVMError) -> [EVMStateTest] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)), let tests = object as? [String: Any] else {
            throw .invalidTest("not a JSON object")
        }
        var out: [EVMStateTest] = []
        for name in tests.keys.sorted() {
            guard let test = tests[name] as? [String: Any] else { throw .invalidTest("\(name) is not an object") }
            let posts = ((test["post"] as? [String: Any])?[fork] as? [[String: Any]]) ?? []
            if posts.isEmpty { continue }
            out.append(try EVMStateTest(name: name, test, posts: posts))
        }
        return out
    }

    init(name: String, _ test: [String: Any], posts: [[String: Any]]) throws(EVMError) {
        self.name = name
        guard let env = test["env"] as? [String: Any], let pre = test["pre"] as? [String: Any],
            let transaction = test["transaction"] as? [String: Any]
        else { throw .invalidTest("\(name): no env, pre or transaction") }
        var block = EVMBlockContext()
        block.coinbase = EVMAddress(try Self.bytes(env["currentCoinbase"]))
        block.number = try Self.number(env["currentNumber"])
        block.timestamp = try Self.number(env["currentTimestamp"])
        block.gasLimit = try Self.number(env["currentGasLimit"])
        block.prevRandao = try Self.number(env["currentRandom"] ?? env["currentDifficulty"])
        block.baseFee = try Self.number(env["currentBaseFee"] ?? "0x0")
        block.excessBlobGas = UInt64(truncatingIfNeeded: try Self.number(env["currentExcessBlobGas"] ?? "0x0"))
        self.block = block
        var accounts: [EVMAddress: EVMAccount] = [:]
        for (key, value) in pre {
            guard let account = value as? [String: Any] else { throw .invalidTest("\(name): bad account \(key)") }
            var storage: [EVMWord: EVMWord] = [:]
            for (slot, word) in account["storage"] as? [String: Any] ?? [:] {
                let value = EVMWord(bigEndian: word32(try Self.number(word)))
                if !value.isZero { storage[EVMWord(bigEndian: word32(try Self.number(slot)))] = value }
            }
            accounts[EVMAddress(try Self.bytes(key))] = EVMAccount(
                nonce: UInt64(truncatingIfNeeded: try Self.number(account["nonce"])), balance: try Self.number(account["balance"]),
                code: try Self.bytes(account["code"] ?? "0x"), storage: storage)
        }
        self.pre = accounts
        self.template = transaction
        self.posts = try posts.map { (post: [String: Any]) throws(EVMError) -> PostEntry in
            let indexes = post["indexes"] as? [String: Any] ?? [:]
            return PostEntry(
                stateRoot: try Self.bytes(post["hash"]), logsHash: try Self.bytes(post["logs"]),
                dataIndex: indexes["data"] as? Int ?? 0, gasIndex: indexes["gas"] as? Int ?? 0,
                valueIndex: indexes["value"] as? Int ?? 0, expectException: post["expectException"] as? String)
        }
    }

    /// The transaction of a post entry: the template with its data, gas and value picked.
    public func transaction(for post: PostEntry) throws(EVMError) -> EVMTransaction {
        let t = template
        guard let data = t["data"] as? [Any], let gas = t["gasLimit"] as? [Any], let value = t["value"] as? [Any],
            post.dataIndex < data.count, post.gasIndex < gas.count, post.valueIndex < value.count
        else { throw .invalidTest("\(name): transaction indexes out of range") }
        var sender: EVMAddress
        if let given = t["sender"] as? String { sender = EVMAddress(try Self.bytes(given)) } else {
            guard let key = EVMCrypto.address(privateKey: try Self.bytes(t["secretKey"])) else { throw .invalidTest("\(name): bad secretKey") }
            sender = key
        }
        let toText = t["to"] as? String ?? ""
        var tx = EVMTransaction(
            sender: sender, to: toText.isEmpty ? nil : EVMAddress(try Self.bytes(toText)), nonce: try Self.number(t["nonce"]),
            gasLimit: try Self.number(gas[post.gasIndex]), value: try Self.number(value[post.valueIndex]),
            data: try Self.bytes(data[post.dataIndex]))
        if let price = t["gasPrice"] { tx.gasPrice = try Self.number(price) }
        if let fee = t["maxFeePerGas"] { tx.maxFeePerGas = try Self.number(fee) }
        if let tip = t["maxPriorityFeePerGas"] { tx.maxPriorityFeePerGas = try Self.number(tip) }
        if let lists = t["accessLists"] as? [Any], post.dataIndex < lists.count, let list = lists[post.dataIndex] as? [[String: Any]] {
            tx.accessList = try list.map { (entry: [String: Any]) throws(EVMError) in
                let keys = try (entry["storageKeys"] as? [Any] ?? []).map { (key: Any) throws(EVMError) in EVMWord(bigEndian: try Self.bytes(key)) }
                return (address: EVMAddress(try Self.bytes(entry["address"])), keys: keys)
            }
        }
        if let blobFee = t["maxFeePerBlobGas"] { tx.maxFeePerBlobGas = try Self.number(blobFee) }
        if let hashes = t["blobVersionedHashes"] as? [Any] {
            tx.blobVersionedHashes = try hashes.map { (hash: Any) throws(EVMError) in try Self.bytes(hash) }
        }
        return tx
    }

    static func bytes(_ value: Any?) throws(EVMError) -> [UInt8] {
        guard var text = value as? String else { throw .invalidTest("expected a hex string, got \(String(describing: value))") }
        if text.hasPrefix(":raw ") { text.removeFirst(5) }
        if text.hasPrefix("0x") || text.hasPrefix("0X") { text.removeFirst(2) }
        if text.count % 2 == 1 { text = "0" + text }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count / 2)
        var high: UInt8? = nil
        for c in text.utf8 {
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x61...0x66: digit = c - 0x61 + 10
            case 0x41...0x46: digit = c - 0x41 + 10
            default: throw .invalidTest("bad hex digit in \(text.prefix(20))")
            }
            if let h = high { out.append(h << 4 | digit); high = nil } else { high = digit }
        }
        return out
    }

    static func number(_ value: Any?) throws(EVMError) -> BigUInt {
        if let n = value as? Int, n >= 0 { return BigUInt(n) }
        guard var text = value as? String else { throw .invalidTest("expected a number, got \(String(describing: value))") }
        // Numbers beyond 256 bits (an overflowing value, which makes the transaction invalid).
        // The tests write them `0x:bigint 0x…` (as retesteth fills them) or `:bigint 0x…`.
        if text.hasPrefix("0x:bigint ") { text.removeFirst(10) } else if text.hasPrefix(":bigint ") { text.removeFirst(8) }
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            text.removeFirst(2)
            if text.isEmpty { return 0 }
            guard let n = BigUInt(text, radix: 16) else { throw .invalidTest("bad number \(text)") }
            return n
        }
        guard let n = BigUInt(text, radix: 10) else { throw .invalidTest("bad number \(text)") }
        return n
    }
}

func word32(_ value: BigUInt) -> [UInt8] { word(value) }

