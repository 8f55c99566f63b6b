import BigInt
import CairnActors
import CairnIPLD
import Foundation

/// A sandbox state directory of `cairn actor`: a `StateDirectory` (`state.sqlite`, the state
/// and its head), the keys of the accounts made in it (`keys.json`) and the Wasm of the code
/// installed in it (`code/<CID>.wasm`, kept apart because a commit keeps only code some actor
/// runs). Every command opens it, does its work and commits; the network context is fixed.
final class ActorSandbox {
    /// The network every sandbox message runs in (the `Tester`'s: epoch 1, base fee 100 attoFIL).
    static let network = NetworkContext(epoch: 1, timestamp: 1_700_000_000, baseFee: TokenAmount(atto: 100))

    let path: String
    let directory: StateDirectory
    let machine: Machine
    let executor: Executor
    private(set) var height: UInt64

    /// Opens the sandbox at `path`, which `cairn actor init` made.
    init(path: String) {
        self.path = path
        guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(StateDirectory.databaseName)) else {
            ActorIO.fail("\(path) is not a sandbox (run `cairn actor init \(path)` first)", status: ExitStatus.usage)
        }
        let directory = ActorIO.checked("state directory \(path)") { try StateDirectory(path: path) }
        guard let head = ActorIO.checked("state directory \(path)", { try directory.head() }) else {
            ActorIO.fail("\(path) has no committed state (run `cairn actor init \(path)`)", status: ExitStatus.usage)
        }
        let tree = ActorIO.checked("state \(head.root)") { try directory.stateTree() }
        let machine = ActorIO.checked("state \(head.root)") { try Machine.open(stateTree: tree, network: Self.network) }
        (self.directory, self.machine, height) = (directory, machine, head.height)
        executor = Executor(machine: machine)
        for file in (try? FileManager.default.contentsOfDirectory(atPath: codeDirectory).sorted()) ?? [] where file.hasSuffix(".wasm") {
            let bytes = ActorIO.read(codeDirectory + "/" + file)
            _ = ActorIO.checked("installed code \(file)") { try machine.code.install(bytes) }
        }
    }

    /// Makes a new sandbox at `path`: the genesis state with the built-in actors of `builtins`.
    static func create(path: String, builtins: String) throws {
        let directory = ActorIO.checked("state directory \(path)") { try StateDirectory(path: path) }
        if ActorIO.checked("state directory \(path)", { try directory.head() }) != nil {
            ActorIO.fail("\(path) already holds a state", status: ExitStatus.usage)
        }
        let wasm = Tester.builtinWasm(directory: builtins)
        let tree = try directory.stateTree()
        let machine = try Genesis.machine(stateTree: tree, builtins: wasm, network: network)
        try directory.commit(root: try machine.stateTree.flush(), height: 0)
    }

    var codeDirectory: String { (path as NSString).appendingPathComponent("code") }
    var keysPath: String { (path as NSString).appendingPathComponent("keys.json") }

    /// Writes the state and makes it the head, one height up.
    func commit() {
        ActorIO.checked("commit") {
            let root = try machine.stateTree.flush()
            height += 1
            try directory.commit(root: root, height: height)
        }
    }

    /// Installs `wasm`, keeps its bytes in `code/`, returns its code CID.
    func install(_ wasm: [UInt8]) -> CID {
        let cid = ActorIO.checked("actor code") { try machine.code.install(wasm) }
        try? FileManager.default.createDirectory(atPath: codeDirectory, withIntermediateDirectories: true)
        let file = codeDirectory + "/" + cid.description + ".wasm"
        guard FileManager.default.createFile(atPath: file, contents: Data(wasm)) else { ActorIO.fail("cannot write \(file)", status: ExitStatus.usage) }
        return cid
    }

    /// The keys of the sandbox's accounts, by f1 address.
    func keys() -> [ActorKey] {
        guard let data = FileManager.default.contents(atPath: keysPath) else { return [] }
        return ActorIO.checked("keys \(keysPath)") { try JSONDecoder().decode([ActorKey].self, from: data) }
    }

    func saveKeys(_ keys: [ActorKey]) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = ActorIO.checked("keys") { try encoder.encode(keys) }
        guard FileManager.default.createFile(atPath: keysPath, contents: data) else { ActorIO.fail("cannot write \(keysPath)", status: ExitStatus.usage) }
    }

    /// The actor ID `text` names (an address of any kind the state knows); exit 3 otherwise.
    func resolve(_ text: String, role: String) -> (Address, ActorID) {
        let address = ActorIO.address(text, role: role)
        guard let id = ActorIO.checked("\(role) \(text)", { try machine.stateTree.resolve(address) }) else {
            ActorIO.fail("\(role) \(text): no such actor in the state", status: ExitStatus.badInput)
        }
        return (address, id)
    }

    /// A message from `from` with its next nonce (fee cap 1,000 attoFIL, premium 1, as the Tester's).
    func message(from: Address, fromID: ActorID, to: Address, method: UInt64, value: TokenAmount, params: [UInt8], gasLimit: UInt64) -> Message {
        let nonce = (try? machine.stateTree.actor(fromID))??.sequence ?? 0
        var message = Message(to: to, from: from, sequence: nonce, gasLimit: gasLimit)
        (message.value, message.method, message.params) = (value, method, params)
        (message.gasFeeCap, message.gasPremium) = (TokenAmount(atto: 1000), TokenAmount(atto: 1))
        return message
    }
}

