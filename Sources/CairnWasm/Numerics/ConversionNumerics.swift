// Conversions between the four number types. Reinterpretations (`i32.reinterpret_f32` and
// friends) need no functions: values are already stored as bit patterns, so they are the
// identity.

// MARK: - Integer width conversions

extension WasmNumerics {
    /// `i32.wrap_i64`: keep the low 32 bits.
    @inlinable
    public static func i32WrapI64(_ value: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: value) }

    /// `i64.extend_i32_s`: sign-extend an `i32` to 64 bits.
    @inlinable
    public static func i64ExtendI32S(_ value: UInt32) -> UInt64 {
        UInt64(bitPattern: Int64(Int32(bitPattern: value)))
    }

    /// `i64.extend_i32_u`: zero-extend an `i32` to 64 bits.
    @inlinable
    public static func i64ExtendI32U(_ value: UInt32) -> UInt64 { UInt64(value) }
}

// MARK: - Trapping float-to-integer truncation

// Each function checks the range on the *float* value, before any integer conversion, with
// bounds that are exactly representable in the source type. The valid inputs are those whose
// truncation toward zero fits the target, i.e. the open interval (min - 1, max + 1); where
// min - 1 is not representable (it rounds to min itself for f32 -> i32/i64 and f64 -> i64),
// the lower bound is the closed `>= min` instead. Infinities fail the range check and trap as
// overflow, NaN is tested first and traps as an invalid conversion.
extension WasmNumerics {
    /// `i32.trunc_f32_s`: valid range [-2^31, 2^31).
    @inlinable
    public static func i32TruncF32S(_ value: UInt32) throws(TrapKind) -> UInt32 {
        let x = Float(bitPattern: value)
        if x.isNaN { throw .invalidConversionToInteger }
        guard x >= -2147483648.0 && x < 2147483648.0 else { throw .integerOverflow }
        return UInt32(bitPattern: Int32(x))
    }

    /// `i32.trunc_f32_u`: valid range (-1, 2^32).
    @inlinable
    public static func i32TruncF32U(_ value: UInt32) throws(TrapKind) -> UInt32 {
        let x = Float(bitPattern: value)
        if x.isNaN { throw .invalidConversionToInteger }
        guard x > -1.0 && x < 4294967296.0 else { throw .integerOverflow }
        return UInt32(x)
    }

    /// `i32.trunc_f64_s`: valid range (-2^31 - 1, 2^31), both bounds exact in `f64`.
    @inlinable
    public static func i32TruncF64S(_ value: UInt64) throws(TrapKind) -> UInt32 {
        let x = Double(bitPattern: value)
        if x.isNaN { throw .invalidConversionToInteger }
        guard x > -2147483649.0 && x < 2147483648.0 else { throw .integerOverflow }
        return UInt32(bitPattern: Int32(x))
    }

    /// `i32.trunc_f64_u`: valid range (-1, 2^32).
    @inlinable
    public static func i32TruncF64U(_ value: UInt64) throws(TrapKind) -> UInt32 {
        let x = Double(bitPattern: value)
        if x.isNaN { throw .invalidConversionToInteger }
        guard x > -1.0 && x < 4294967296.0 else { throw .integerOverflow }
        return UInt32(x)
    }

    /// `i64.trunc_f32_s`: valid range [-2^63, 2^63).
    @inlinable
    public static func i64TruncF32S(_ value: UInt32) throws(TrapKind) -> UInt64 {
        let x = Float(bitPattern: value)
        if x.isNaN { throw .invalidConversionToInteger }
        guard x >= -9223372036854775808.0 && x < 9223372036854775808.0 else { throw .integerOverflow }
        return UInt64(bitPattern: Int64(x))
    }

    /// `i64.trunc_f32_u`: valid range (-1, 2^64).
    @inlinable
    public static func i64TruncF32U(_ value: UInt32) throws(TrapKind) -> UInt64 {
        let x = Float(bitPattern: value)
        if x.isNaN { throw .invalidConversionToInteger }
        guard x > -1.0 && x < 18446744073709551616.0 else { throw .integerOverflow }
        return UInt64(x)
    }

    /// `i64.trunc_f64_s`: valid range [-2^63, 2^63).
    @inlinable
    public static func i64TruncF64S(_ value: UInt64) throws(TrapKind) -> UInt64 {
        let x = Double(bitPattern: value)
        if x.isNaN { throw .invalidConversionToInteger }
        guard x >= -9223372036854775808.0 && x < 9223372036854775808.0 else { throw .integerOverflow }
        return UInt64(bitPattern: Int64(x))
    }

    /// `i64.trunc_f64_u`: valid range (-1, 2^64).
    @inlinable
    public static func i64TruncF64U(_ value: UInt64) throws(TrapKind) -> UInt64 {
        let x = Double(bitPattern: value)
        if x.isNaN { throw .invalidConversionToInteger }
        guard x > -1.0 && x < 18446744073709551616.0 else { throw .integerOverflow }
        return UInt64(x)
    }
}

// MARK: - Saturating float-to-integer truncation

// The `trunc_sat` family never traps: NaN becomes 0 and out-of-range values clamp to the
// target's minimum or maximum. The range checks are the same as the trapping versions.
extension WasmNumerics {
    /// `i32.trunc_sat_f32_s`.
    @inlinable
    public static func i32TruncSatF32S(_ value: UInt32) -> UInt32 {
        let x = Float(bitPattern: value)
        if x.isNaN { return 0 }
        if x < -2147483648.0 { return 0x8000_0000 }
        if x >= 2147483648.0 { return 0x7FFF_FFFF }
        return UInt32(bitPattern: Int32(x))
    }

