import BigInt
import Testing
@testable import CairnEVM

/// The host interface's edge cases: call depth, out of gas, revert data, bad input.
@Suite struct EVMHostInterfaceTests {
    typealias S = EVMTestSupport

    /// A contract that counts its depth in slot 0, then calls itself with all its gas: with the
    /// depth limit at 64 the counter reaches 65 (depths 0 to 64; the call from depth 64 fails), and
    /// the host's recursion stays on its stack. (Ethereum's 1,024 is the default; the state tests'
    /// `Call1024*` and `CallRecursiveBomb*` entries check it in `scripts/evm-statetest.sh`: a
    /// thousand frames take minutes in a debug build.)
    @Test func callDepthStopsAtTheLimit() throws {
        // SLOAD(0)+1 → SSTORE(0); CALL(gas, ADDRESS, 0, 0, 0, 0, 0); STOP
        let code: [UInt8] = [
            0x60, 0x01, 0x5F, 0x54, 0x01, 0x5F, 0x55,
            0x5F, 0x5F, 0x5F, 0x5F, 0x5F, 0x30, 0x5A, 0xF1, 0x00,
        ]
        let interpreter = try EVMInterpreter(wasm: S.readFile(S.repository + "/evm/wasm/evm.wasm")!)
        interpreter.maxCallDepth = 64
        var state = S.world(code: code)
        let receipt = try S.call(&state, gas: 1 << 45, interpreter: interpreter)
        #expect(receipt.status == .success)
        #expect(receipt.fault == nil)
        #expect(state.accounts[S.contract]?.storage[.zero] == EVMWord(bigEndian: [65]))
    }

    /// An endless loop ends out of gas: all the gas is used, and the frame's writes are undone.
    @Test func outOfGasUsesAllGas() throws {
        // SSTORE(0, 1); JUMPDEST (at 4); PUSH1 4; JUMP
        let code: [UInt8] = [0x60, 0x01, 0x5F, 0x55, 0x5B, 0x60, 0x04, 0x56]
        var state = S.world(code: code)
        let receipt = try S.call(&state, gas: 100_000)
        #expect(receipt.status == .failure)
        #expect(receipt.gasUsed == 100_000)
        #expect(state.accounts[S.contract]?.storage.isEmpty == true)
    }

    /// REVERT returns its data and gives back the gas left; the frame's writes are undone.
    @Test func revertReturnsDataAndGas() throws {
        // SSTORE(0, 1); MSTORE(0, 0xAB); REVERT(31, 1)
        let code: [UInt8] = [0x60, 0x01, 0x5F, 0x55, 0x60, 0xAB, 0x5F, 0x52, 0x60, 0x01, 0x60, 0x1F, 0xFD]
        var state = S.world(code: code)
        let receipt = try S.call(&state, gas: 100_000)
        #expect(receipt.status == .revert)
        #expect(receipt.output == [0xAB])
        #expect(receipt.gasUsed < 50_000)
        #expect(state.accounts[S.contract]?.storage.isEmpty == true)
    }

    /// A call's return data reaches the caller through RETURNDATACOPY; a read past it fails.
    @Test func returnDataCopyBounds() throws {
        // callee at 0xC002 returns 32 bytes of 0x2A; the caller copies them and stores them.
        let callee: [UInt8] = [0x60, 0x2A, 0x5F, 0x52, 0x60, 0x20, 0x5F, 0xF3]
        let caller: [UInt8] = [
            0x5F, 0x5F, 0x5F, 0x5F, 0x61, 0xC0, 0x02, 0x5A, 0xFA, 0x50,  // STATICCALL(gas, 0xC002, 0, 0, 0, 0)
            0x60, 0x20, 0x5F, 0x5F, 0x3E,  // RETURNDATACOPY(0, 0, 32)
            0x5F, 0x51, 0x5F, 0x55,  // SSTORE(0, MLOAD(0))
            0x60, 0x21, 0x5F, 0x5F, 0x3E,  // RETURNDATACOPY(0, 0, 33): past the end
        ]
        var state = S.world(code: caller)
        state.accounts[EVMAddress([0xC0, 0x02])] = EVMAccount(code: callee)
        let receipt = try S.call(&state, gas: 200_000)
        #expect(receipt.status == .failure)
        var ok = S.world(code: Array(caller.dropLast(5)))
        ok.accounts[EVMAddress([0xC0, 0x02])] = EVMAccount(code: callee)
        let good = try S.call(&ok, gas: 200_000)
        #expect(good.status == .success)
        #expect(ok.accounts[S.contract]?.storage[.zero] == EVMWord(bigEndian: [0x2A]))
    }

    /// Invalid transactions throw a typed error and change nothing.
    @Test func invalidTransactionsChangeNothing() throws {
        var state = S.world(code: [0x00])
        var tx = EVMTransaction(sender: S.sender, to: S.contract, nonce: 5, gasLimit: 50_000, value: 0, data: [])
        tx.gasPrice = 0
        #expect(throws: EVMInvalidTransaction.nonceMismatch) {
            try EVMTransactionProcessor.apply(tx, to: &state, block: S.block(), interpreter: S.interpreter)
        }
        tx.nonce = 0
        tx.gasLimit = 20_000
        #expect(throws: EVMInvalidTransaction.intrinsicGasTooLow) {
            try EVMTransactionProcessor.apply(tx, to: &state, block: S.block(), interpreter: S.interpreter)
        }
        #expect(state.nonce(S.sender) == 0)
    }

    /// Malformed modules and test files are typed errors.
    @Test func badInputIsATypedError() {
        #expect(throws: EVMError.self) { try EVMInterpreter(wasm: [0, 1, 2, 3]) }
        #expect(throws: EVMError.self) { try EVMStateTest.load(Array("[1, 2]".utf8)) }
        #expect(throws: EVMError.self) { try EVMStateTest.load(Array("{\"t\": {\"post\": {\"Cancun\": [{}]}}}".utf8)) }
        #expect(throws: EVMError.self) { try EVMStateTest.load(Array("not json".utf8)) }
    }
}
