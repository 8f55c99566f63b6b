/// A 32-byte Keccak-256 digest.
///
/// The bytes are stored inline as four 64-bit words, so a digest is a small value: copying,
/// comparing and hashing it (as a dictionary key or a Merkle node) never touches the heap.
/// ``bytes`` and ``withUnsafeBytes(_:)`` give the 32 bytes in their usual order, the order
/// ``description`` prints them in hex.
///
/// Ordering (`<`) is lexicographic over the bytes, the same as comparing the hex strings.
public struct Digest: Hashable, Comparable, Sendable, CustomStringConvertible {
    // Byte i is byte i % 8 of word i / 8, least significant first: the first four lanes of the
    // Keccak state exactly as the permutation leaves them.
    private var w0: UInt64
    private var w1: UInt64
    private var w2: UInt64
    private var w3: UInt64

    /// The length of a digest in bytes.
    public static let byteCount = 32

    /// Creates a digest from the first four lanes of a Keccak state.
    init(lanes w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// Creates a digest from exactly 32 bytes; returns `nil` for any other count.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == Self.byteCount else { return nil }
        self.init(lanes: 0, 0, 0, 0)
        for (index, byte) in bytes.enumerated() {
            insert(byte, at: index)
        }
    }

    /// Parses 64 hexadecimal digits (either case, optionally prefixed by `0x`); returns `nil`
    /// for anything else.
    public init?(hex: some StringProtocol) {
        var utf8 = Substring(hex).utf8
        if utf8.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "x")])
            || utf8.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "X")])
        {
            utf8 = utf8.dropFirst(2)
        }
        guard utf8.count == 2 * Self.byteCount else { return nil }
        self.init(lanes: 0, 0, 0, 0)
        var index = 0  // nibble index; byte index / 2 holds it, high nibble first
        for char in utf8 {
            let nibble: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = char - UInt8(ascii: "A") + 10
            default: return nil
            }
            insert(index % 2 == 0 ? nibble &<< 4 : nibble, at: index / 2)
            index += 1
        }
    }

    /// ORs `bits` into byte `index` (0..<32).
    private mutating func insert(_ bits: UInt8, at index: Int) {
        let shifted = UInt64(bits) &<< UInt64(8 * (index % 8))
        switch index / 8 {
        case 0: w0 |= shifted
        case 1: w1 |= shifted
        case 2: w2 |= shifted
        default: w3 |= shifted
        }
    }

    /// Byte `index` (0..<32) of the digest.
    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < Self.byteCount, "Digest byte index out of range")
        let word: UInt64
        switch index / 8 {
        case 0: word = w0
        case 1: word = w1
        case 2: word = w2
        default: word = w3
        }
        return UInt8(truncatingIfNeeded: word &>> UInt64(8 * (index % 8)))
    }

    /// The 32 bytes of the digest (allocates an array; see ``withUnsafeBytes(_:)``).
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the 32 bytes of the digest, without allocating.
    public func withUnsafeBytes<Result>(
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        // A homogeneous tuple is laid out contiguously; little-endian words give byte order.
        let words = (w0.littleEndian, w1.littleEndian, w2.littleEndian, w3.littleEndian)
        return try Swift.withUnsafeBytes(of: words, body)
    }

    /// The digest as 64 lowercase hexadecimal digits.
    public var description: String {
        String(unsafeUninitializedCapacity: 2 * Self.byteCount) { output in
            let digits: StaticString = "0123456789abcdef"
            let hexDigits = digits.utf8Start
            for index in 0..<Self.byteCount {
                let byte = self[index]
                output[2 * index] = hexDigits[Int(byte &>> 4)]
                output[2 * index + 1] = hexDigits[Int(byte & 0x0F)]
            }
            return 2 * Self.byteCount
        }
    }

    /// Lexicographic order of the bytes.
    public static func < (lhs: Digest, rhs: Digest) -> Bool {
        // Byte-swapping makes byte 0 of each word its most significant byte.
        if lhs.w0 != rhs.w0 { return lhs.w0.byteSwapped < rhs.w0.byteSwapped }
        if lhs.w1 != rhs.w1 { return lhs.w1.byteSwapped < rhs.w1.byteSwapped }
        if lhs.w2 != rhs.w2 { return lhs.w2.byteSwapped < rhs.w2.byteSwapped }
        return lhs.w3.byteSwapped < rhs.w3.byteSwapped
    }
}
