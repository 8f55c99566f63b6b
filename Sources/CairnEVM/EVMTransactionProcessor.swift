import BigInt
import CairnMachine

/// Applies a transaction to a world state (Cancun's rules, after execution-specs'
/// process_transaction): validation, gas purchase, the message call or creation, refunds
/// (EIP-3529: at most a fifth of the gas used), the priority fee to the coinbase (EIP-1559),
/// then the deletion of self-destructed (EIP-6780) and touched empty accounts (EIP-161).
public enum EVMTransactionProcessor {
    static let gasPerBlob: UInt64 = 131_072
    static let maxBlobsPerBlock = 6
    static let maxInitCodeSize = 49152

    /// Runs `transaction` on `state`; throws, changing nothing, when the transaction is invalid.
    public static func apply(
        _ transaction: EVMTransaction, to state: inout EVMWorldState, block: EVMBlockContext, interpreter: EVMInterpreter
    ) throws(EVMInvalidTransaction) -> EVMReceipt {
        let price = try validate(transaction, state: state, block: block)
        let sender = transaction.sender
        let gasLimit = UInt64(transaction.gasLimit)
        let blobFee = BigUInt(UInt64(transaction.blobVersionedHashes?.count ?? 0) * gasPerBlob) * block.blobBaseFee

        var world = EVMWorldState(accounts: state.accounts)
        world.accounts[sender, default: EVMAccount()].nonce += 1
        world.accounts[sender, default: EVMAccount()].balance -= transaction.gasLimit * price + blobFee
        warm(&world, transaction, block: block)
        let context = EVMTransactionContext(origin: sender, gasPrice: price, blobHashes: transaction.blobVersionedHashes ?? [])
        let executor = EVMExecutor(interpreter: interpreter, state: world, block: block, transaction: context)
        let gas = gasLimit - transaction.intrinsicGas
        let outcome = LargeStack.run { run(transaction, gas: gas, executor) }
        world = executor.state

        let gasUsed = gasLimit - outcome.gasLeft
        let refund = outcome.status == .success ? min(gasUsed / 5, UInt64(max(0, outcome.refund))) : 0
        world.addBalance(sender, BigUInt(outcome.gasLeft + refund) * price)
        world.addBalance(block.coinbase, BigUInt(gasUsed - refund) * (price - block.baseFee))
        world.touched.insert(block.coinbase)
        for address in world.destructed { world.accounts[address] = nil }
        for address in world.touched where world.accounts[address]?.isEmpty == true { world.accounts[address] = nil }
        state = EVMWorldState(accounts: world.accounts)
        return EVMReceipt(
            status: outcome.status, gasUsed: gasUsed - refund, logs: outcome.status == .success ? world.logs : [],
            output: outcome.output, fault: executor.fault)
    }

    /// The message call or creation of the transaction, with the gas left after the intrinsic gas.
    static func run(_ transaction: EVMTransaction, gas: UInt64, _ executor: EVMExecutor) -> EVMOutcome {
        let sender = transaction.sender
        if let to = transaction.to {
            let message = EVMMessage(
                caller: sender, target: to, codeAddress: to, value: transaction.value, transfersValue: true,
                input: transaction.data, code: executor.state.code(to), gas: gas, depth: 0, isStatic: false)
            return executor.execute(message)
        }
        let address = EVMExecutor.createAddress(sender, nonce: UInt64(transaction.nonce))
        if executor.hasCollision(address) { return .failed() }
        let message = EVMMessage(
            caller: sender, target: address, codeAddress: address, value: transaction.value, transfersValue: true,
            input: [], code: transaction.data, gas: gas, depth: 0, isStatic: false)
        return executor.create(message)
    }

    /// EIP-2929's warm set at the start: sender, recipient (or new contract), precompiles,
    /// coinbase (EIP-3651) and the access list.
    static func warm(_ world: inout EVMWorldState, _ transaction: EVMTransaction, block: EVMBlockContext) {
        _ = world.access(transaction.sender)
        _ = world.access(transaction.to ?? EVMExecutor.createAddress(transaction.sender, nonce: UInt64(transaction.nonce)))
        _ = world.access(block.coinbase)
        for number in 1...10 { _ = world.access(EVMAddress([UInt8(number)])) }
        for entry in transaction.accessList {
            _ = world.access(entry.address)
            for key in entry.keys { _ = world.access(entry.address, key) }
        }
    }

    /// Checks `transaction` against the block and the sender's account; returns the gas price it pays.
    static func validate(_ transaction: EVMTransaction, state: EVMWorldState, block: EVMBlockContext) throws(EVMInvalidTransaction) -> BigUInt {
        if transaction.isCreation && transaction.data.count > maxInitCodeSize { throw .initCodeTooLarge }
        if transaction.gasLimit < BigUInt(transaction.intrinsicGas) { throw .intrinsicGasTooLow }
        if transaction.nonce >= BigUInt(UInt64.max) { throw .nonceTooHigh }
        if transaction.gasLimit > block.gasLimit || transaction.gasLimit > BigUInt(UInt64.max / 2) { throw .gasLimitAboveBlock }
        let price: BigUInt
        let maxPrice: BigUInt
        if let maxFee = transaction.maxFeePerGas {
            let priority = transaction.maxPriorityFeePerGas ?? 0
            if maxFee < block.baseFee { throw .feeCapBelowBaseFee }
            if priority > maxFee { throw .priorityAboveFeeCap }
            price = min(maxFee, block.baseFee + priority)
            maxPrice = maxFee
        } else {
            price = transaction.gasPrice ?? 0
            if price < block.baseFee { throw .feeCapBelowBaseFee }
            maxPrice = price
        }
        var maxCost = transaction.gasLimit * maxPrice + transaction.value
        if let hashes = transaction.blobVersionedHashes {
            if transaction.to == nil { throw .blobWithoutRecipient }
            if hashes.isEmpty { throw .noBlobs }
            if hashes.count > maxBlobsPerBlock { throw .tooManyBlobs }
            if hashes.contains(where: { $0.first != 0x01 }) { throw .badBlobHashVersion }
            let maxBlobFee = transaction.maxFeePerBlobGas ?? 0
            if maxBlobFee < block.blobBaseFee { throw .blobFeeCapTooLow }
            maxCost += BigUInt(UInt64(hashes.count) * gasPerBlob) * maxBlobFee
        }
        let account = state.accounts[transaction.sender]
        if (account?.balance ?? 0) < maxCost { throw .insufficientFunds }
        if BigUInt(account?.nonce ?? 0) != transaction.nonce { throw .nonceMismatch }
        if !(account?.code.isEmpty ?? true) { throw .senderHasCode }
        return price
    }
}
