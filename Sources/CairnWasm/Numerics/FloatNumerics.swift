// Float semantics: IEEE 754 binary32/binary64 with round-to-nearest-even, as the Swift
// standard library's `Float` and `Double` provide on every supported host. The only
// host-dependent part of IEEE arithmetic is the NaN a computation produces (its sign and
// payload), so every arithmetic result goes through `f32Canonical`/`f64Canonical`.

// MARK: - Canonical NaN

extension WasmNumerics {
    /// The canonical `f32` NaN (`0x7FC0_0000`: positive sign, only the quiet bit set).
    ///
    /// Wasm lets an arithmetic operation that produces a NaN choose its sign and payload
    /// nondeterministically, and real FPUs disagree (x86 produces a negative "default NaN",
    /// ARM a positive one, and both may propagate an input payload). Cairn always returns this
    /// value instead, so results are identical on every host. It is a valid Wasm result for
    /// every such operation.
    public static let f32CanonicalNaN: UInt32 = 0x7FC0_0000

    /// The canonical `f64` NaN (`0x7FF8_0000_0000_0000`: positive sign, only the quiet bit
    /// set). See ``f32CanonicalNaN`` for why arithmetic NaNs are canonicalized.
    public static let f64CanonicalNaN: UInt64 = 0x7FF8_0000_0000_0000

    /// The bits of an arithmetic `f32` result, with any NaN replaced by the canonical NaN.
    /// (The literal is spelled out, rather than reading ``f32CanonicalNaN``, so that inlined
    /// callers in other modules need no global-variable accessor on the hot path.) `value !=
    /// value` is the IEEE test for NaN: one unordered compare of the result with itself, where
    /// `isNaN`, which tests the bits, takes twice the instructions and another register.
    @inlinable @inline(__always)
    static func f32Canonical(_ value: Float) -> UInt32 {
        value != value ? 0x7FC0_0000 : value.bitPattern
    }

    /// The bits of an arithmetic `f64` result, with any NaN replaced by the canonical NaN.
    @inlinable @inline(__always)
    static func f64Canonical(_ value: Double) -> UInt64 {
        value != value ? 0x7FF8_0000_0000_0000 : value.bitPattern
    }
}

// MARK: - f32

extension WasmNumerics {
    // MARK: f32 arithmetic

    /// `f32.add`, `f32.sub`, `f32.mul`, `f32.div`, `f32.sqrt`: correctly rounded IEEE
    /// operations; a NaN result is canonicalized.
    @inlinable
    public static func f32Add(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        f32Canonical(Float(bitPattern: lhs) + Float(bitPattern: rhs))
    }

    /// `f32.sub`: correctly rounded subtraction; a NaN result is canonical.
    @inlinable
    public static func f32Sub(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        f32Canonical(Float(bitPattern: lhs) - Float(bitPattern: rhs))
    }

    /// `f32.mul`: correctly rounded multiplication; a NaN result is canonical.
    @inlinable
    public static func f32Mul(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        f32Canonical(Float(bitPattern: lhs) * Float(bitPattern: rhs))
    }

    /// `f32.div`: correctly rounded division; a NaN result is canonical.
    @inlinable
    public static func f32Div(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        f32Canonical(Float(bitPattern: lhs) / Float(bitPattern: rhs))
    }

    /// `f32.sqrt`: correctly rounded square root; a NaN result is canonical.
    @inlinable
    public static func f32Sqrt(_ value: UInt32) -> UInt32 {
        f32Canonical(Float(bitPattern: value).squareRoot())
    }

    /// `f32.min`, `f32.max`: a NaN operand gives the canonical NaN (unlike IEEE `minNum`,
    /// which would return the other operand), and zeros are ordered `-0 < +0`.
    ///
    /// When the operands compare equal they are either bit-identical or the two zeros, so
    /// OR-ing the bits picks `-0` for `min` and AND-ing picks `+0` for `max`.
    @inlinable
    public static func f32Min(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        let a = Float(bitPattern: lhs)
        let b = Float(bitPattern: rhs)
        if a.isNaN || b.isNaN { return 0x7FC0_0000 }
        if a == b { return lhs | rhs }
        return a < b ? lhs : rhs
    }

    /// `f32.max`: the larger operand, +0 over -0; a canonical NaN if either operand is NaN.
    @inlinable
    public static func f32Max(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        let a = Float(bitPattern: lhs)
        let b = Float(bitPattern: rhs)
        if a.isNaN || b.isNaN { return 0x7FC0_0000 }
        if a == b { return lhs & rhs }
        return a > b ? lhs : rhs
    }

