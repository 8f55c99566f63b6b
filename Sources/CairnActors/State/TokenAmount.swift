import BigInt
import CairnIPLD
import Foundation

/// An amount of FIL in attoFIL (10^-18 FIL), over an arbitrary-precision integer.
///
/// Serialised as Filecoin's big integers (fvm_shared `bigint_ser`, go-state-types `big.Int`):
/// a CBOR byte string, empty for zero, else a sign byte (0x00 positive, 0x01 negative) followed
/// by the big-endian magnitude without leading zeros; at most 128 bytes in all.
///
/// Decoding accepts exactly what ref-fvm accepts: an empty string, or a sign byte 0 or 1
/// followed by any magnitude bytes, leading zeros included (so `[0x00]`, `[0x01]` and
/// `[0x00, 0x00, 0x05]` decode, to 0, 0 and 5); any other sign byte or more than 128 bytes is
/// an error. Re-encoding is always canonical, so such a value does not round-trip byte for byte.
public struct TokenAmount: Hashable, Comparable, Sendable, AdditiveArithmetic, ExpressibleByIntegerLiteral {
    /// The amount in attoFIL.
    public var atto: BigInt

    /// attoFIL per FIL.
    public static let attoPerFIL = BigInt(10).power(18)
    /// Decimal places of FIL.
    public static let decimals = 18
    /// The longest serialised big integer, sign byte included (fvm_shared `MAX_BIGINT_SIZE`).
    public static let maxEncodedSize = 128

    /// No FIL.
    public static let zero = TokenAmount(atto: 0)

    /// `atto` attoFIL.
    public init(atto: BigInt) { self.atto = atto }
    /// `atto` attoFIL, from a literal.
    public init(integerLiteral atto: Int) { self.atto = BigInt(atto) }

    /// `whole` FIL.
    public static func fil(_ whole: Int) -> TokenAmount { TokenAmount(atto: BigInt(whole) * attoPerFIL) }

    /// Whether the amount is zero.
    public var isZero: Bool { atto.isZero }
    /// Whether the amount is below zero.
    public var isNegative: Bool { atto.sign == .minus && !atto.isZero }

    public static func < (a: TokenAmount, b: TokenAmount) -> Bool { a.atto < b.atto }
    public static func + (a: TokenAmount, b: TokenAmount) -> TokenAmount { TokenAmount(atto: a.atto + b.atto) }
    public static func - (a: TokenAmount, b: TokenAmount) -> TokenAmount { TokenAmount(atto: a.atto - b.atto) }
    public static prefix func - (a: TokenAmount) -> TokenAmount { TokenAmount(atto: -a.atto) }
    public static func * (a: TokenAmount, k: BigInt) -> TokenAmount { TokenAmount(atto: a.atto * k) }
    public static func * (a: TokenAmount, k: Int) -> TokenAmount { TokenAmount(atto: a.atto * BigInt(k)) }
    /// Division truncating toward zero, as Rust's and Go's big integers divide.
    public static func / (a: TokenAmount, k: BigInt) -> TokenAmount { TokenAmount(atto: a.atto / k) }

    // Equal values must hash alike whatever the sign of zero.
    public static func == (a: TokenAmount, b: TokenAmount) -> Bool { a.atto == b.atto }
    public func hash(into hasher: inout Hasher) { hasher.combine(atto.isZero ? BigInt(0) : atto) }
}

extension TokenAmount {
    /// The canonical serialised bytes (the content of the CBOR byte string).
    public func encodedBytes() throws(ActorDataError) -> [UInt8] {
        if atto.isZero { return [] }
        let out = [atto.sign == .minus ? UInt8(1) : 0] + [UInt8](atto.magnitude.serialize())
        guard out.count <= Self.maxEncodedSize else { throw .tokenAmount("\(out.count) bytes, over \(Self.maxEncodedSize)") }
        return out
    }

    /// Reads serialised bytes as ref-fvm does (see the type's documentation).
    public init(encodedBytes bytes: [UInt8]) throws(ActorDataError) {
        guard let sign = bytes.first else { self = .zero; return }
        guard sign <= 1 else { throw .tokenAmount("sign byte \(sign) is neither 0 nor 1") }
        guard bytes.count <= Self.maxEncodedSize else { throw .tokenAmount("\(bytes.count) bytes, over \(Self.maxEncodedSize)") }
        let magnitude = BigUInt(Data(bytes[1...]))
        atto = BigInt(sign: sign == 1 && !magnitude.isZero ? .minus : .plus, magnitude: magnitude)
    }

    /// The DAG-CBOR form: a byte string.
    public func ipld() throws(ActorDataError) -> IPLD { .bytes(try encodedBytes()) }

    /// Reads the DAG-CBOR form.
    public init(ipld: IPLD) throws(ActorDataError) {
        try self.init(encodedBytes: try IPLDRead.bytes(ipld, "token amount"))
    }
}
