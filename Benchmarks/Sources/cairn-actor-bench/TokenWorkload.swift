
import CairnActors
import CairnIPLD
import Foundation

/// The scripted workload: a state directory with genesis, accounts and the token actor, whose
/// owner has given every other account tokens; then seeded random transfers.
struct TokenWorkload {
    let directory: StateDirectory
    let path: String
    let tester: Tester
    let token: ActorID
    let holders: [Tester.Account]
    var random: SplitMix64
    private var nonces: [ActorID: UInt64] = [:]
    private var height: UInt64 = 0

    /// Tokens each holder gets at the start; transfers move 1 to 100.
    static let grant: UInt64 = 1_000_000

    let durability: StateDirectory.Durability

    init(path: String, wasmDirectory: String, accounts: Int, seed: UInt64, durability: StateDirectory.Durability) throws {
        self.path = path
        self.durability = durability
        directory = try StateDirectory(path: path, durability: durability)
        tester = try Tester(store: directory.blockstore, builtins: Tester.builtinWasm(directory: wasmDirectory))
        var holders: [Tester.Account] = []
        for _ in 0..<accounts {
            holders.append(try tester.createAccount(balance: TokenAmount(atto: 1_000_000_000_000_000_000)))
        }
        self.holders = holders
        guard let wasm = FileManager.default.contents(atPath: wasmDirectory + "/token.wasm") else {
            throw BenchError.missing(wasmDirectory + "/token.wasm")
        }
        let code = try tester.install([UInt8](wasm))
        let supply = Self.grant * UInt64(accounts)
        let constructor = try DAGCBOR.encode(.list([.string("Cairn"), .string("CRN"), Self.bigInt(supply)]))
        let (receipt, id, _) = try tester.exec(from: holders[0], code: code, constructorParams: constructor)
        guard receipt.exitCode == .ok, let id else { throw BenchError.failed("token constructor: \(receipt.exitCode)") }
        token = id
        random = SplitMix64(seed: seed)
        for holder in holders.dropFirst() {
            let receipt = transfer(from: holders[0], to: holder, amount: Self.grant)
            guard receipt.exitCode == .ok else { throw BenchError.failed("grant: \(receipt.exitCode)") }
        }
        try commit()
    }

    /// Runs `count` random transfers, committing every `commitEvery` messages (and at the end).
    mutating func run(transfers count: Int, commitEvery: Int) throws -> RunReport {
        var gas: [UInt64] = []
        gas.reserveCapacity(count)
        var commitSeconds = 0.0
        let start = now()
        for index in 0..<count {
            let from = holders[Int(random.next() % UInt64(holders.count))]
            var to = holders[Int(random.next() % UInt64(holders.count - 1))]
            if to.id == from.id { to = holders[holders.count - 1] }
            let receipt = transfer(from: from, to: to, amount: 1 + random.next() % 100)
            guard receipt.exitCode == .ok else { throw BenchError.failed("transfer \(index): \(receipt.exitCode)") }
            gas.append(receipt.gasUsed)
            if (index + 1) % commitEvery == 0 || index == count - 1 {
                let commitStart = now()
                try commit()
                commitSeconds += now() - commitStart
            }
        }
        let seconds = now() - start
        gas.sort()
        let (blocks, bytes) = try liveState()
        return RunReport(
            commitEvery: commitEvery, durability: "\(durability)", transfers: count, seconds: seconds, messagesPerSecond: Double(count) / seconds,
            gasMedian: gas[gas.count / 2], gasMax: gas.last ?? 0, gasMin: gas.first ?? 0, commitSeconds: commitSeconds,
            stateBlocks: blocks, stateBytes: bytes, storedBlocks: try SQLiteBlockstore(path: path + "/" + StateDirectory.databaseName).count(),
            diskBytes: diskBytes())
    }

    private mutating func transfer(from: Tester.Account, to: Tester.Account, amount: UInt64) -> Receipt {
        let params = try! DAGCBOR.encode(.list([.bytes(to.address.bytes), Self.bigInt(amount)]))
        // The first message of an account starts at its sequence (the owner's exec used one).
        let nonce = nonces[from.id] ?? ((try? tester.actor(from.id))??.sequence ?? 0)
        var message = Message(to: .id(token), from: from.address, sequence: nonce, gasLimit: 10_000_000_000)
        (message.method, message.params) = (2, params)
        (message.gasFeeCap, message.gasPremium) = (TokenAmount(atto: 1000), TokenAmount(atto: 1))
        let receipt = tester.executor.apply(message)
        nonces[from.id] = nonce + 1
        return receipt
    }

    private mutating func commit() throws {
        height += 1
        try directory.commit(root: try tester.flush(), height: height)
    }

    /// Blocks reachable from the committed root and their total size.
    private func liveState() throws -> (Int, Int) {
        guard let head = try directory.head() else { return (0, 0) }
        var seen: Set<CID> = [head.root]
        var stack = [head.root]
        var bytes = 0
        while let cid = stack.popLast() {
            guard let block = try directory.blockstore.get(cid) else { throw BenchError.missing("block \(cid)") }
            bytes += block.count
            guard cid.codec == Multicodec.dagCBOR.rawValue else { continue }
            var links: [CID] = []
            Self.collectLinks(try DAGCBOR.decode(block), into: &links)
            for link in links where link.multihash.code != HashFunction.identity.rawValue && seen.insert(link).inserted { stack.append(link) }
        }
        return (seen.count, bytes)
    }

    private static func collectLinks(_ value: IPLD, into links: inout [CID]) {
        switch value {
        case .link(let cid): links.append(cid)
        case .list(let items): for item in items { collectLinks(item, into: &links) }
        case .map(let entries): for item in entries.values { collectLinks(item, into: &links) }
        default: break
        }
    }

    private func diskBytes() -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return files.reduce(0) { total, name in
            let size = (try? FileManager.default.attributesOfItem(atPath: path + "/" + name))?[.size] as? Int ?? 0
            return total + size
        }
    }

    /// Filecoin's big-integer bytes: empty for 0, else 0x00 and the big-endian magnitude.
    static func bigInt(_ value: UInt64) -> IPLD {
        guard value > 0 else { return .bytes([]) }
        var magnitude = withUnsafeBytes(of: value.bigEndian) { Array($0) }
        while magnitude.first == 0 { magnitude.removeFirst() }
        return .bytes([0] + magnitude)
    }
}

enum BenchError: Error {
    case missing(String)
    case failed(String)
}

/// A small seeded generator (SplitMix64), so every run moves the same tokens.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
