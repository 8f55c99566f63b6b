/// The pure numeric semantics of WebAssembly 2.0 (without SIMD).
///
/// Every operation works on *bit patterns*: `i32` and `f32` values are `UInt32`, `i64` and
/// `f64` values are `UInt64`. The interpreter keeps all values untyped in register slots, so
/// operating on the raw bits avoids conversions at every instruction boundary, and it makes the
/// float operations that must not touch NaN payloads (`abs`, `neg`, `copysign`, reinterpret,
/// loads and stores) exactly bit-preserving by construction.
///
/// Comparisons and `eqz` return `UInt32` `0` or `1`, which is the `i32` result Wasm defines for
/// them (including the `i64` comparisons).
///
/// Operations that can trap use typed throws with ``TrapKind``:
/// - integer division and remainder by zero throw ``TrapKind/integerDivideByZero``;
/// - signed division `INT_MIN / -1` and float-to-integer truncation of an out-of-range value
///   throw ``TrapKind/integerOverflow``;
/// - float-to-integer truncation of a NaN throws ``TrapKind/invalidConversionToInteger``.
///
/// Determinism: Wasm leaves the sign and payload of a NaN produced by arithmetic partly
/// unspecified. Cairn must replay identically on every host, so every arithmetic float
/// operation that yields a NaN returns the canonical NaN (``f32CanonicalNaN``,
/// ``f64CanonicalNaN``) instead of whatever the host FPU would produce.
///
/// All members are `@inlinable` because the interpreter (in another module) calls them on its
/// hot path and needs them inlined into its dispatch loop.
public enum WasmNumerics {}

// MARK: - i32

extension WasmNumerics {
    // MARK: i32 arithmetic

    /// `i32.add`, `i32.sub`, `i32.mul`: wrapping (modulo 2^32) arithmetic.
    @inlinable public static func i32Add(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs &+ rhs }

    /// `i32.sub`: wrapping (modulo 2^32) subtraction.
    @inlinable public static func i32Sub(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs &- rhs }

    /// `i32.mul`: wrapping (modulo 2^32) multiplication.
    @inlinable public static func i32Mul(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs &* rhs }

    /// `i32.div_s`: signed division truncating toward zero. Traps on a zero divisor and on
    /// `INT32_MIN / -1`, whose true result (2^31) is not representable.
    @inlinable
    public static func i32DivS(_ lhs: UInt32, _ rhs: UInt32) throws(TrapKind) -> UInt32 {
        let a = Int32(bitPattern: lhs)
        let b = Int32(bitPattern: rhs)
        if b == 0 { throw .integerDivideByZero }
        if a == .min && b == -1 { throw .integerOverflow }
        return UInt32(bitPattern: a / b)
    }

    /// `i32.div_u`: unsigned division. Traps on a zero divisor.
    @inlinable
    public static func i32DivU(_ lhs: UInt32, _ rhs: UInt32) throws(TrapKind) -> UInt32 {
        if rhs == 0 { throw .integerDivideByZero }
        return lhs / rhs
    }

    /// `i32.rem_s`: signed remainder with the sign of the dividend. Traps only on a zero
    /// divisor; `INT32_MIN % -1` is defined as 0 (Swift's `%` would trap on it, so the `-1`
    /// divisor is answered directly).
    @inlinable
    public static func i32RemS(_ lhs: UInt32, _ rhs: UInt32) throws(TrapKind) -> UInt32 {
        let a = Int32(bitPattern: lhs)
        let b = Int32(bitPattern: rhs)
        if b == 0 { throw .integerDivideByZero }
        if b == -1 { return 0 }
        return UInt32(bitPattern: a % b)
    }

    /// `i32.rem_u`: unsigned remainder. Traps on a zero divisor.
    @inlinable
    public static func i32RemU(_ lhs: UInt32, _ rhs: UInt32) throws(TrapKind) -> UInt32 {
        if rhs == 0 { throw .integerDivideByZero }
        return lhs % rhs
    }

    // MARK: i32 bitwise

    /// `i32.and`, `i32.or`, `i32.xor`.
    @inlinable public static func i32And(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs & rhs }

