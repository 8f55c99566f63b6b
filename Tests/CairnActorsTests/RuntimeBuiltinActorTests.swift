import BigInt
import CairnIPLD
import Testing
@testable import CairnActors

/// The C built-in, example and scenario actors (actors/wasm, built by scripts/build-actors.sh)
/// run through the ``Tester``: ref-fvm's integration scenarios end to end.
@Suite struct RuntimeBuiltinActorTests {
    /// The repository's `actors/wasm` directory.
    static let wasmDirectory: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/actors/wasm"
    }()

    static func wasm(_ name: String) throws -> [UInt8] {
        let all = Tester.builtinWasm(directory: wasmDirectory)
        _ = all
        guard let file = fopen(wasmDirectory + "/" + name + ".wasm", "rb") else { throw TesterError.noSuchActor(0) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            bytes.append(contentsOf: chunk[0..<count])
            if count < chunk.count { break }
        }
        return bytes
    }

    /// A tester with the C built-ins and a funded account.
    static func tester() throws -> (Tester, Tester.Account) {
        let tester = try Tester(builtins: Tester.builtinWasm(directory: wasmDirectory))
        let account = try tester.createAccount(balance: TokenAmount(atto: BigInt(10).power(24)))
        return (tester, account)
    }

    /// Installs `name` and creates it through the init actor; returns its ID.
    static func create(_ name: String, _ tester: Tester, _ from: Tester.Account, params: IPLD? = nil) throws -> ActorID {
        let code = try tester.install(try wasm(name))
        let (receipt, id, _) = try tester.exec(from: from, code: code, constructorParams: try params.map { try DAGCBOR.encode($0) } ?? [])
        #expect(receipt.exitCode == .ok, "exec \(name): \(receipt.exitCode)")
        return try #require(id)
    }

    static func cbor(_ value: IPLD) throws -> [UInt8] { try DAGCBOR.encode(value) }

    /// Filecoin's big-integer bytes: empty for 0, else 0x00 and the big-endian magnitude.
    static func bigInt(_ value: UInt64) -> IPLD {
        guard value > 0 else { return .bytes([]) }
        var magnitude = withUnsafeBytes(of: value.bigEndian) { Array($0) }
        while magnitude.first == 0 { magnitude.removeFirst() }
        return .bytes([0] + magnitude)
    }

    @Test func builtinsAreInstalledAtGenesis() throws {
        let (tester, account) = try Self.tester()
        #expect(tester.machine.builtins.codes[.initActor] == CodeRegistry.codeCID(of: try Self.wasm("init")))
        #expect(try tester.actor(account.id)?.code == tester.machine.builtins.codes[.account])
        #expect(try tester.state(of: BuiltinActors.initActorID) != nil)
    }

    @Test func aSendToANewKeyAddressRunsTheAccountConstructor() throws {
        let (tester, account) = try Self.tester()
        let fresh = Address.secp256k1(Array(repeating: 0x42, count: 20))
        let receipt = tester.send(from: account, to: fresh, method: 0, value: TokenAmount(atto: 5))
        #expect(receipt.exitCode == .ok, "\(tester.executor.lastFailure)")
        let id = try #require(try tester.machine.stateTree.resolve(fresh))
        #expect(try tester.state(of: id) == .list([.bytes(fresh.bytes)]))
        #expect(try tester.actor(id)?.balance == TokenAmount(atto: 5))
        // The account answers its public key address.
        let other = tester.send(from: account, to: .id(id), method: 2)
        #expect(try DAGCBOR.decode(other.returnData) == .bytes(fresh.bytes))
    }

    @Test func helloWorld() throws {
        let (tester, account) = try Self.tester()
        tester.machine.debugEnabled = true
        let id = try Self.create("hello", tester, account)
        let receipt = tester.send(from: account, to: .id(id), method: 2)
        #expect(receipt.exitCode == .ok)
        #expect(try DAGCBOR.decode(receipt.returnData) == .string("hello world"))
        #expect(tester.machine.debugLog.contains("hello world"))
    }

    @Test func counterKeepsItsState() throws {
        let (tester, account) = try Self.tester()
        let id = try Self.create("counter", tester, account)
        #expect(try DAGCBOR.decode(tester.send(from: account, to: .id(id), method: 2).returnData) == .uint(1))
        #expect(try DAGCBOR.decode(tester.send(from: account, to: .id(id), method: 2).returnData) == .uint(2))
        #expect(try DAGCBOR.decode(tester.send(from: account, to: .id(id), method: 3).returnData) == .uint(2))
        #expect(try tester.state(of: id) == .list([.uint(2)]))
    }

    @Test func tokenTransfersAndEmitsEvents() throws {
        let (tester, owner) = try Self.tester()
        let other = try tester.createAccount(balance: TokenAmount(atto: BigInt(10).power(20)))
        let token = try Self.create("token", tester, owner, params: .list([.string("Cairn"), .string("CRN"), Self.bigInt(1000)]))
        let transfer = tester.send(
            from: owner, to: .id(token), method: 2, params: try Self.cbor(.list([.bytes(other.address.bytes), Self.bigInt(300)])))
        #expect(transfer.exitCode == .ok)
        let events = try tester.events(transfer)
        #expect(events.count == 1)
        #expect(events.first?.emitter == token)
        #expect(events.first?.event.entries.first?.key == "type")
        let balance = tester.send(from: owner, to: .id(token), method: 7, params: try Self.cbor(.list([.bytes(other.address.bytes)])))
        #expect(try DAGCBOR.decode(balance.returnData) == Self.bigInt(300))
        let tooMuch = tester.send(
            from: other, to: .id(token), method: 2, params: try Self.cbor(.list([.bytes(owner.address.bytes), Self.bigInt(301)])))
        #expect(tooMuch.exitCode == .usrInsufficientFunds)
        #expect(try tester.events(tooMuch).isEmpty)
    }

    @Test func forwarderPassesOnReadOnlyFailures() throws {
        let (tester, account) = try Self.tester()
        let counter = try Self.create("counter", tester, account)
        let forwarder = try Self.create("forwarder", tester, account)
        let forward = { (flags: UInt64) in
            tester.send(
                from: account, to: .id(forwarder), method: 2,
                params: try Self.cbor(.list([.bytes(Address.id(counter).bytes), .uint(2), .null, Self.bigInt(0), .uint(flags)])))
        }
        let readOnly = try forward(1)
        #expect(readOnly.exitCode == .ok)
        guard case .list(let fields) = try DAGCBOR.decode(readOnly.returnData) else { Issue.record("not a list"); return }
        #expect(fields.first != .uint(0))
        #expect(try tester.state(of: counter) == .list([.uint(0)]))
        let writable = try forward(0)
        #expect(try DAGCBOR.decode(writable.returnData) == .list([.uint(0), .bytes(try Self.cbor(.uint(1)))]))
    }

    @Test(arguments: [
        ("unreachable", UInt64(2), IPLD?.none, ExitCode.sysIllegalInstruction),
        ("divide_by_zero", 2, .list([.uint(0)]), .sysIllegalInstruction),
        ("stack_overflow", 2, nil, .sysIllegalInstruction),
        ("int_overflow", 4, .list([.uint(0x8000_0000), .uint(0xffff_ffff)]), .sysIllegalInstruction),
        ("exit_data", 2, .list([.uint(7)]), .sysIllegalExitCode),
    ])
    func failingScenarios(name: String, method: UInt64, params: IPLD?, expected: ExitCode) throws {
        let (tester, account) = try Self.tester()
        let id = try Self.create(name, tester, account)
        let receipt = tester.send(from: account, to: .id(id), method: method, params: try params.map(Self.cbor) ?? [])
        #expect(receipt.exitCode == expected)
    }

    @Test func outOfGasChargesTheLimit() throws {
        let (tester, account) = try Self.tester()
        let id = try Self.create("out_of_gas", tester, account)
        let receipt = tester.send(from: account, to: .id(id), method: 2, gasLimit: 10_000_000)
        #expect(receipt.exitCode == .sysOutOfGas)
        #expect(receipt.gasUsed == 10_000_000)
    }

    @Test func exitWithData() throws {
        let (tester, account) = try Self.tester()
        let id = try Self.create("exit_data", tester, account)
        let failing = tester.send(from: account, to: .id(id), method: 2, params: try Self.cbor(.list([.uint(24)])))
        #expect(failing.exitCode == .usrAssertionFailed)
        #expect(try DAGCBOR.decode(failing.returnData) == .string("exit data"))
        let early = tester.send(from: account, to: .id(id), method: 3)
        #expect(early.exitCode == .ok)
        #expect(try DAGCBOR.decode(early.returnData) == .string("exit data"))
    }

    @Test func eventsScenario() throws {
        let (tester, account) = try Self.tester()
        let id = try Self.create("events", tester, account)
        let receipt = tester.send(from: account, to: .id(id), method: 2, params: try Self.cbor(.list([.uint(3)])))
        #expect(receipt.exitCode == .ok)
        let events = try tester.events(receipt)
        #expect(events.count == 3)
        #expect(events.map(\.emitter) == [id, id, id])
    }

    @Test func readOnlyScenario() throws {
        let (tester, account) = try Self.tester()
        let id = try Self.create("read_only", tester, account)
        let probe = tester.send(from: account, to: .id(id), method: 3)
        #expect(probe.exitCode == .ok)
        guard case .list(let fields) = try DAGCBOR.decode(probe.returnData) else { Issue.record("not a list"); return }
        #expect(fields.count == 3)
        #expect(fields[0] == .uint(0))  // the send itself succeeded
        // The callee's set_root answered ReadOnly (13), returned as its CBOR value.
        #expect(fields[2] == .bytes(try Self.cbor(.uint(13))))
        let value = tester.send(from: account, to: .id(id), method: 6)
        #expect(try DAGCBOR.decode(value.returnData) == .uint(13))
    }

    @Test func ipldRoundTripScenario() throws {
        let (tester, account) = try Self.tester()
        let id = try Self.create("ipld_roundtrip", tester, account)
        let data = try Self.cbor(.map(["a": .uint(1), "b": .list([.string("x"), .bytes([1, 2, 3])])]))
        let stored = tester.send(from: account, to: .id(id), method: 2, params: try Self.cbor(.list([.bytes(data)])))
        #expect(stored.exitCode == .ok, "\(stored.exitCode): \(tester.executor.lastFailure)")
        let loaded = tester.send(from: account, to: .id(id), method: 3)
        #expect(loaded.exitCode == .ok)
        #expect(try DAGCBOR.decode(loaded.returnData) == .bytes(data))
    }

    @Test func badInputAnswersErrorNumbers() throws {
        let (tester, account) = try Self.tester()
        let id = try Self.create("bad_input", tester, account)
        let receipt = tester.send(from: account, to: .id(id), method: 2)
        #expect(receipt.exitCode == .ok)
        let expected: [UInt64] = [1, 1, 6, 7, 7, 9, 10, 1, 8, 12, 12, 6, 1, 6, 1, 1, 1, 7, 1, 1, 1, 6, 2]
        #expect(try DAGCBOR.decode(receipt.returnData) == .list(expected.map { .uint($0) }))
    }

    @Test func everySyscallProbe() throws {
        let (tester, account) = try Self.tester()
        let id = try Self.create("syscalls", tester, account)
        let params = try Self.cbor(.list([.bytes(Array("abc".utf8)), .bytes(Array(repeating: 1, count: 32)), .bytes(Array(repeating: 0, count: 65))]))
        let receipt = tester.send(from: account, to: .id(id), method: 2, params: params)
        #expect(receipt.exitCode == .ok, "\(receipt.exitCode)")
        guard case .list(let fields) = try DAGCBOR.decode(receipt.returnData) else { Issue.record("not a list"); return }
        #expect(fields.count == 18)
        if fields.count == 18 {
            #expect(fields[6] == .bytes(HashFunction.sha2_256.digest(Array("abc".utf8))))
            #expect(fields[7] == .bytes(HashFunction.blake2b256.digest(Array("abc".utf8))))
            #expect(fields[8] == .bytes(HashFunction.keccak256.digest(Array("abc".utf8))))
        }
    }

    @Test func selfDestructScenario() throws {
        let (tester, account) = try Self.tester()
        let id = try Self.create("self_destruct", tester, account)
        let receipt = tester.send(from: account, to: .id(id), method: 2, params: try Self.cbor(.list([.bool(false)])))
        #expect(receipt.exitCode == .ok)
        #expect(try tester.actor(id) == nil)
    }

    @Test func memoryAndAllocations() throws {
        let (tester, account) = try Self.tester()
        let alloc = try Self.create("alloc_max", tester, account)
        let grown = tester.send(from: account, to: .id(alloc), method: 2)
        #expect(grown.exitCode == .ok, "\(grown.exitCode)")
        let many = try Self.create("many_allocs", tester, account)
        let receipt = tester.send(from: account, to: .id(many), method: 2, params: try Self.cbor(.list([.uint(1000), .uint(64)])))
        #expect(receipt.exitCode == .ok)
        #expect(try DAGCBOR.decode(receipt.returnData) == .uint(1000))
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// State committed to SQLite and reopened: actors, their code and the built-ins survive.
@Suite struct RuntimeStateDirectoryTests {
    @Test func aCounterSurvivesReopeningItsStateDirectory() throws {
        let path = "/tmp/cairn-runtime-test-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        defer { _ = system("rm -rf '\(path)'") }
        var counter: ActorID = 0
        var account: Tester.Account
        do {
            let directory = try StateDirectory(path: path)
            let tester = try Tester(store: directory.blockstore, builtins: Tester.builtinWasm(directory: RuntimeBuiltinActorTests.wasmDirectory))
            account = try tester.createAccount(balance: TokenAmount(atto: BigInt(10).power(24)))
            counter = try RuntimeBuiltinActorTests.create("counter", tester, account)
            #expect(tester.send(from: account, to: .id(counter), method: 2).exitCode == .ok)
            try directory.commit(root: try tester.flush(), height: 1)
        }
        let directory = try StateDirectory(path: path)
        let machine = try Machine.open(stateTree: try directory.stateTree())
        #expect(machine.builtins.codes[.account] != nil)
        #expect(machine.builtins.codes[.initActor] == CodeRegistry.codeCID(of: try RuntimeBuiltinActorTests.wasm("init")))
        let message = testMessage(
            from: account.address, to: .id(counter), sequence: 2, method: 2, gasLimit: 10_000_000_000,
            gasFeeCap: TokenAmount(atto: 1000))
        let receipt = Executor(machine: machine).apply(message)
        #expect(receipt.exitCode == .ok)
        #expect(try DAGCBOR.decode(receipt.returnData) == .uint(2))
    }
}
