import BigInt
import CairnHash

/// A 20-byte Ethereum address.
public struct EVMAddress: Hashable, Sendable, CustomStringConvertible {
    /// The 20 bytes.
    public let bytes: [UInt8]

    /// The address of `bytes` (the last 20 of them when longer; zero-padded on the left when shorter).
    public init(_ bytes: [UInt8]) {
        if bytes.count >= 20 { self.bytes = Array(bytes.suffix(20)) } else { self.bytes = [UInt8](repeating: 0, count: 20 - bytes.count) + bytes }
    }

    /// The precompile number (1...10) when this is a precompile's address, else nil.
    public var precompileNumber: UInt32? {
        guard bytes[0..<19].allSatisfy({ $0 == 0 }), (1...10).contains(bytes[19]) else { return nil }
        return UInt32(bytes[19])
    }

    public var description: String { "0x" + bytes.map { hexByte($0) }.joined() }
}

/// A 256-bit storage key or value, hashable, as four 64-bit limbs (most significant first).
public struct EVMWord: Hashable, Sendable {
    public var limbs: (UInt64, UInt64, UInt64, UInt64)

    public static let zero = EVMWord(limbs: (0, 0, 0, 0))

    public init(limbs: (UInt64, UInt64, UInt64, UInt64)) { self.limbs = limbs }

    /// The word of big-endian `bytes` (at most 32; shorter ones are zero-padded on the left).
    public init<Bytes: Collection>(bigEndian bytes: Bytes) where Bytes.Element == UInt8 {
        var padded = [UInt8](repeating: 0, count: max(0, 32 - bytes.count))
        padded.append(contentsOf: bytes.suffix(32))
        func limb(_ i: Int) -> UInt64 { padded[i * 8..<i * 8 + 8].reduce(0) { $0 << 8 | UInt64($1) } }
        limbs = (limb(0), limb(1), limb(2), limb(3))
    }

    public var isZero: Bool { limbs.0 | limbs.1 | limbs.2 | limbs.3 == 0 }

    /// The 32 big-endian bytes.
    public var bigEndianBytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        for limb in [limbs.0, limbs.1, limbs.2, limbs.3] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift))) }
        }
        return out
    }

    public static func == (a: EVMWord, b: EVMWord) -> Bool {
        a.limbs.0 == b.limbs.0 && a.limbs.1 == b.limbs.1 && a.limbs.2 == b.limbs.2 && a.limbs.3 == b.limbs.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(limbs.0); hasher.combine(limbs.1); hasher.combine(limbs.2); hasher.combine(limbs.3)
    }
}

/// One log entry a transaction emitted.
public struct EVMLog: Equatable, Sendable {
    public var address: EVMAddress
    public var topics: [[UInt8]]
    public var data: [UInt8]
}

/// An account of the world state.
public struct EVMAccount: Equatable, Sendable {
    public var nonce: UInt64 = 0
    public var balance: BigUInt = 0
    public private(set) var code: [UInt8] = []
    /// Keccak-256 of `code`, kept with it.
    public private(set) var codeHash: [UInt8] = EVMAccount.emptyCodeHash
    public var storage: [EVMWord: EVMWord] = [:]

    public static let emptyCodeHash = Keccak256.hash([UInt8]()).bytes

    public init(nonce: UInt64 = 0, balance: BigUInt = 0, code: [UInt8] = [], storage: [EVMWord: EVMWord] = [:]) {
        self.nonce = nonce
        self.balance = balance
        self.storage = storage
        setCode(code)
    }

    public mutating func setCode(_ code: [UInt8]) {
        self.code = code
        codeHash = code.isEmpty ? Self.emptyCodeHash : Keccak256.hash(code).bytes
    }

    /// EIP-161's empty: no code, zero nonce, zero balance.
    public var isEmpty: Bool { nonce == 0 && balance == 0 && code.isEmpty }
}

func hexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
}

/// Lowercase hex with a 0x prefix.
func hexString(_ bytes: [UInt8]) -> String { "0x" + bytes.map { hexByte($0) }.joined() }
