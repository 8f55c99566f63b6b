import BigInt
import CairnIPLD
import Testing
@testable import CairnActors

/// Ethereum in the actor runtime: the EAM (ID 10) creating EVM actors at Ethereum addresses
/// through init's Exec4, Ethereum accounts (placeholders that become EthAccounts), f410
/// resolution, and the EVM actor (actors/wasm/evm.wasm) running hand-assembled contracts:
/// return data, reverts (exit 33), logs as events, storage, calls between contracts and from a
/// native actor. Expected Ethereum addresses come from Python's `rlp` and `eth-hash`
/// (keccak(rlp([sender, nonce]))[12:]) and builtin-actors' EAM test vectors.
@Suite struct EVMActorTests {
    static let invokeContract: UInt64 = 3_844_450_837
    static let createExternal: UInt64 = 4
    static let deployer = try! EthAddress(hex: "0x1234567890abcdef1234567890abcdef12345678")
    /// The deployer's CREATE addresses for nonces 0, 1 (Python: rlp + eth_hash keccak).
    static let deployerCreates = ["0x8770969cc5e7ffb9b76da997b97073cc83dbf142", "0x604f1ecba68f4b4da57d49c2b945a75bab331208"]

    /// Contract A. Initcode: SSTORE(0, 0x2a), return the runtime. Runtime: no calldata →
    /// REVERT with 0xdead; else x = CALLDATALOAD(0): SSTORE(1, x), LOG1(data x, topic 0xaa),
    /// return SLOAD(0) + x as 32 bytes.
    static let storeInitcode = hex(
        "602a600055602f6011600039602f6000f3"
            + "3615602357600035806001558060005260aa60206000a16000540160005260206000f35b61dead6000526002601efd")
    /// Contract C: CALLs the address in its calldata's first word with calldata 7 (one word) and
    /// returns the callee's first 32 bytes of output.
    static let callerInitcode = hex("601a600c600039601a6000f36007600052602060006020600060006000355af15060206000f3")

    /// Contract D: CREATE of the one-byte initcode STOP (an empty contract); returns the new
    /// address as a word. Contract E: the same with CREATE2, salt 5.
    static let createInitcode = hex("6014600c60003960146000f36000600053600160006000f060005260206000f3")
    static let create2Initcode = hex("6016600c60003960166000f360006000536005600160006000f560005260206000f3")