    /// `f32.ceil`, `f32.floor`, `f32.trunc`, `f32.nearest`: round to an integral value
    /// (`nearest` rounds halves to even). The sign of zero is kept, e.g. `ceil(-0.5)` is `-0`.
    /// A NaN operand gives the canonical NaN.
    @inlinable
    public static func f32Ceil(_ value: UInt32) -> UInt32 {
        f32Canonical(Float(bitPattern: value).rounded(.up))
    }

    /// `f32.floor`: rounds toward negative infinity; a NaN result is canonical.
    @inlinable
    public static func f32Floor(_ value: UInt32) -> UInt32 {
        f32Canonical(Float(bitPattern: value).rounded(.down))
    }

    /// `f32.trunc`: rounds toward zero; a NaN result is canonical.
    @inlinable
    public static func f32Trunc(_ value: UInt32) -> UInt32 {
        f32Canonical(Float(bitPattern: value).rounded(.towardZero))
    }

    /// `f32.nearest`: rounds to the nearest integer, ties to even; a NaN result is canonical.
    @inlinable
    public static func f32Nearest(_ value: UInt32) -> UInt32 {
        f32Canonical(Float(bitPattern: value).rounded(.toNearestOrEven))
    }

    // MARK: f32 sign operations

    /// `f32.abs`, `f32.neg`, `f32.copysign`: pure sign-bit manipulation. The spec defines them
    /// on the bits, so NaN payloads pass through unchanged (no canonicalization, and no trip
    /// through the FPU that could quiet a signaling NaN).
    @inlinable public static func f32Abs(_ value: UInt32) -> UInt32 { value & 0x7FFF_FFFF }

    /// `f32.neg`: flips the sign bit; the payload of a NaN is kept.
    @inlinable public static func f32Neg(_ value: UInt32) -> UInt32 { value ^ 0x8000_0000 }

    /// `f32.copysign`: the magnitude of `lhs` with the sign bit of `rhs`; payloads are kept.
    @inlinable
    public static func f32Copysign(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        (lhs & 0x7FFF_FFFF) | (rhs & 0x8000_0000)
    }

    // MARK: f32 comparisons

    /// The `f32` comparisons, IEEE ordered: any comparison with a NaN is false, except `ne`,
    /// which is true; `-0 == +0`. Each returns 1 for true and 0 for false.
    @inlinable
    public static func f32Eq(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        Float(bitPattern: lhs) == Float(bitPattern: rhs) ? 1 : 0
    }

    /// `f32.ne`: 1 if not equal (always for a NaN operand), else 0.
    @inlinable
    public static func f32Ne(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        Float(bitPattern: lhs) != Float(bitPattern: rhs) ? 1 : 0
    }

    /// `f32.lt`: 1 if `lhs < rhs`, else 0 (0 for a NaN operand).
    @inlinable
    public static func f32Lt(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        Float(bitPattern: lhs) < Float(bitPattern: rhs) ? 1 : 0
    }

    /// `f32.gt`: 1 if `lhs > rhs`, else 0 (0 for a NaN operand).
    @inlinable
    public static func f32Gt(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        Float(bitPattern: lhs) > Float(bitPattern: rhs) ? 1 : 0
    }

    /// `f32.le`: 1 if `lhs <= rhs`, else 0 (0 for a NaN operand).
    @inlinable
    public static func f32Le(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        Float(bitPattern: lhs) <= Float(bitPattern: rhs) ? 1 : 0
    }

    /// `f32.ge`: 1 if `lhs >= rhs`, else 0 (0 for a NaN operand).
    @inlinable
    public static func f32Ge(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        Float(bitPattern: lhs) >= Float(bitPattern: rhs) ? 1 : 0
    }
}

// MARK: - f64

extension WasmNumerics {
    // MARK: f64 arithmetic

    /// `f64.add`, `f64.sub`, `f64.mul`, `f64.div`, `f64.sqrt`: correctly rounded IEEE
    /// operations; a NaN result is canonicalized.
    @inlinable
    public static func f64Add(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        f64Canonical(Double(bitPattern: lhs) + Double(bitPattern: rhs))
    }

    /// `f64.sub`: correctly rounded subtraction; a NaN result is canonical.
    @inlinable
    public static func f64Sub(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        f64Canonical(Double(bitPattern: lhs) - Double(bitPattern: rhs))
    }

    /// `f64.mul`: correctly rounded multiplication; a NaN result is canonical.
    @inlinable
    public static func f64Mul(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        f64Canonical(Double(bitPattern: lhs) * Double(bitPattern: rhs))
    }

    /// `f64.div`: correctly rounded division; a NaN result is canonical.
    @inlinable
    public static func f64Div(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        f64Canonical(Double(bitPattern: lhs) / Double(bitPattern: rhs))
    }