    /// `i32.trunc_sat_f32_u`.
    @inlinable
    public static func i32TruncSatF32U(_ value: UInt32) -> UInt32 {
        let x = Float(bitPattern: value)
        if x.isNaN || x <= -1.0 { return 0 }
        if x >= 4294967296.0 { return .max }
        return UInt32(x)
    }

    /// `i32.trunc_sat_f64_s`.
    @inlinable
    public static func i32TruncSatF64S(_ value: UInt64) -> UInt32 {
        let x = Double(bitPattern: value)
        if x.isNaN { return 0 }
        if x <= -2147483649.0 { return 0x8000_0000 }
        if x >= 2147483648.0 { return 0x7FFF_FFFF }
        return UInt32(bitPattern: Int32(x))
    }

    /// `i32.trunc_sat_f64_u`.
    @inlinable
    public static func i32TruncSatF64U(_ value: UInt64) -> UInt32 {
        let x = Double(bitPattern: value)
        if x.isNaN || x <= -1.0 { return 0 }
        if x >= 4294967296.0 { return .max }
        return UInt32(x)
    }

    /// `i64.trunc_sat_f32_s`.
    @inlinable
    public static func i64TruncSatF32S(_ value: UInt32) -> UInt64 {
        let x = Float(bitPattern: value)
        if x.isNaN { return 0 }
        if x < -9223372036854775808.0 { return 0x8000_0000_0000_0000 }
        if x >= 9223372036854775808.0 { return 0x7FFF_FFFF_FFFF_FFFF }
        return UInt64(bitPattern: Int64(x))
    }

    /// `i64.trunc_sat_f32_u`.
    @inlinable
    public static func i64TruncSatF32U(_ value: UInt32) -> UInt64 {
        let x = Float(bitPattern: value)
        if x.isNaN || x <= -1.0 { return 0 }
        if x >= 18446744073709551616.0 { return .max }
        return UInt64(x)
    }

    /// `i64.trunc_sat_f64_s`.
    @inlinable
    public static func i64TruncSatF64S(_ value: UInt64) -> UInt64 {
        let x = Double(bitPattern: value)
        if x.isNaN { return 0 }
        if x < -9223372036854775808.0 { return 0x8000_0000_0000_0000 }
        if x >= 9223372036854775808.0 { return 0x7FFF_FFFF_FFFF_FFFF }
        return UInt64(bitPattern: Int64(x))
    }

    /// `i64.trunc_sat_f64_u`.
    @inlinable
    public static func i64TruncSatF64U(_ value: UInt64) -> UInt64 {
        let x = Double(bitPattern: value)
        if x.isNaN || x <= -1.0 { return 0 }
        if x >= 18446744073709551616.0 { return .max }
        return UInt64(x)
    }
}

// MARK: - Integer-to-float conversion

// Swift's `Float(_:)`/`Double(_:)` initializers from integer types round to nearest, ties to
// even (they lower to the hardware's correctly rounded conversions; unsigned 64-bit sources
// use a sticky-bit sequence that avoids double rounding). The tests pin this down with the
// spec's rounding cases. These conversions can never produce a NaN.
extension WasmNumerics {
    /// `f32.convert_i32_s`.
    @inlinable
    public static func f32ConvertI32S(_ value: UInt32) -> UInt32 {
        Float(Int32(bitPattern: value)).bitPattern
    }

    /// `f32.convert_i32_u`.
    @inlinable
    public static func f32ConvertI32U(_ value: UInt32) -> UInt32 { Float(value).bitPattern }

    /// `f32.convert_i64_s`.
    @inlinable
    public static func f32ConvertI64S(_ value: UInt64) -> UInt32 {
        Float(Int64(bitPattern: value)).bitPattern
    }

    /// `f32.convert_i64_u`.
    @inlinable
    public static func f32ConvertI64U(_ value: UInt64) -> UInt32 { Float(value).bitPattern }

    /// `f64.convert_i32_s` (always exact).
    @inlinable
    public static func f64ConvertI32S(_ value: UInt32) -> UInt64 {
        Double(Int32(bitPattern: value)).bitPattern
    }

    /// `f64.convert_i32_u` (always exact).
    @inlinable
    public static func f64ConvertI32U(_ value: UInt32) -> UInt64 { Double(value).bitPattern }

    /// `f64.convert_i64_s`.
    @inlinable
    public static func f64ConvertI64S(_ value: UInt64) -> UInt64 {
        Double(Int64(bitPattern: value)).bitPattern
    }

    /// `f64.convert_i64_u`.
    @inlinable
    public static func f64ConvertI64U(_ value: UInt64) -> UInt64 { Double(value).bitPattern }
}

// MARK: - Float precision conversion

extension WasmNumerics {
    /// `f32.demote_f64`: round to nearest even (overflowing to infinity, underflowing through
    /// subnormals to zero). A NaN gives the canonical `f32` NaN rather than a truncated payload,
    /// which would depend on the host.
    @inlinable
    public static func f32DemoteF64(_ value: UInt64) -> UInt32 {
        f32Canonical(Float(Double(bitPattern: value)))
    }

    /// `f64.promote_f32`: exact for every non-NaN value. A NaN gives the canonical `f64` NaN.
    @inlinable
    public static func f64PromoteF32(_ value: UInt32) -> UInt64 {
        f64Canonical(Double(Float(bitPattern: value)))
    }
}
