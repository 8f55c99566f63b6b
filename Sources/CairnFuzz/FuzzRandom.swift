/// The fuzzer's deterministic source of choices: SplitMix64, so that a seed names one program
/// on every machine and build.
public struct FuzzRandom: Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`bound` > 0).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A number in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// True with probability `percent`/100.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// The seed of the `index`th program of a run started with `seed`: independent of how many
    /// choices earlier programs made, so any program can be replayed alone.
    public static func programSeed(_ seed: UInt64, index: Int) -> UInt64 {
        var mixer = FuzzRandom(seed: seed ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        return mixer.next()
    }
}

/// Operand values where implementations tend to disagree: the edges of 32- and 64-bit integers,
/// shift counts, page and leaf boundaries, and small function and table indices (bare and as
/// references, which are index + 1).
enum ExtremeValues {
    static let words: [UInt64] = [
        0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 255, 256,
        0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x1_0001, 0xFFE0, 0xFFF8, 0xFFFC, 0xFFFF_FFE0,
        0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xFFFF_FFFE, 0xFFFF_FFFF,
        0x1_0000_0000, 0x1_0000_0001, 0x1_FFFF_FFFF, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000,
        UInt64.max, UInt64.max - 1, 0xFFFF_FFFF_0000_0000, 0x3F80_0000, 0x7FC0_0000, 0x7FF8_0000_0000_0000,
        0x2_0000, 0x1_FFE0, 10_000, 10_000_000,
    ]

    /// A value for a slot: mostly extreme, sometimes small, sometimes any bits.
    static func word(_ random: inout FuzzRandom) -> UInt64 {
        switch random.below(10) {
        case 0..<5: return random.pick(words)
        case 5..<8: return UInt64(random.below(40))
        case 8: return random.next()
        default: return UInt64(random.below(0x2_0040))
        }
    }

    /// A length for bulk operations: 0, a few bytes, leaf edges, or many.
    static func length(_ random: inout FuzzRandom) -> UInt64 {
        random.pick([0, 1, 2, 31, 32, 33, 64, 100, 1000, 4096, 65_535, 65_536, 65_537, 0xFFFF_FFFF, UInt64(random.below(300))])
    }
}
