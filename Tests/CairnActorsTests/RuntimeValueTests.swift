import BigInt
import CairnIPLD
import Testing
@testable import CairnActors

/// What successful syscalls write, checked against independent computation.
@Suite struct RuntimeValueTests {
    /// WAT returning `length` bytes of memory at `offset` as a raw block.
    static func returning(_ offset: Int, _ length: Int) -> String {
        "(drop (call $ipld_block_create (i32.const 60000) (i64.const 0x55) (i32.const \(offset)) (i32.const \(length)))) (i32.load (i32.const 60000))"
    }

    static func le(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    @Test func messageContextDescribesTheInvocation() throws {
        let h = try RuntimeHarness()
        let id = try h.deploy(RuntimeHarness.actor("(drop (call $vm_message_context (i32.const 8))) " + Self.returning(8, 80)))
        let receipt = h.send(to: id, method: 77, value: TokenAmount(atto: 12345))
        #expect(receipt.exitCode == .ok)
        let r = receipt.returnData
        #expect(r.count == 80)
        #expect(Self.le(r[0..<8]) == h.senderID)  // origin
        #expect(Self.le(r[8..<16]) == 0)  // nonce
        #expect(Self.le(r[16..<24]) == h.senderID)  // caller
        #expect(Self.le(r[24..<32]) == id)  // receiver
        #expect(Self.le(r[32..<40]) == 77)  // method
        #expect(Self.le(r[40..<48]) == 12345 && Self.le(r[48..<56]) == 0)  // value received
        #expect(Self.le(r[56..<64]) == 10)  // gas premium
        #expect(Self.le(r[72..<80]) == 0)  // flags: not read-only
    }

    @Test func networkContextAndBalance() throws {
        let h = try RuntimeHarness()
        let id = try h.deploy(
            RuntimeHarness.actor("(drop (call $network_context (i32.const 8))) (drop (call $self_current_balance (i32.const 52))) " + Self.returning(8, 60)),
            balance: TokenAmount(atto: BigInt(1) << 70))
        let r = h.send(to: id).returnData
        #expect(r.count == 60)
        #expect(Self.le(r[0..<8]) == 1000)  // epoch
        #expect(Self.le(r[8..<16]) == 1_700_000_000)  // timestamp
        #expect(Self.le(r[16..<24]) == 100)  // base fee
        #expect(Self.le(r[32..<40]) == 314)  // chain ID
        #expect(Self.le(r[40..<44]) == 21)  // network version
        #expect(Self.le(r[44..<52]) == 0 && Self.le(r[52..<60]) == 64)  // balance 2^70 = hi 64
    }

    @Test(arguments: [(UInt64(0x12), HashFunction.sha2_256), (0xb220, .blake2b256), (0x1b, .keccak256)])
    func hashMatchesCairnsHashFunctions(code: UInt64, function: HashFunction) throws {
        let h = try RuntimeHarness()
        let body = "(drop (call $crypto_hash (i32.const 8) (i64.const \(code)) (i32.const 1024) (i32.const 3) (i32.const 2000) (i32.const 32))) " + Self.returning(2000, 32)
        let receipt = try h.run(body, data: "abc")
        #expect(receipt.returnData == function.digest(Array("abc".utf8)))
    }

    @Test func hashTruncatesToTheBuffer() throws {
        let h = try RuntimeHarness()
        let body = "(drop (call $crypto_hash (i32.const 8) (i64.const 0x12) (i32.const 1024) (i32.const 3) (i32.const 2000) (i32.const 4))) " + Self.returning(8, 4) + ""
        let receipt = try h.run(body, data: "abc")
        #expect(receipt.returnData == [4, 0, 0, 0])
    }

    @Test func randomnessIsBLAKE2bOfTagSeedAndRound() throws {
        let h = try RuntimeHarness()
        let body = "(drop (call $rand_get_chain_randomness (i32.const 8) (i64.const 990))) " + Self.returning(8, 32)
        let expected = BLAKE2b.hash(Array("chain".utf8) + Array(repeating: 3, count: 32) + [0, 0, 0, 0, 0, 0, 0x03, 0xde])
        #expect(try h.run(body).returnData == expected)
    }

    @Test func builtinTypeAndCodeForTypeAgree() throws {
        let h = try RuntimeHarness()
        let body = """
            (drop (call $actor_get_code_cid_for_type (i32.const 8) (i32.const 4) (i32.const 2000) (i32.const 100)))
            (drop (call $actor_get_builtin_actor_type (i32.const 12) (i32.const 2000)))
            \(Self.returning(12, 4))
            """
        #expect(try h.run(body).returnData == [4, 0, 0, 0])
    }

    @Test func resolveAddressFindsTheSender() throws {
        let h = try RuntimeHarness()
        let body = "(drop (call $actor_resolve_address (i32.const 8) (i32.const 1024) (i32.const 21))) " + Self.returning(8, 8)
        let receipt = try h.run(body, data: watBytes(h.senderAddress.bytes))
        #expect(Self.le(receipt.returnData[...]) == h.senderID)
    }

    @Test func selfDestructBurnsOrRefuses() throws {
        let h = try RuntimeHarness()
        let refusing = try h.deploy(
            RuntimeHarness.actor("(call $self_self_destruct (i32.const 0)) " + RuntimeHarness.returnErrno), balance: TokenAmount(atto: 50))
        #expect(h.send(to: refusing).returnedErrno == Int(ErrorNumber.illegalOperation.rawValue))
        #expect(h.machine.stateTree.getActor(refusing) != nil)
        let burning = try h.deploy(
            RuntimeHarness.actor("(call $self_self_destruct (i32.const 1)) " + RuntimeHarness.returnErrno), balance: TokenAmount(atto: 50))
        let burnt = h.machine.stateTree.getActor(BuiltinActors.burntFundsActorID)!.balance
        let receipt = h.send(to: burning)
        #expect(receipt.returnedErrno == 0)
        #expect(h.machine.stateTree.getActor(burning) == nil)
        // 50 burnt, plus the message's base fee and tip (no reward actor here).
        let after = h.machine.stateTree.getActor(BuiltinActors.burntFundsActorID)!.balance
        #expect(after.atto - burnt.atto == 50 + BigInt(receipt.gasUsed) * 110)
    }

    @Test func nextActorAddressIsDerivedFromTheOriginAndNonce() throws {
        let h = try RuntimeHarness()
        try h.deploy(
            RuntimeHarness.actor("(drop (call $actor_next_actor_address (i32.const 8) (i32.const 2000) (i32.const 100))) " + Self.returning(2000, 21)),
            id: BuiltinActors.initActorID)
        let receipt = h.send(to: BuiltinActors.initActorID)
        let data = h.senderAddress.bytes + [UInt8](repeating: 0, count: 16)
        #expect(receipt.returnData == [2] + BLAKE2b.hash(data, digestLength: 20))
    }

    @Test func aRootLinkedFromTheParametersMustExist() throws {
        let h = try RuntimeHarness()
        // The parameters link a CID that names no block: it is reachable, but not a root.
        let missing = CID(codec: .dagCBOR, hashing: [0x01, 0x02])
        let params = try DAGCBOR.encode(.list([.link(missing)]))
        // Copy the CID (after the list header, tag 42, bytes header and 0x00 prefix) to 200 and set it.
        let body = """
            (drop (call $ipld_block_read (i32.const 0) (local.get $params) (i32.const 6) (i32.const 200) (i32.const \(missing.bytes.count))))
            (call $self_set_root (i32.const 200))
            \(RuntimeHarness.returnErrno)
            """
        #expect(params[1...5] == [0xd8, 0x2a, 0x58, UInt8(missing.bytes.count + 1), 0x00])
        let id = try h.deploy(RuntimeHarness.actor(body))
        #expect(h.send(to: id, params: params).returnedErrno == Int(ErrorNumber.notFound.rawValue))
    }

    @Test func nextActorAddressAnswersBufferTooSmall() throws {
        let h = try RuntimeHarness()
        try h.deploy(
            RuntimeHarness.actor("(call $actor_next_actor_address (i32.const 8) (i32.const 2000) (i32.const 20)) " + RuntimeHarness.returnErrno),
            id: BuiltinActors.initActorID)
        #expect(h.send(to: BuiltinActors.initActorID).returnedErrno == Int(ErrorNumber.bufferTooSmall.rawValue))
    }

    @Test func aSendToANewKeyAddressCreatesAnAccount() throws {
        let h = try RuntimeHarness()
        let fresh = Address.secp256k1(Array(repeating: 9, count: 20))
        let receipt = h.executor.apply(
            testMessage(
                from: h.senderAddress, to: fresh, sequence: 0, value: TokenAmount(atto: 777), method: 0, params: [],
                gasLimit: 10_000_000_000, gasFeeCap: TokenAmount(atto: 200), gasPremium: TokenAmount(atto: 10)))
        #expect(receipt.exitCode == .ok)
        let id = try #require(h.machine.stateTree.lookupID(fresh))
        #expect(h.machine.stateTree.getActor(id)?.balance == TokenAmount(atto: 777))
        #expect(h.machine.stateTree.getActor(id)?.code == h.machine.builtins.codes[.account])
    }

    @Test func aSendToANewDelegatedAddressCreatesAPlaceholder() throws {
        let h = try RuntimeHarness()
        let fresh = Address.delegated(namespace: 10, subaddress: Array(repeating: 1, count: 20))
        let receipt = h.executor.apply(
            testMessage(
                from: h.senderAddress, to: fresh, sequence: 0, value: TokenAmount(atto: 5), method: 0, params: [],
                gasLimit: 10_000_000_000, gasFeeCap: TokenAmount(atto: 200), gasPremium: TokenAmount(atto: 10)))
        #expect(receipt.exitCode == .ok)
        let id = try #require(h.machine.stateTree.lookupID(fresh))
        #expect(h.machine.stateTree.getActor(id)?.code == h.machine.builtins.placeholderCode)
        #expect(h.machine.stateTree.getActor(id)?.delegatedAddress == fresh)
    }
}

/// The executor's checks before a message runs.
@Suite struct RuntimeExecutorTests {
    func message(_ h: RuntimeHarness, from: Address? = nil, sequence: UInt64 = 0, gasLimit: UInt64 = 1_000_000_000, feeCap: Int = 200) -> Message {
        testMessage(
            from: from ?? h.senderAddress, to: .id(99), sequence: sequence, value: .zero, method: 0, params: [],
            gasLimit: gasLimit, gasFeeCap: TokenAmount(atto: BigInt(feeCap)), gasPremium: TokenAmount(atto: 10))
    }

