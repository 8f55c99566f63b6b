import BigInt
@testable import CairnEVM

/// Shared fixtures: the committed interpreter module and the shared state tests.
enum EVMTestSupport {
    static let repository: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static let stateTests = repository + "/../shared/ethereum-tests/GeneralStateTests"

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return bytes
    }

    nonisolated(unsafe) static let interpreter: EVMInterpreter = {
        try! EVMInterpreter(wasm: readFile(repository + "/evm/wasm/evm.wasm")!)
    }()

    static let sender = EVMAddress([0xA0, 0x01])
    static let contract = EVMAddress([0xC0, 0x01])

    /// A world with a funded sender and `code` at ``contract``.
    static func world(code: [UInt8]) -> EVMWorldState {
        EVMWorldState(accounts: [
            sender: EVMAccount(balance: BigUInt(1) << 100),
            contract: EVMAccount(code: code),
        ])
    }

    static func block(gasLimit: UInt64 = 1 << 50) -> EVMBlockContext {
        var block = EVMBlockContext()
        block.coinbase = EVMAddress([0xCB])
        block.gasLimit = BigUInt(gasLimit)
        block.number = 1
        return block
    }

    static func call(
        _ state: inout EVMWorldState, gas: UInt64, data: [UInt8] = [], interpreter: EVMInterpreter = interpreter
    ) throws -> EVMReceipt {
        var tx = EVMTransaction(sender: sender, to: contract, nonce: BigUInt(state.nonce(sender)), gasLimit: BigUInt(gas), value: 0, data: data)
        tx.gasPrice = 0
        return try EVMTransactionProcessor.apply(tx, to: &state, block: block(), interpreter: interpreter)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