    /// `f64.sqrt`: correctly rounded square root; a NaN result is canonical.
    @inlinable
    public static func f64Sqrt(_ value: UInt64) -> UInt64 {
        f64Canonical(Double(bitPattern: value).squareRoot())
    }

    /// `f64.min`, `f64.max`: a NaN operand gives the canonical NaN and zeros are ordered
    /// `-0 < +0` (see ``f32Min(_:_:)`` for the bit trick on equal operands).
    @inlinable
    public static func f64Min(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        let a = Double(bitPattern: lhs)
        let b = Double(bitPattern: rhs)
        if a.isNaN || b.isNaN { return 0x7FF8_0000_0000_0000 }
        if a == b { return lhs | rhs }
        return a < b ? lhs : rhs
    }

    /// `f64.max`: the larger operand, +0 over -0; a canonical NaN if either operand is NaN.
    @inlinable
    public static func f64Max(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        let a = Double(bitPattern: lhs)
        let b = Double(bitPattern: rhs)
        if a.isNaN || b.isNaN { return 0x7FF8_0000_0000_0000 }
        if a == b { return lhs & rhs }
        return a > b ? lhs : rhs
    }

    /// `f64.ceil`, `f64.floor`, `f64.trunc`, `f64.nearest`: round to an integral value
    /// (`nearest` rounds halves to even), keeping the sign of zero. A NaN operand gives the
    /// canonical NaN.
    @inlinable
    public static func f64Ceil(_ value: UInt64) -> UInt64 {
        f64Canonical(Double(bitPattern: value).rounded(.up))
    }

    /// `f64.floor`: rounds toward negative infinity; a NaN result is canonical.
    @inlinable
    public static func f64Floor(_ value: UInt64) -> UInt64 {
        f64Canonical(Double(bitPattern: value).rounded(.down))
    }

    /// `f64.trunc`: rounds toward zero; a NaN result is canonical.
    @inlinable
    public static func f64Trunc(_ value: UInt64) -> UInt64 {
        f64Canonical(Double(bitPattern: value).rounded(.towardZero))
    }

    /// `f64.nearest`: rounds to the nearest integer, ties to even; a NaN result is canonical.
    @inlinable
    public static func f64Nearest(_ value: UInt64) -> UInt64 {
        f64Canonical(Double(bitPattern: value).rounded(.toNearestOrEven))
    }

    // MARK: f64 sign operations

    /// `f64.abs`, `f64.neg`, `f64.copysign`: pure sign-bit manipulation that leaves NaN
    /// payloads untouched.
    @inlinable
    public static func f64Abs(_ value: UInt64) -> UInt64 { value & 0x7FFF_FFFF_FFFF_FFFF }

    /// `f64.neg`: flips the sign bit; the payload of a NaN is kept.
    @inlinable
    public static func f64Neg(_ value: UInt64) -> UInt64 { value ^ 0x8000_0000_0000_0000 }

    /// `f64.copysign`: the magnitude of `lhs` with the sign bit of `rhs`; payloads are kept.
    @inlinable
    public static func f64Copysign(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        (lhs & 0x7FFF_FFFF_FFFF_FFFF) | (rhs & 0x8000_0000_0000_0000)
    }

    // MARK: f64 comparisons

    /// The `f64` comparisons, IEEE ordered (NaN compares unequal to everything, `-0 == +0`);
    /// each returns an `i32` 1 or 0.
    @inlinable
    public static func f64Eq(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 {
        Double(bitPattern: lhs) == Double(bitPattern: rhs) ? 1 : 0
    }

    /// `f64.ne`: 1 if not equal (always for a NaN operand), else 0.
    @inlinable
    public static func f64Ne(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 {
        Double(bitPattern: lhs) != Double(bitPattern: rhs) ? 1 : 0
    }

    /// `f64.lt`: 1 if `lhs < rhs`, else 0 (0 for a NaN operand).
    @inlinable
    public static func f64Lt(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 {
        Double(bitPattern: lhs) < Double(bitPattern: rhs) ? 1 : 0
    }

    /// `f64.gt`: 1 if `lhs > rhs`, else 0 (0 for a NaN operand).
    @inlinable
    public static func f64Gt(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 {
        Double(bitPattern: lhs) > Double(bitPattern: rhs) ? 1 : 0
    }

    /// `f64.le`: 1 if `lhs <= rhs`, else 0 (0 for a NaN operand).
    @inlinable
    public static func f64Le(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 {
        Double(bitPattern: lhs) <= Double(bitPattern: rhs) ? 1 : 0
    }

    /// `f64.ge`: 1 if `lhs >= rhs`, else 0 (0 for a NaN operand).
    @inlinable
    public static func f64Ge(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 {
        Double(bitPattern: lhs) >= Double(bitPattern: rhs) ? 1 : 0
    }
}