    @Test func anUnknownSenderIsInvalid() throws {
        let h = try RuntimeHarness()
        let receipt = h.executor.apply(message(h, from: .id(4242)))
        #expect(receipt.exitCode == .sysSenderInvalid)
        #expect(receipt.gasUsed == 0)
    }

    @Test func aSenderThatIsNotAnAccountIsInvalid() throws {
        let h = try RuntimeHarness()
        let id = try h.deploy(RuntimeHarness.actor("(i32.const 0)"), balance: TokenAmount(atto: BigInt(10).power(20)))
        #expect(h.executor.apply(message(h, from: .id(id))).exitCode == .sysSenderInvalid)
    }

    @Test func aWrongNonceIsASenderStateError() throws {
        let h = try RuntimeHarness()
        #expect(h.executor.apply(message(h, sequence: 5)).exitCode == .sysSenderStateInvalid)
        #expect(h.machine.stateTree.getActor(h.senderID)?.sequence == 0)
    }

    @Test func aBalanceBelowTheGasPrepaymentIsASenderStateError() throws {
        let h = try RuntimeHarness()
        let before = h.machine.stateTree.getActor(h.senderID)!
        #expect(h.executor.apply(message(h, gasLimit: 10_000_000_000, feeCap: 1_000_000_000_000)).exitCode == .sysSenderStateInvalid)
        #expect(h.machine.stateTree.getActor(h.senderID) == before)
    }

