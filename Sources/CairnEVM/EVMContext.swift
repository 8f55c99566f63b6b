import BigInt
import CairnHash

/// The block a transaction runs in (the state test's `env`).
public struct EVMBlockContext: Sendable {
    public var coinbase = EVMAddress([])
    public var number: BigUInt = 0
    public var timestamp: BigUInt = 0
    public var gasLimit: BigUInt = 0
    public var prevRandao: BigUInt = 0
    public var baseFee: BigUInt = 0
    public var excessBlobGas: UInt64 = 0
    public var chainID: BigUInt = 1

    public init() {}

    /// EIP-4844's blob base fee: fake_exponential(1, excess_blob_gas, 3338477).
    public var blobBaseFee: BigUInt {
        let factor: BigUInt = 1, numerator = BigUInt(excessBlobGas), denominator: BigUInt = 3_338_477
        var i: BigUInt = 1, output: BigUInt = 0, accumulator = factor * denominator
        while accumulator > 0 {
            output += accumulator
            accumulator = accumulator * numerator / (denominator * i)
            i += 1
        }
        return output / denominator
    }

    /// BLOCKHASH of an earlier block: state tests have no chain, so every client answers
    /// keccak256 of the block number's decimal digits (geth's and retesteth's convention).
    public func blockHash(_ number: UInt64) -> [UInt8] { Keccak256.hash(Array(String(number).utf8)).bytes }
}

/// What a transaction gives the frames it runs: ORIGIN, GASPRICE and BLOBHASH.
public struct EVMTransactionContext: Sendable {
    public var origin: EVMAddress
    public var gasPrice: BigUInt
    public var blobHashes: [[UInt8]]
}

/// 32 big-endian bytes of `value` (its low 256 bits).
func word(_ value: BigUInt) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 32)
    for (index, limb) in value.words.prefix(4).enumerated() {
        for byte in 0..<8 { out[31 - index * 8 - byte] = UInt8(truncatingIfNeeded: UInt64(limb) >> UInt64(byte * 8)) }
    }
    return out
}