    /// `i32.or`: bitwise or.
    @inlinable public static func i32Or(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs | rhs }

    /// `i32.xor`: bitwise exclusive or.
    @inlinable public static func i32Xor(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs ^ rhs }

    /// `i32.shl`, `i32.shr_s`, `i32.shr_u`: the shift count is taken modulo 32, which is
    /// exactly what Swift's masking shifts (`&<<`, `&>>`) do.
    @inlinable public static func i32Shl(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs &<< rhs }

    /// `i32.shr_s`: arithmetic (sign-filling) shift right by `rhs` modulo the bit width.
    @inlinable
    public static func i32ShrS(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        UInt32(bitPattern: Int32(bitPattern: lhs) &>> Int32(bitPattern: rhs))
    }

    /// `i32.shr_u`: logical (zero-filling) shift right by `rhs` modulo the bit width.
    @inlinable public static func i32ShrU(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs &>> rhs }

    /// `i32.rotl`, `i32.rotr`: rotation by the count modulo 32. A count of 0 makes the
    /// complementary shift 32, which the masking shift turns into 0, so the value is kept.
    @inlinable
    public static func i32Rotl(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        let k = rhs & 31
        return (lhs &<< k) | (lhs &>> (32 &- k))
    }

    /// `i32.rotr`: rotate right by `rhs` modulo the bit width.
    @inlinable
    public static func i32Rotr(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        let k = rhs & 31
        return (lhs &>> k) | (lhs &<< (32 &- k))
    }

    /// `i32.clz`, `i32.ctz`, `i32.popcnt`: bit counts (clz and ctz of 0 are 32).
    @inlinable public static func i32Clz(_ value: UInt32) -> UInt32 { UInt32(value.leadingZeroBitCount) }

    /// `i32.ctz`: the number of trailing zero bits (the bit width for 0).
    @inlinable public static func i32Ctz(_ value: UInt32) -> UInt32 { UInt32(value.trailingZeroBitCount) }

    /// `i32.popcnt`: the number of one bits.
    @inlinable public static func i32Popcnt(_ value: UInt32) -> UInt32 { UInt32(value.nonzeroBitCount) }

    /// `i32.extend8_s`, `i32.extend16_s`: sign-extend the low 8 or 16 bits.
    @inlinable
    public static func i32Extend8S(_ value: UInt32) -> UInt32 {
        UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: value)))
    }

    /// `i32.extend16_s`: sign-extends the low 16 bits.
    @inlinable
    public static func i32Extend16S(_ value: UInt32) -> UInt32 {
        UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: value)))
    }

    // MARK: i32 comparisons

    /// `i32.eqz` and the `i32` comparisons; each returns 1 for true and 0 for false.
    @inlinable public static func i32Eqz(_ value: UInt32) -> UInt32 { value == 0 ? 1 : 0 }

    /// `i32.eq`: 1 if equal, else 0.
    @inlinable public static func i32Eq(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs == rhs ? 1 : 0 }

    /// `i32.ne`: 1 if not equal, else 0.
    @inlinable public static func i32Ne(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs != rhs ? 1 : 0 }

    /// `i32.lt_s`: 1 if `lhs < rhs` as signed numbers, else 0.
    @inlinable
    public static func i32LtS(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        Int32(bitPattern: lhs) < Int32(bitPattern: rhs) ? 1 : 0
    }

    /// `i32.lt_u`: 1 if `lhs < rhs` as unsigned numbers, else 0.
    @inlinable public static func i32LtU(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs < rhs ? 1 : 0 }

    /// `i32.gt_s`: 1 if `lhs > rhs` as signed numbers, else 0.
    @inlinable
    public static func i32GtS(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        Int32(bitPattern: lhs) > Int32(bitPattern: rhs) ? 1 : 0
    }

    /// `i32.gt_u`: 1 if `lhs > rhs` as unsigned numbers, else 0.
    @inlinable public static func i32GtU(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs > rhs ? 1 : 0 }

    /// `i32.le_s`: 1 if `lhs <= rhs` as signed numbers, else 0.
    @inlinable
    public static func i32LeS(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        Int32(bitPattern: lhs) <= Int32(bitPattern: rhs) ? 1 : 0
    }

    /// `i32.le_u`: 1 if `lhs <= rhs` as unsigned numbers, else 0.
    @inlinable public static func i32LeU(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs <= rhs ? 1 : 0 }

    /// `i32.ge_s`: 1 if `lhs >= rhs` as signed numbers, else 0.
    @inlinable
    public static func i32GeS(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        Int32(bitPattern: lhs) >= Int32(bitPattern: rhs) ? 1 : 0
    }

    /// `i32.ge_u`: 1 if `lhs >= rhs` as unsigned numbers, else 0.
    @inlinable public static func i32GeU(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 { lhs >= rhs ? 1 : 0 }
}

