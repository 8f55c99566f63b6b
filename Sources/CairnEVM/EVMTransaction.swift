import BigInt

/// A transaction as a state test describes one: legacy (gasPrice), EIP-2930 (access list),
/// EIP-1559 (fee caps) or EIP-4844 (blobs).
public struct EVMTransaction: Sendable {
    public var sender: EVMAddress
    /// nil for a contract creation.
    public var to: EVMAddress?
    public var nonce: BigUInt
    public var gasLimit: BigUInt
    public var value: BigUInt
    public var data: [UInt8]
    public var gasPrice: BigUInt?
    public var maxFeePerGas: BigUInt?
    public var maxPriorityFeePerGas: BigUInt?
    public var accessList: [(address: EVMAddress, keys: [EVMWord])]
    public var maxFeePerBlobGas: BigUInt?
    public var blobVersionedHashes: [[UInt8]]?

    public init(sender: EVMAddress, to: EVMAddress?, nonce: BigUInt, gasLimit: BigUInt, value: BigUInt, data: [UInt8]) {
        self.sender = sender
        self.to = to
        self.nonce = nonce
        self.gasLimit = gasLimit
        self.value = value
        self.data = data
        accessList = []
    }

    public var isCreation: Bool { to == nil }

    /// The gas a transaction pays before any code runs: 21,000, calldata (4 a zero byte, 16
    /// another), creation (32,000 and EIP-3860's 2 a word of init code), access list (2,400 an
    /// address, 1,900 a key).
    public var intrinsicGas: UInt64 {
        var gas: UInt64 = 21000
        for byte in data { gas += byte == 0 ? 4 : 16 }
        if isCreation { gas += 32000 + 2 * UInt64((data.count + 31) / 32) }
        for entry in accessList { gas += 2400 + 1900 * UInt64(entry.keys.count) }
        return gas
    }
}

/// Why a transaction is invalid (the state test's expectException; the state is unchanged).
public enum EVMInvalidTransaction: Error, Equatable, Sendable {
    case intrinsicGasTooLow, nonceTooHigh, nonceMismatch, initCodeTooLarge, gasLimitAboveBlock
    case feeCapBelowBaseFee, priorityAboveFeeCap, insufficientFunds, senderHasCode
    case blobWithoutRecipient, noBlobs, tooManyBlobs, badBlobHashVersion, blobFeeCapTooLow
}

/// The end of a valid transaction.
public struct EVMReceipt: Sendable {
    public var status: EVMStatus
    public var gasUsed: UInt64
    public var logs: [EVMLog]
    public var output: [UInt8]
    /// A host fault (an interpreter trap that is not an EVM failure), for diagnostics.
    public var fault: String?
}