    @Test func aGasLimitBelowTheInclusionPriceIsOutOfGas() throws {
        let h = try RuntimeHarness()
        let receipt = h.executor.apply(message(h, gasLimit: 1000))
        #expect(receipt.exitCode == .sysOutOfGas)
        #expect(h.machine.stateTree.getActor(h.senderID)?.sequence == 0)
    }

    @Test func aBatchGivesTheSameReceiptsAsOneByOne() throws {
        let one = try RuntimeHarness()
        let batch = try RuntimeHarness()
        let messages = (0..<3).map { message(one, sequence: UInt64($0)) }
        let single = messages.map { one.executor.apply($0) }
        #expect(batch.executor.apply(messages) == single)
        #expect(single.allSatisfy { $0.exitCode == .ok })
    }

    @Test func feesAreBurntTippedAndRefunded() throws {
        let h = try RuntimeHarness()
        let before = h.machine.stateTree.getActor(h.senderID)!.balance
        let burntBefore = h.machine.stateTree.getActor(BuiltinActors.burntFundsActorID)!.balance
        let receipt = h.executor.apply(message(h))
        #expect(receipt.exitCode == .ok)
        let spent = before.atto - h.machine.stateTree.getActor(h.senderID)!.balance.atto
        #expect(spent == BigInt(receipt.gasUsed) * 110)
        // No reward actor in this genesis: the tip is burnt with the base fee.
        #expect(h.machine.stateTree.getActor(BuiltinActors.burntFundsActorID)!.balance.atto - burntBefore.atto == spent)
        #expect(h.machine.stateTree.getActor(h.senderID)?.sequence == 1)
    }
}

import CairnCrypto

/// secp256k1 signatures through the syscalls, with keys made by CairnCrypto.
@Suite struct RuntimeSignatureTests {
    static let privateKey: [UInt8] = Array(repeating: 0, count: 31) + [42]

