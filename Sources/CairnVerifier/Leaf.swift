/// One 32-byte leaf of a state tree: four little-endian 64-bit words.
///
/// Every tree of the machine state (memory, value slots, frames, code, …) has leaves of this
/// size; what the words mean depends on the tree (see docs/proofs.md).
public struct Leaf: Hashable, Sendable {
    public var w0: UInt64
    public var w1: UInt64
    public var w2: UInt64
    public var w3: UInt64

    /// The all-zero leaf, which every leaf of a fresh tree is.
    public static let zero = Leaf(0, 0, 0, 0)

    public init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        (self.w0, self.w1, self.w2, self.w3) = (w0, w1, w2, w3)
    }

    /// A leaf from up to 32 bytes (the rest zero).
    public init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        self = .zero
        for (i, byte) in bytes.prefix(32).enumerated() { self[byte: i] = byte }
    }

    /// Word `index` (0...3).
    public subscript(word index: Int) -> UInt64 {
        get {
            switch index & 3 {
            case 0: w0
            case 1: w1
            case 2: w2
            default: w3
            }
        }
        set {
            switch index & 3 {
            case 0: w0 = newValue
            case 1: w1 = newValue
            case 2: w2 = newValue
            default: w3 = newValue
            }
        }
    }

    /// Byte `index` (0...31), little-endian within each word.
    public subscript(byte index: Int) -> UInt8 {
        get { UInt8(truncatingIfNeeded: self[word: index >> 3] >> UInt64((index & 7) * 8)) }
        set {
            let shift = UInt64((index & 7) * 8)
            let word = self[word: index >> 3]
            self[word: index >> 3] = (word & ~(0xFF << shift)) | (UInt64(newValue) << shift)
        }
    }

    /// The 32 bytes in order.
    public var bytes: [UInt8] { (0..<32).map { self[byte: $0] } }
}