/// An account's key as `keys.json` keeps it.
struct ActorKey: Codable {
    var id: UInt64
    var address: String
    var privateKey: String
    enum CodingKeys: String, CodingKey { case id, address, privateKey = "private_key" }
}

/// Argument parsing, input and error reporting shared by `cairn actor` and `cairn vectors`.
enum ActorIO {
    static func read(_ path: String) -> [UInt8] {
        if path == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)", status: ExitStatus.badInput) }
        return [UInt8](data)
    }

    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(status)
    }

    /// Runs `body`; an error becomes `error: what: …` and exit status 3.
    static func checked<T>(_ what: String, _ body: () throws -> T) -> T {
        do { return try body() } catch { fail("\(what): \(error)", status: ExitStatus.badInput) }
    }

    static func address(_ text: String, role: String) -> Address {
        do { return try Address.parse(text).address } catch { fail("\(role) \(text) is not an address: \(error)", status: ExitStatus.badInput) }
    }

    static func amount(_ text: String, role: String) -> TokenAmount {
        guard let amount = TokenAmount(fil: text) else { fail("\(role) \(text) is not an amount of FIL", status: ExitStatus.badInput) }
        return amount
    }

    static func cid(_ text: String) -> CID {
        do { return try CID(text) } catch { fail("\(text) is not a CID: \(error)", status: ExitStatus.badInput) }
    }

    /// Parameters from DAG-JSON (encoded as DAG-CBOR) or hex; none gives no bytes.
    static func params(json: String?, hex: String?) -> [UInt8] {
        if json != nil, hex != nil { fail("give --params-json or --params-hex, not both", status: ExitStatus.usage) }
        if let json {
            let value = checked("--params-json") { try DAGJSON.decode(Array(json.utf8)) }
            return checked("--params-json") { try DAGCBOR.encode(value) }
        }
        if let hex { return bytes(hex: hex, role: "--params-hex") }
        return []
    }

    static func bytes(hex: String, role: String) -> [UInt8] {
        var text = Substring(hex)
        if text.hasPrefix("0x") { text = text.dropFirst(2) }
        guard text.count.isMultiple(of: 2) else { fail("\(role) has an odd number of hex digits", status: ExitStatus.badInput) }
        var out: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { fail("\(role) is not hex", status: ExitStatus.badInput) }
            out.append(byte)
            index = next
        }
        return out
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