    /// Memory: signature at 1024 (65), signer address at 1100 (21), plaintext at 1200 (5).
    static func data(signature: [UInt8], signer: [UInt8]) -> String {
        var bytes = [UInt8](repeating: 0, count: 200)
        bytes.replaceSubrange(0..<65, with: signature)
        bytes.replaceSubrange(76..<97, with: signer)
        bytes.replaceSubrange(176..<181, with: Array("hello".utf8))
        return watBytes(bytes)
    }

    static let verify = """
        (drop (call $crypto_verify_signature (i32.const 8) (i32.const 1) (i32.const 1024) (i32.const 65) (i32.const 1100) (i32.const 21) (i32.const 1200) (i32.const 5)))
        \(RuntimeValueTests.returning(8, 4))
        """

    @Test func aValidSignatureVerifiesAndAnotherSignerDoesNot() throws {
        let key = try Secp256k1.publicKey(privateKey: Self.privateKey)
        let signer = [1] + BLAKE2b.hash(key, digestLength: 20)
        let signature = try Secp256k1.sign(hash: BLAKE2b.hash(Array("hello".utf8)), privateKey: Self.privateKey)
        let h = try RuntimeHarness()
        #expect(try h.run(Self.verify, data: Self.data(signature: signature, signer: signer)).returnData == [0, 0, 0, 0])
        let other = [1] + Array(repeating: UInt8(5), count: 20)
        #expect(try h.run(Self.verify, data: Self.data(signature: signature, signer: other)).returnData == [0xff, 0xff, 0xff, 0xff])
        var broken = signature
        broken[64] = 9
        #expect(try h.run(Self.verify, data: Self.data(signature: broken, signer: signer)).returnData == [0xff, 0xff, 0xff, 0xff])
    }

    @Test func recoverGivesThePublicKey() throws {
        let key = try Secp256k1.publicKey(privateKey: Self.privateKey)
        let digest = BLAKE2b.hash(Array("hello".utf8))
        let signature = try Secp256k1.sign(hash: digest, privateKey: Self.privateKey)
        let h = try RuntimeHarness()
        let body = "(drop (call $crypto_recover_secp_public_key (i32.const 2000) (i32.const 1300) (i32.const 1024))) " + RuntimeValueTests.returning(2000, 65)
        var bytes = [UInt8](repeating: 0, count: 400)
        bytes.replaceSubrange(0..<65, with: signature)
        bytes.replaceSubrange(276..<308, with: digest)
        #expect(try h.run(body, data: watBytes(bytes)).returnData == key)
    }
}
