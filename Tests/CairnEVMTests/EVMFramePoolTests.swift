import BigInt
import Testing
@testable import CairnEVM

/// Kept frame instances (EVMFrameInstance.swift) must behave exactly as fresh ones: a frame never
/// sees what an earlier frame left in the interpreter's memory.
@Suite struct EVMFramePoolTests {
    typealias S = EVMTestSupport

    /// One transaction writes EVM memory far out (the interpreter's heap grows past the memory
    /// image instantiation left); the next reads the same offset in a new frame, which must find
    /// zero, and stores it plus one. Same receipts and state root with and without kept instances.
    @Test func keptInstancesStartClean() throws {
        // MSTORE(0x30000, 0xAB); STOP
        let writer: [UInt8] = [0x60, 0xAB, 0x62, 0x03, 0x00, 0x00, 0x52, 0x00]
        // SSTORE(0, MLOAD(0x30000) + 1); STOP
        let reader: [UInt8] = [0x62, 0x03, 0x00, 0x00, 0x51, 0x60, 0x01, 0x01, 0x5F, 0x55, 0x00]
        let readerAddress = EVMAddress([0xC0, 0x02])
        var roots: [[UInt8]] = []
        var gasUsed: [[UInt64]] = []
        for kept in [0, 8] {
            let interpreter = try EVMInterpreter(wasm: S.readFile(S.repository + "/evm/wasm/evm.wasm")!)
            interpreter.keptDepth = kept
            var state = S.world(code: writer)
            state.accounts[readerAddress] = EVMAccount(code: reader)
            var used: [UInt64] = []
            for round in 0..<2 {
                let write = try S.call(&state, gas: 1_000_000, interpreter: interpreter)
                var read = EVMTransaction(
                    sender: S.sender, to: readerAddress, nonce: BigUInt(state.nonce(S.sender)), gasLimit: 1_000_000, value: 0, data: [])
                read.gasPrice = 0
                let readReceipt = try EVMTransactionProcessor.apply(read, to: &state, block: S.block(), interpreter: interpreter)
                #expect(write.status == .success && readReceipt.status == .success, "round \(round), kept depth \(kept)")
                #expect(state.accounts[readerAddress]?.storage[.zero] == EVMWord(bigEndian: [1]))
                used += [write.gasUsed, readReceipt.gasUsed]
            }
            roots.append(EVMStateRoot.stateRoot(state.accounts))
            gasUsed.append(used)
        }
        #expect(roots[0] == roots[1])
        #expect(gasUsed[0] == gasUsed[1])
    }
}
