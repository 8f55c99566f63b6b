import CairnIPLD
import Testing
@testable import CairnActors

@Suite struct RuntimeGasTests {
    @Test func theActorScheduleIsRefFVMsPricesInUnitsOf400Milligas() {
        let schedule = GasProfile.actorSchedule
        #expect(GasProfile.milligasPerUnit == 400)
        // 4 gas per instruction, whatever its class.
        #expect(schedule.classCosts.allSatisfy { GasProfile.milligas(units: $0) == 4000 })
        // 0.4 gas per byte of bulk memory work, 0.4 gas per byte of a grown page.
        #expect(GasProfile.milligas(units: schedule.bulkBytes(1000)) == 400_000)
        #expect(GasProfile.milligas(units: schedule.memoryGrowPerPage) == 65_536 * 400)
        #expect(schedule.hostCall == 0)
        #expect(GasProfile.units(milligas: 1199) == 2)
    }

    @Test func blockPricesFollowRefFVMsFormulas() {
        let p = GasProfile.hygge
        #expect(p.syscall == 14_000_000)
        // Linking 100 bytes: memcpy 0.4/B, alloc 2/B, BLAKE2b 10/B, storage 334,000 + 3,340/B, flush 172,000.
        #expect(p.blockLinkPrice(size: 100) == (40 + 200 + 1000 + 334_000 + 334_000 + 172_000) * 1000)
        // Opening 100 bytes: 187,440 + max(2.4/B compute, 10/B retention).
        #expect(p.blockOpenPrice(size: 100) == (187_440 + 1000) * 1000)
        #expect(p.blockReadPrice(size: 100) == 40_000)
        #expect(p.hashPrice(.keccak256, size: 10) == 330_000)
        #expect(p.onChainMessagePrice(size: 64) == (38_863 + 475_000 + (36 + 64) * 1300) * 1000)
        #expect(ScalingPrice(flat: 1, scale: .max).apply(2) == .max)
    }

    @Test func aSubLimitEndsTheCalleeButNotTheCaller() throws {
        let gas = GasTracker(limit: 1000)
        try gas.charge(100)
        gas.withSubLimit(200) {
            #expect(gas.available == 200)
            #expect(throws: OutOfGas.self) { try gas.charge(300) }
        }
        #expect(gas.used == 300)
        #expect(gas.available == 700)
        gas.withSubLimit(5000) { #expect(gas.available == 700) }
        #expect(throws: OutOfGas.self) { try gas.charge(701) }
        #expect(gas.available == 0)
    }

    /// An actor that counts a loop to `n`.
    static func looping(_ n: Int) -> String {
        RuntimeHarness.actor("""
            (block $out (loop $again
              (br_if $out (i32.ge_u (local.get $a) (i32.const \(n))))
              (local.set $a (i32.add (local.get $a) (i32.const 1)))
              (br $again)))
            (i32.const 0)
            """)
    }

    @Test func executionGasIsLinearInInstructionsAt4GasEach() throws {
        var used: [UInt64] = []
        for n in [10, 20, 30] {
            let h = try RuntimeHarness()
            let receipt = h.send(to: try h.deploy(Self.looping(n)))
            #expect(receipt.exitCode == .ok)
            used.append(receipt.gasUsed)
        }
        #expect(used[1] - used[0] == used[2] - used[1])
        #expect(used[1] > used[0])
        #expect((used[1] - used[0]) % 40 == 0)  // 10 iterations × k instructions × 4 gas
    }

    @Test func aSyscallCosts14000GasPlusItsOwnPrice() throws {
        let once = try RuntimeHarness().run("(drop (call $gas_available (i32.const 8))) (i32.const 0)")
        let twice = try RuntimeHarness().run("(drop (call $gas_available (i32.const 8))) (drop (call $gas_available (i32.const 8))) (i32.const 0)")
        // The second call adds the syscall price and the Wasm of one more call (a few instructions).
        let extra = twice.gasUsed - once.gasUsed
        #expect(extra >= 14_000 && extra < 14_100)
    }

    @Test func gasChargeRunsOutOfGas() throws {
        let receipt = try RuntimeHarness().run(
            "(drop (call $gas_charge (i32.const 1024) (i32.const 1) (i64.const 100000000000))) (i32.const 0)", data: "x",
            gasLimit: 20_000_000)
        #expect(receipt.exitCode == .sysOutOfGas)
        #expect(receipt.gasUsed == 20_000_000)
    }
}

@Suite struct RuntimeCodeTests {
    /// `(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) i32.const 0))`.
    static let minimal: [UInt8] = [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
        0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x13, 0x02, 0x06, 0x6d, 0x65, 0x6d,
        0x6f, 0x72, 0x79, 0x02, 0x00, 0x06, 0x69, 0x6e, 0x76, 0x6f, 0x6b, 0x65, 0x00, 0x00, 0x0a, 0x06,
        0x01, 0x04, 0x00, 0x41, 0x00, 0x0b,
    ]

    @Test func theCodeCIDIsRawBLAKE2b256OfTheWasm() throws {
        // Computed with Python's multiformats: CID('base32', 1, 'raw', blake2b-256 digest).
        let registry = CodeRegistry(store: MemoryBlockstore())
        let cid = try registry.install(Self.minimal)
        #expect(cid.description == "bafk2bzacedz2g53eya7zh2edonioaez3thpkatf7e5krvziqe4wrxx2pr4avm")
        #expect(try registry.store.get(cid) == Self.minimal)
    }

    @Test func codeIsLoweredOnceAndNeverPerCall() throws {
        let h = try RuntimeHarness()
        let id = try h.deploy(RuntimeHarness.actor("(i32.const 0)"))
        let cached = h.machine.code.cachedCount
        _ = try h.machine.code.install(try wat2wasmForTests(RuntimeHarness.actor("(i32.const 0)")))
        for _ in 0..<3 { #expect(h.send(to: id).exitCode == .ok) }
        #expect(h.machine.code.cachedCount == cached)
    }

    @Test func aSecondRegistryOverTheSameStoreFindsInstalledCode() throws {
        let store = MemoryBlockstore()
        let cid = try CodeRegistry(store: store).install(Self.minimal)
        let other = CodeRegistry(store: store)
        #expect(other.program(cid) != nil)
        #expect(other.program(CID(codec: .raw, hashing: [1])) == nil)
    }

    @Test func floatsAreRejected() throws {
        let text = #"(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) (drop (f32.const 1)) (i32.const 0)))"#
        #expect(throws: CodeInstallError.self) { try CodeRegistry(store: MemoryBlockstore()).install(try wat2wasmForTests(text)) }
    }

    @Test func aModuleWithoutInvokeIsRejected() throws {
        let text = #"(module (memory (export "memory") 1))"#
        #expect(throws: CodeInstallError.missingEntryPoint) { try CodeRegistry(store: MemoryBlockstore()).install(try wat2wasmForTests(text)) }
    }

    @Test func garbageIsRejected() {
        #expect(throws: CodeInstallError.self) { try CodeRegistry(store: MemoryBlockstore()).install([0, 1, 2, 3]) }
    }

    @Test func anActorImportingAnUnknownSyscallDoesNotLink() throws {
        let h = try RuntimeHarness()
        let text = #"(module (import "vm" "nope" (func (param i32) (result i32))) (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) (i32.const 0)))"#
        let receipt = h.send(to: try h.deploy(text))
        #expect(receipt.exitCode == .sysIllegalInstruction)
    }
}

