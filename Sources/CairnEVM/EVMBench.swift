import BigInt
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed sequence of transactions from one sender, run on the state-test host and timed per
/// phase: what `cairn evm bench` runs for the EVM benchmark (Benchmarks/evm), which runs the
/// same transactions on py-evm and revm and compares the results.
///
/// The spec (JSON): `sender`, `balance` (the sender's starting balance), `gas_price`, `block`
/// (`coinbase`, `number`, `timestamp`, `gas_limit`, `base_fee`, `prev_randao`, `chain_id`) and
/// `phases`: a list of `{name, transactions: [{to (null: a creation), data, gas, value?}]}`. The
/// sender's nonce is the state's. Numbers are JSON integers or 0x-hex strings; bytes 0x-hex.
public struct EVMBench {
    /// One phase's transactions and how long each took.
    public struct PhaseResult {
        public var name: String
        /// Each transaction's time (`EVMTransactionProcessor.apply`), in order.
        public var seconds: [Double]
        /// Each transaction's processor time (every thread of the process: the transaction runs
        /// on a worker thread while this one waits), which a busy machine inflates less.
        public var cpuSeconds: [Double]
        public var receipts: [Result<EVMReceipt, EVMInvalidTransaction>]
    }

    public var sender: EVMAddress
    public var block: EVMBlockContext
    public var gasPrice: BigUInt
    public var phases: [(name: String, transactions: [EVMTransaction])]
    public var state: EVMWorldState

    /// Reads a spec (the format above).
    public init(spec json: [UInt8]) throws(EVMError) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else {
            throw .invalidTest("the bench spec is not a JSON object")
        }
        sender = EVMAddress(try EVMStateTest.bytes(object["sender"]))
        gasPrice = try EVMStateTest.number(object["gas_price"])
        let env = object["block"] as? [String: Any] ?? [:]
        block = EVMBlockContext()
        block.coinbase = EVMAddress(try EVMStateTest.bytes(env["coinbase"]))
        block.number = try EVMStateTest.number(env["number"])
        block.timestamp = try EVMStateTest.number(env["timestamp"])
        block.gasLimit = try EVMStateTest.number(env["gas_limit"])
        block.baseFee = try EVMStateTest.number(env["base_fee"])
        block.prevRandao = try EVMStateTest.number(env["prev_randao"])
        block.chainID = try EVMStateTest.number(env["chain_id"])
        state = EVMWorldState(accounts: [sender: EVMAccount(balance: try EVMStateTest.number(object["balance"]))])
        phases = []
        for case let phase as [String: Any] in object["phases"] as? [Any] ?? [] {
            var transactions: [EVMTransaction] = []
            for case let entry as [String: Any] in phase["transactions"] as? [Any] ?? [] {
                let to = entry["to"] as? String
                var transaction = EVMTransaction(
                    sender: sender, to: to.map { EVMAddress((try? EVMStateTest.bytes($0)) ?? []) }, nonce: 0,
                    gasLimit: try EVMStateTest.number(entry["gas"]), value: try EVMStateTest.number(entry["value"] ?? 0),
                    data: try EVMStateTest.bytes(entry["data"]))
                transaction.gasPrice = gasPrice
                transactions.append(transaction)
            }
            phases.append((name: phase["name"] as? String ?? "phase \(phases.count)", transactions: transactions))
        }
    }

    /// Runs every phase in order on `state`, timing each transaction.
    public mutating func run(interpreter: EVMInterpreter) -> [PhaseResult] {
        var results: [PhaseResult] = []
        let clock = ContinuousClock()
        for phase in phases {
            var receipts: [Result<EVMReceipt, EVMInvalidTransaction>] = []
            receipts.reserveCapacity(phase.transactions.count)
            var seconds: [Double] = [], cpuSeconds: [Double] = []
            for var transaction in phase.transactions {
                transaction.nonce = BigUInt(state.nonce(sender))
                let start = clock.now
                let cpuStart = Self.processorSeconds()
                let receipt = Result(catching: { () throws(EVMInvalidTransaction) -> EVMReceipt in
                    try EVMTransactionProcessor.apply(transaction, to: &state, block: block, interpreter: interpreter)
                })
                let (whole, attoseconds) = (clock.now - start).components
                cpuSeconds.append(Self.processorSeconds() - cpuStart)
                seconds.append(Double(whole) + Double(attoseconds) * 1e-18)
                receipts.append(receipt)
            }
            results.append(PhaseResult(name: phase.name, seconds: seconds, cpuSeconds: cpuSeconds, receipts: receipts))
        }
        return results
    }

    /// The results as JSON: per phase each transaction's seconds and, per transaction, status, gas used,
    /// output and logs (or `invalid`); then the state root and every account's balance, nonce
    /// and storage.
    public func report(_ results: [PhaseResult]) -> [UInt8] {
        let phases: [[String: Any]] = results.map { phase in
            ["name": phase.name, "seconds": phase.seconds, "cpu_seconds": phase.cpuSeconds, "transactions": phase.receipts.map(Self.receiptObject)]
        }
        var accounts: [String: Any] = [:]
        for (address, account) in state.accounts {
            var storage: [String: String] = [:]
            for (key, value) in account.storage { storage[hexString(key.bigEndianBytes)] = hexString(value.bigEndianBytes) }
            accounts[address.description] = [
                "balance": "0x" + String(account.balance, radix: 16), "nonce": account.nonce, "storage": storage,
            ]
        }
        let object: [String: Any] = [
            "phases": phases, "state_root": hexString(EVMStateRoot.stateRoot(state.accounts)), "accounts": accounts,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return [UInt8](data)
    }

    /// The process's processor time so far, in seconds.
    static func processorSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func receiptObject(_ result: Result<EVMReceipt, EVMInvalidTransaction>) -> [String: Any] {
        switch result {
        case .failure(let why):
            return ["invalid": "\(why)"]
        case .success(let receipt):
            var object: [String: Any] = [
                "status": Int(receipt.status.rawValue), "gas_used": receipt.gasUsed, "output": hexString(receipt.output),
                "logs": receipt.logs.map { log in
                    ["address": log.address.description, "topics": log.topics.map(hexString), "data": hexString(log.data)] as [String: Any]
                },
            ]
            if let fault = receipt.fault { object["fault"] = fault }
            return object
        }
    }
}