    static func hex(_ text: String) -> [UInt8] {
        stride(from: 0, to: text.count, by: 2).map { i in
            let start = text.index(text.startIndex, offsetBy: i)
            return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)!
        }
    }

    static func word(_ value: UInt64) -> [UInt8] {
        [UInt8](repeating: 0, count: 24) + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * (7 - $0))) }
    }

    static var hasEVM: Bool { Tester.builtinWasm(directory: RuntimeBuiltinActorTests.wasmDirectory)[.evm] != nil }

    /// A tester with every built-in (the EVM actor included) and a funded Ethereum account.
    static func tester(_ eth: EthAddress = deployer) throws -> (Tester, Tester.Account) {
        let tester = try Tester(builtins: Tester.builtinWasm(directory: RuntimeBuiltinActorTests.wasmDirectory))
        let account = try tester.createEthAccount(eth, balance: TokenAmount(atto: BigInt(10).power(24)))
        return (tester, account)
    }

    /// The EAM's CreateExternal from `from` with `initcode`: the receipt and the
    /// [actor_id, robust_address, eth_address] it returned.
    static func deploy(_ tester: Tester, _ from: Tester.Account, _ initcode: [UInt8], value: TokenAmount = .zero) throws
        -> (Receipt, ActorID?, EthAddress?)
    {
        let receipt = tester.send(
            from: from, to: .id(BuiltinActors.eamActorID), method: createExternal, params: try DAGCBOR.encode(.bytes(initcode)),
            value: value)
        guard receipt.exitCode.isSuccess else { return (receipt, nil, nil) }
        let fields = try IPLDRead.tuple(try DAGCBOR.decode(receipt.returnData), count: 3, "CreateExternal return")
        guard case .bytes(let robust) = fields[1] else { throw ActorDataError.shape("no robust address") }
        #expect(try Address(bytes: robust).addressProtocol == .actor)
        return (receipt, try IPLDRead.uint64(fields[0], "id"), try EthAddress(bytes: try IPLDRead.bytes(fields[2], "eth")))
    }

    /// Calls contract `to` with `calldata`.
    static func call(_ tester: Tester, _ from: Tester.Account, _ to: EthAddress, _ calldata: [UInt8]) throws -> Receipt {
        tester.send(from: from, to: to.filecoinAddress, method: invokeContract, params: try DAGCBOR.encode(.bytes(calldata)))
    }

    static func returned(_ receipt: Receipt) throws -> [UInt8] {
        try IPLDRead.bytes(try DAGCBOR.decode(receipt.returnData), "return data")
    }

    static func storage(_ tester: Tester, _ id: ActorID) throws -> [EVMStorage.Slot] {
        let state = try EVMActorState(ipld: try #require(try tester.state(of: id)))
        return try EVMStorage.slots(root: state.contractState, store: tester.store)
    }

    // MARK: The runtime (no EVM code needed)

    @Test func genesisHasTheEAMAndTheEthereumCode() throws {
        let (tester, _) = try Self.tester()
        let eam = try #require(try tester.actor(BuiltinActors.eamActorID))
        #expect(eam.code == CodeRegistry.codeCID(of: try RuntimeBuiltinActorTests.wasm("eam")))
        #expect(tester.machine.builtins.codes[.ethAccount] == CodeRegistry.codeCID(of: try RuntimeBuiltinActorTests.wasm("ethaccount")))
        #expect(eam.state == CallManager.emptyArrayCID)
        // Without the EAM's Wasm there is no actor 10.
        let bare = try Tester(builtins: [:])
        #expect(try bare.actor(BuiltinActors.eamActorID) == nil)
    }

    @Test func aPlaceholderWithAnF410AddressBecomesAnEthAccountOnItsFirstMessage() throws {
        let (tester, account) = try Self.tester()
        #expect(try tester.actor(account.id)?.code == tester.machine.builtins.placeholderCode)
        #expect(try tester.machine.stateTree.resolve(Self.deployer.delegatedAddress) == account.id)
        let other = try tester.createAccount(balance: .zero)
        let receipt = tester.send(from: account, to: .id(other.id), method: 0, value: TokenAmount(atto: 5))
        #expect(receipt.exitCode == .ok)
        let actor = try #require(try tester.actor(account.id))
        #expect(actor.code == tester.machine.builtins.codes[.ethAccount])
        #expect(actor.sequence == 1)
        #expect(actor.delegatedAddress == Self.deployer.delegatedAddress)
        #expect(try tester.actor(other.id)?.balance == TokenAmount(atto: 5))
        // A placeholder in another namespace stays one (and may still send, as before).
        let foreign = try Address(delegatedNamespace: 32, subaddress: [1, 2, 3])
        let id = try tester.machine.stateTree.registerNewAddress(foreign)
        tester.machine.stateTree.setActor(id, ActorState(
            code: tester.machine.builtins.placeholderCode, state: CallManager.emptyArrayCID,
            balance: TokenAmount(atto: BigInt(10).power(20)), delegatedAddress: foreign))
        let sender = Tester.Account(id: id, address: foreign, privateKey: [])
        #expect(tester.send(from: sender, to: .id(other.id), method: 0).exitCode == .ok)
        #expect(try tester.actor(id)?.code == tester.machine.builtins.placeholderCode)
    }

    @Test func anEthAccountAcceptsExportedMethodsOnly() throws {
        let (tester, account) = try Self.tester()
        let native = try tester.createAccount(balance: TokenAmount(atto: BigInt(10).power(24)))
        _ = tester.send(from: account, to: .id(native.id), method: 0)  // becomes an EthAccount
        #expect(tester.send(from: native, to: account.address, method: Self.invokeContract).exitCode == .ok)
        #expect(tester.send(from: native, to: account.address, method: 2).exitCode == .usrUnhandledMessage)
        // Its constructor is the system actor's to call.
        #expect(tester.send(from: native, to: account.address, method: 1).exitCode == .usrForbidden)
    }

    @Test func onlyEthereumAccountsMayCreateExternalAndOnlyTheEAMMayExec4() throws {
        let (tester, _) = try Self.tester()
        let native = try tester.createAccount(balance: TokenAmount(atto: BigInt(10).power(24)))
        let receipt = tester.send(
            from: native, to: .id(BuiltinActors.eamActorID), method: Self.createExternal, params: try DAGCBOR.encode(.bytes([])))
        #expect(receipt.exitCode == .usrForbidden)
        let create = tester.send(
            from: native, to: .id(BuiltinActors.eamActorID), method: 2, params: try DAGCBOR.encode(.list([.bytes([]), .uint(0)])))
        #expect(create.exitCode == .usrForbidden)
        let code = try #require(tester.machine.builtins.codes[.evm] ?? tester.machine.builtins.codes[.account])
        let exec4 = tester.send(
            from: native, to: .id(BuiltinActors.initActorID), method: 3,
            params: try DAGCBOR.encode(.list([.link(code), .bytes([]), .bytes([UInt8](repeating: 7, count: 20))])))
        #expect(exec4.exitCode == .usrForbidden)
    }

    @Test func ethAddressesMapToFilecoinAddresses() throws {
        let masked = EthAddress.maskedID(0x0102)
        #expect(masked.description == "0xff00000000000000000000000000000000000102")
        #expect(masked.maskedID == 0x0102)
        #expect(masked.filecoinAddress == .id(0x0102))
        #expect(Self.deployer.maskedID == nil)
        #expect(Self.deployer.filecoinAddress == .delegated(namespace: 10, subaddress: Self.deployer.bytes))
        #expect(Self.deployer.filecoinAddress.description.hasPrefix("f410f"))
        #expect(EthAddress(Self.deployer.filecoinAddress) == Self.deployer)
        #expect(EthAddress(.id(5)) == nil)
        #expect(try EthAddress(hex: "1234567890ABCDEF1234567890ABCDEF12345678") == Self.deployer)
        #expect(throws: AddressError.invalidLength) { try EthAddress(hex: "0x1234") }
        #expect(throws: AddressError.invalidPayload) { try EthAddress(hex: "0x" + String(repeating: "g", count: 40)) }
        let record = ActorState(code: CallManager.emptyArrayCID, state: CallManager.emptyArrayCID, delegatedAddress: Self.deployer.filecoinAddress)
        #expect(EthAddress.of(actor: 200, record) == Self.deployer)
        #expect(EthAddress.of(actor: 200, nil) == .maskedID(200))
    }

    /// A KAMT written by hand in ref-fvm's node format: a bucket pointer and a link pointer with
    /// an extension; keys and values stripped of leading zeros; a zero value left out.
    @Test func storageWalksKAMTNodes() throws {
        let store = MemoryBlockstore()
        let child = try store.putIPLD(.list([
            .bytes([0b11]),
            .list([
                .map(["v": .list([.list([.bytes([0x01, 0x00]), .bytes([0x05])])])]),
                .map(["v": .list([.list([.bytes([0x01, 0x01]), .bytes([])])])]),
            ]),
        ]))
        let root = try store.putIPLD(.list([
            .bytes([0b101]),
            .list([
                .map(["v": .list([.list([.bytes([]), .bytes([0x2a])])])]),
                .map(["l": .list([.link(child), .uint(10), .bytes([0x00, 0x40])])]),
            ]),
        ]))
        let slots = try EVMStorage.slots(root: root, store: store)
        #expect(slots == [
            EVMStorage.Slot(key: Self.word(0), value: Self.word(0x2a)),
            EVMStorage.Slot(key: Self.word(0x100), value: Self.word(5)),
        ])
        let bad = try store.putIPLD(.list([.bytes([1]), .list([.map(["x": .null])])]))
        #expect(throws: ActorDataError.self) { try EVMStorage.slots(root: bad, store: store) }
    }

    // MARK: Contracts on the EVM actor

    @Test(.enabled(if: EVMActorTests.hasEVM)) func createExternalDeploysAtTheEthereumCreateAddress() throws {
        let (tester, account) = try Self.tester()
        let (receipt, id, eth) = try Self.deploy(tester, account, Self.storeInitcode)
        #expect(receipt.exitCode == .ok, "\(tester.executor.lastFailure)")
        #expect(eth?.description == Self.deployerCreates[0])
        let actorID = try #require(id)
        let contract = try #require(try tester.actor(actorID))
        #expect(contract.code == tester.machine.builtins.codes[.evm])
        #expect(contract.delegatedAddress == eth?.filecoinAddress)
        let address = try #require(eth)
        #expect(try tester.machine.stateTree.resolve(address.filecoinAddress) == id)
        #expect(try Self.storage(tester, id!) == [EVMStorage.Slot(key: Self.word(0), value: Self.word(0x2a))])
        let state = try EVMActorState(ipld: try #require(try tester.state(of: id!)))
        #expect(state.nonce == 1)
        // The next deployment uses the next nonce.
        let (second, _, eth2) = try Self.deploy(tester, account, Self.storeInitcode)
        #expect(second.exitCode == .ok)
        #expect(eth2?.description == Self.deployerCreates[1])
    }

    /// A constructor that reverts: exit 33 through init and the EAM, its data kept, nothing
    /// created; the nonce is spent, so the next deployment gets the next address.
    @Test(.enabled(if: EVMActorTests.hasEVM)) func aRevertingConstructorCreatesNothing() throws {
        let (tester, account) = try Self.tester()
        let (receipt, _, _) = try Self.deploy(tester, account, Self.hex("61beef6000526002601efd"))
        #expect(receipt.exitCode.value == 33)
        #expect(try Self.returned(receipt) == [0xbe, 0xef])
        let target = try EthAddress(hex: Self.deployerCreates[0])
        #expect(try tester.machine.stateTree.resolve(target.filecoinAddress) == nil)
        let (next, _, eth) = try Self.deploy(tester, account, Self.storeInitcode)
        #expect(next.exitCode == .ok)
        #expect(eth?.description == Self.deployerCreates[1])
    }

    /// builtin-actors' EAM vectors: sender 0x00…00 with nonce 0.
    @Test(.enabled(if: EVMActorTests.hasEVM)) func createAddressMatchesBuiltinActorsVector() throws {
        let (tester, account) = try Self.tester(try EthAddress(bytes: [UInt8](repeating: 0, count: 20)))
        let (receipt, _, eth) = try Self.deploy(tester, account, [])
        #expect(receipt.exitCode == .ok, "\(tester.executor.lastFailure)")
        #expect(eth?.description == "0xbd770416a3345f91e4b34576cb804a576fa48eb1")
    }

    @Test(.enabled(if: EVMActorTests.hasEVM)) func callsReturnDataLogAndStore() throws {
        let (tester, account) = try Self.tester()
        let (_, id, eth) = try Self.deploy(tester, account, Self.storeInitcode)
        let contract = try #require(eth)
        let receipt = try Self.call(tester, account, contract, Self.word(5))
        #expect(receipt.exitCode == .ok, "\(tester.executor.lastFailure)")
        #expect(try Self.returned(receipt) == Self.word(0x2a + 5))
        let events = try tester.events(receipt)
        #expect(events.count == 1)
        #expect(events.first?.emitter == id)
        #expect(events.first?.event.entries == [
            EventEntry(flags: 3, key: "t1", codec: 0x55, value: Self.word(0xaa)),
            EventEntry(flags: 3, key: "d", codec: 0x55, value: Self.word(5)),
        ])
        #expect(try Self.storage(tester, id!) == [
            EVMStorage.Slot(key: Self.word(0), value: Self.word(0x2a)), EVMStorage.Slot(key: Self.word(1), value: Self.word(5)),
        ])
    }

    @Test(.enabled(if: EVMActorTests.hasEVM)) func aRevertExitsWith33AndItsData() throws {
        let (tester, account) = try Self.tester()
        let (_, id, eth) = try Self.deploy(tester, account, Self.storeInitcode)
        let receipt = try Self.call(tester, account, try #require(eth), [])
        #expect(receipt.exitCode.value == 33)
        #expect(try Self.returned(receipt) == [0xde, 0xad])
        #expect(receipt.eventsRoot == nil)
        #expect(try Self.storage(tester, id!).count == 1)
    }

    @Test(.enabled(if: EVMActorTests.hasEVM)) func aContractCallsAnother() throws {
        let (tester, account) = try Self.tester()
        let (_, storeID, store) = try Self.deploy(tester, account, Self.storeInitcode)
        let (_, _, caller) = try Self.deploy(tester, account, Self.callerInitcode)
        let receipt = try Self.call(tester, account, try #require(caller), [UInt8](repeating: 0, count: 12) + store!.bytes)
        #expect(receipt.exitCode == .ok, "\(tester.executor.lastFailure)")
        #expect(try Self.returned(receipt) == Self.word(0x2a + 7))
        #expect(try tester.events(receipt).map(\.emitter) == [storeID!])
        #expect(try Self.storage(tester, storeID!).last == EVMStorage.Slot(key: Self.word(1), value: Self.word(7)))
    }

    @Test(.enabled(if: EVMActorTests.hasEVM)) func aNativeActorCallsAContract() throws {
        let (tester, account) = try Self.tester()
        let (_, storeID, store) = try Self.deploy(tester, account, Self.storeInitcode)
        let native = try tester.createAccount(balance: TokenAmount(atto: BigInt(10).power(24)))
        let forwarder = try RuntimeBuiltinActorTests.create("forwarder", tester, native)
        let params = try DAGCBOR.encode(.list([
            .bytes(store!.filecoinAddress.bytes), .uint(Self.invokeContract), .bytes(try DAGCBOR.encode(.bytes(Self.word(9)))),
            .bytes([]), .uint(0),
        ]))
        let receipt = tester.send(from: native, to: .id(forwarder), method: 2, params: params)
        #expect(receipt.exitCode == .ok, "\(tester.executor.lastFailure)")
        let fields = try IPLDRead.tuple(try DAGCBOR.decode(receipt.returnData), count: 2, "Forward return")
        #expect(fields[0] == .uint(0))
        #expect(try DAGCBOR.decode(try IPLDRead.bytes(fields[1], "return")) == .bytes(Self.word(0x2a + 9)))
        #expect(try tester.events(receipt).map(\.emitter) == [storeID!])
    }

    /// A contract's CREATE and CREATE2 go through the EAM's Create and Create2: the children are
    /// EVM actors at Ethereum's addresses (Python: rlp + eth_hash), the contract's nonce starting
    /// at 1 and counting its creations.
    @Test(.enabled(if: EVMActorTests.hasEVM)) func contractsCreateThroughTheEAM() throws {
        let (tester, account) = try Self.tester()
        let (_, _, creator) = try Self.deploy(tester, account, Self.createInitcode)
        let (_, _, creator2) = try Self.deploy(tester, account, Self.create2Initcode)
        let expected = [
            ("0xa4ae9c6031a8103f08a05df22a98216d87d76bd4", creator), ("0x082b0f4c3f3f191bbe3f01da7b60016aa03ad5c9", creator),
            ("0xa4b60f4f9e0d179da386e798b2954670173c050b", creator2),
        ]
        for (address, contract) in expected {
            let receipt = try Self.call(tester, account, try #require(contract), [])
            #expect(receipt.exitCode == .ok, "\(tester.executor.lastFailure)")
            let child = try EthAddress(hex: address)
            #expect(try Self.returned(receipt) == [UInt8](repeating: 0, count: 12) + child.bytes)
            let id = try #require(try tester.machine.stateTree.resolve(child.filecoinAddress))
            #expect(try tester.actor(id)?.code == tester.machine.builtins.codes[.evm])
        }
        // CREATE2 at the same salt again: the address is taken (a failed create), not a new actor.
        let again = try Self.call(tester, account, try #require(creator2), [])
        #expect(again.exitCode == .ok)
        #expect(try Self.returned(again) == Self.word(0))
    }

    @Test(.enabled(if: EVMActorTests.hasEVM)) func fundsSentBeforeDeploymentBelongToTheContract() throws {
        let (tester, account) = try Self.tester()
        let target = try EthAddress(hex: Self.deployerCreates[0])
        let native = try tester.createAccount(balance: TokenAmount(atto: BigInt(10).power(24)))
        #expect(tester.send(from: native, to: target.filecoinAddress, method: 0, value: TokenAmount(atto: 1000)).exitCode == .ok)
        let placeholder = try #require(try tester.machine.stateTree.resolve(target.filecoinAddress))
        let (receipt, id, eth) = try Self.deploy(tester, account, Self.storeInitcode, value: TokenAmount(atto: 1))
        #expect(receipt.exitCode == .ok, "\(tester.executor.lastFailure)")
        #expect(eth == target)
        #expect(id == placeholder)
        let contract = try #require(try tester.actor(placeholder))
        #expect(contract.code == tester.machine.builtins.codes[.evm])
        #expect(contract.balance == TokenAmount(atto: 1001))
    }
}