// MARK: - i64

extension WasmNumerics {
    // MARK: i64 arithmetic

    /// `i64.add`, `i64.sub`, `i64.mul`: wrapping (modulo 2^64) arithmetic.
    @inlinable public static func i64Add(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 { lhs &+ rhs }

    /// `i64.sub`: wrapping (modulo 2^64) subtraction.
    @inlinable public static func i64Sub(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 { lhs &- rhs }

    /// `i64.mul`: wrapping (modulo 2^64) multiplication.
    @inlinable public static func i64Mul(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 { lhs &* rhs }

    /// `i64.div_s`: signed division truncating toward zero. Traps on a zero divisor and on
    /// `INT64_MIN / -1`, whose true result (2^63) is not representable.
    @inlinable
    public static func i64DivS(_ lhs: UInt64, _ rhs: UInt64) throws(TrapKind) -> UInt64 {
        let a = Int64(bitPattern: lhs)
        let b = Int64(bitPattern: rhs)
        if b == 0 { throw .integerDivideByZero }
        if a == .min && b == -1 { throw .integerOverflow }
        return UInt64(bitPattern: a / b)
    }

    /// `i64.div_u`: unsigned division. Traps on a zero divisor.
    @inlinable
    public static func i64DivU(_ lhs: UInt64, _ rhs: UInt64) throws(TrapKind) -> UInt64 {
        if rhs == 0 { throw .integerDivideByZero }
        return lhs / rhs
    }

    /// `i64.rem_s`: signed remainder with the sign of the dividend. Traps only on a zero
    /// divisor; `INT64_MIN % -1` is defined as 0.
    @inlinable
    public static func i64RemS(_ lhs: UInt64, _ rhs: UInt64) throws(TrapKind) -> UInt64 {
        let a = Int64(bitPattern: lhs)
        let b = Int64(bitPattern: rhs)
        if b == 0 { throw .integerDivideByZero }
        if b == -1 { return 0 }
        return UInt64(bitPattern: a % b)
    }

    /// `i64.rem_u`: unsigned remainder. Traps on a zero divisor.
    @inlinable
    public static func i64RemU(_ lhs: UInt64, _ rhs: UInt64) throws(TrapKind) -> UInt64 {
        if rhs == 0 { throw .integerDivideByZero }
        return lhs % rhs
    }

    // MARK: i64 bitwise

    /// `i64.and`, `i64.or`, `i64.xor`.
    @inlinable public static func i64And(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 { lhs & rhs }

    /// `i64.or`: bitwise or.
    @inlinable public static func i64Or(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 { lhs | rhs }

    /// `i64.xor`: bitwise exclusive or.
    @inlinable public static func i64Xor(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 { lhs ^ rhs }

    /// `i64.shl`, `i64.shr_s`, `i64.shr_u`: the shift count is taken modulo 64.
    @inlinable public static func i64Shl(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 { lhs &<< rhs }

    /// `i64.shr_s`: arithmetic (sign-filling) shift right by `rhs` modulo the bit width.
    @inlinable
    public static func i64ShrS(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(bitPattern: lhs) &>> Int64(bitPattern: rhs))
    }

    /// `i64.shr_u`: logical (zero-filling) shift right by `rhs` modulo the bit width.
    @inlinable public static func i64ShrU(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 { lhs &>> rhs }

    /// `i64.rotl`, `i64.rotr`: rotation by the count modulo 64.
    @inlinable
    public static func i64Rotl(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        let k = rhs & 63
        return (lhs &<< k) | (lhs &>> (64 &- k))
    }

    /// `i64.rotr`: rotate right by `rhs` modulo the bit width.
    @inlinable
    public static func i64Rotr(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        let k = rhs & 63
        return (lhs &>> k) | (lhs &<< (64 &- k))
    }

    /// `i64.clz`, `i64.ctz`, `i64.popcnt`: bit counts (clz and ctz of 0 are 64).
    @inlinable public static func i64Clz(_ value: UInt64) -> UInt64 { UInt64(value.leadingZeroBitCount) }

    /// `i64.ctz`: the number of trailing zero bits (the bit width for 0).
    @inlinable public static func i64Ctz(_ value: UInt64) -> UInt64 { UInt64(value.trailingZeroBitCount) }

    /// `i64.popcnt`: the number of one bits.
    @inlinable public static func i64Popcnt(_ value: UInt64) -> UInt64 { UInt64(value.nonzeroBitCount) }

    /// `i64.extend8_s`, `i64.extend16_s`, `i64.extend32_s`: sign-extend the low 8, 16 or 32 bits.
    @inlinable
    public static func i64Extend8S(_ value: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: value)))
    }

    /// `i64.extend16_s`: sign-extends the low 16 bits.
    @inlinable
    public static func i64Extend16S(_ value: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: value)))
    }

    /// `i64.extend32_s`: sign-extends the low 32 bits.
    @inlinable
    public static func i64Extend32S(_ value: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: value)))
    }

    // MARK: i64 comparisons

    /// `i64.eqz` and the `i64` comparisons; like all Wasm comparisons they produce an `i32`
    /// (1 for true, 0 for false).
    @inlinable public static func i64Eqz(_ value: UInt64) -> UInt32 { value == 0 ? 1 : 0 }

    /// `i64.eq`: 1 if equal, else 0.
    @inlinable public static func i64Eq(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 { lhs == rhs ? 1 : 0 }

    /// `i64.ne`: 1 if not equal, else 0.
    @inlinable public static func i64Ne(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 { lhs != rhs ? 1 : 0 }

    /// `i64.lt_s`: 1 if `lhs < rhs` as signed numbers, else 0.
    @inlinable
    public static func i64LtS(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 {
        Int64(bitPattern: lhs) < Int64(bitPattern: rhs) ? 1 : 0
    }

    /// `i64.lt_u`: 1 if `lhs < rhs` as unsigned numbers, else 0.
    @inlinable public static func i64LtU(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 { lhs < rhs ? 1 : 0 }

    /// `i64.gt_s`: 1 if `lhs > rhs` as signed numbers, else 0.
    @inlinable
    public static func i64GtS(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 {
        Int64(bitPattern: lhs) > Int64(bitPattern: rhs) ? 1 : 0
    }

    /// `i64.gt_u`: 1 if `lhs > rhs` as unsigned numbers, else 0.
    @inlinable public static func i64GtU(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 { lhs > rhs ? 1 : 0 }

    /// `i64.le_s`: 1 if `lhs <= rhs` as signed numbers, else 0.
    @inlinable
    public static func i64LeS(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 {
        Int64(bitPattern: lhs) <= Int64(bitPattern: rhs) ? 1 : 0
    }

    /// `i64.le_u`: 1 if `lhs <= rhs` as unsigned numbers, else 0.
    @inlinable public static func i64LeU(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 { lhs <= rhs ? 1 : 0 }

    /// `i64.ge_s`: 1 if `lhs >= rhs` as signed numbers, else 0.
    @inlinable
    public static func i64GeS(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 {
        Int64(bitPattern: lhs) >= Int64(bitPattern: rhs) ? 1 : 0
    }

    /// `i64.ge_u`: 1 if `lhs >= rhs` as unsigned numbers, else 0.
    @inlinable public static func i64GeU(_ lhs: UInt64, _ rhs: UInt64) -> UInt32 { lhs >= rhs ? 1 : 0 }
}
