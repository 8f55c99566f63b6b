import Testing
@testable import CairnWasm

// Expected values are taken from the WebAssembly spec test suite (i32.wast, i64.wast,
// f32.wast, f64.wast, float_misc.wast, conversions.wast). Values are bit patterns, so float
// inputs are written as Swift float literals (hex floats where the spec uses them) and
// converted with `f32(_:)`/`f64(_:)`.

private typealias N = WasmNumerics

private func f32(_ x: Float) -> UInt32 { x.bitPattern }
private func f64(_ x: Double) -> UInt64 { x.bitPattern }
private func i32(_ x: Int32) -> UInt32 { UInt32(bitPattern: x) }
private func i64(_ x: Int64) -> UInt64 { UInt64(bitPattern: x) }

// NaN spellings used by the spec tests.
private let nan32: UInt32 = 0x7FC0_0000  // nan
private let negNan32: UInt32 = 0xFFC0_0000  // -nan
private let sNan32: UInt32 = 0x7FA0_0000  // nan:0x200000 (signaling)
private let negSNan32: UInt32 = 0xFFA0_0000  // -nan:0x200000
private let nan64: UInt64 = 0x7FF8_0000_0000_0000
private let negNan64: UInt64 = 0xFFF8_0000_0000_0000
private let sNan64: UInt64 = 0x7FF4_0000_0000_0000  // nan:0x4000000000000
private let negSNan64: UInt64 = 0xFFF4_0000_0000_0000
private let inf32 = f32(.infinity)
private let negInf32 = f32(-.infinity)
private let inf64 = f64(.infinity)
private let negInf64 = f64(-.infinity)

private let allNaN32 = [nan32, negNan32, sNan32, negSNan32]
private let allNaN64 = [nan64, negNan64, sNan64, negSNan64]

@Suite struct NumericsTests {
    // MARK: - i32

    @Test func i32Arithmetic() {
        #expect(N.i32Add(1, 1) == 2)
        #expect(N.i32Add(0x7FFF_FFFF, 1) == 0x8000_0000)
        #expect(N.i32Add(0x8000_0000, 0x8000_0000) == 0)
        #expect(N.i32Add(0x3FFF_FFFF, 1) == 0x4000_0000)
        #expect(N.i32Sub(0x8000_0000, 1) == 0x7FFF_FFFF)
        #expect(N.i32Sub(0x7FFF_FFFF, i32(-1)) == 0x8000_0000)
        #expect(N.i32Mul(0x0123_4567, 0x7654_3210) == 0x358E_7470)
        #expect(N.i32Mul(0x1000_0000, 4096) == 0)
        #expect(N.i32Mul(0x8000_0000, i32(-1)) == 0x8000_0000)
        #expect(N.i32Mul(0x7FFF_FFFF, i32(-1)) == 0x8000_0001)
        #expect(N.i32Mul(0x7FFF_FFFF, 0x7FFF_FFFF) == 1)
    }

    @Test func i32Division() throws {
        #expect(throws: TrapKind.integerDivideByZero) { try N.i32DivS(1, 0) }
        #expect(throws: TrapKind.integerDivideByZero) { try N.i32DivS(0x8000_0000, 0) }
        #expect(throws: TrapKind.integerOverflow) { try N.i32DivS(0x8000_0000, i32(-1)) }
        #expect(try N.i32DivS(i32(-1), i32(-1)) == 1)
        #expect(try N.i32DivS(0x8000_0001, 1000) == 0xFFDF_3B65)
        #expect(try N.i32DivS(i32(-5), 2) == i32(-2))
        #expect(try N.i32DivS(i32(-7), i32(-3)) == 2)
        #expect(try N.i32DivS(17, 7) == 2)
        #expect(throws: TrapKind.integerDivideByZero) { try N.i32DivU(0, 0) }
        #expect(try N.i32DivU(0x8000_0000, i32(-1)) == 0)
        #expect(try N.i32DivU(0x8FF0_0FF0, 0x10001) == 0x8FEF)
        #expect(try N.i32DivU(5, i32(-2)) == 0)
        #expect(throws: TrapKind.integerDivideByZero) { try N.i32RemS(0, 0) }
        #expect(try N.i32RemS(0x8000_0000, i32(-1)) == 0)
        #expect(try N.i32RemS(0x7FFF_FFFF, i32(-1)) == 0)
        #expect(try N.i32RemS(0x8000_0001, 1000) == i32(-647))
        #expect(try N.i32RemS(i32(-5), i32(-2)) == i32(-1))
        #expect(try N.i32RemS(17, 7) == 3)
        #expect(throws: TrapKind.integerDivideByZero) { try N.i32RemU(1, 0) }
        #expect(try N.i32RemU(0x8000_0000, i32(-1)) == 0x8000_0000)
        #expect(try N.i32RemU(0x8FF0_0FF0, 0x10001) == 0x8001)
        #expect(try N.i32RemU(5, i32(-2)) == 5)
    }

    @Test func i32Bitwise() {
        #expect(N.i32And(0xF0F0_FFFF, 0xFFF0_F0F0) == 0xF0F0_F0F0)
        #expect(N.i32Or(0xF0F0_FFFF, 0xFFF0_F0F0) == 0xFFF0_FFFF)
        #expect(N.i32Xor(0xF0F0_FFFF, 0xFFF0_F0F0) == 0x0F00_0F0F)
        #expect(N.i32Shl(0x4000_0000, 1) == 0x8000_0000)
        #expect(N.i32Shl(1, 32) == 1)
        #expect(N.i32Shl(1, i32(-1)) == 0x8000_0000)
        #expect(N.i32ShrS(0x8000_0000, 1) == 0xC000_0000)
        #expect(N.i32ShrS(1, 32) == 1)
        #expect(N.i32ShrS(1, 0x8000_0000) == 1)
        #expect(N.i32ShrS(i32(-1), i32(-1)) == i32(-1))
        #expect(N.i32ShrU(0x8000_0000, 31) == 1)
        #expect(N.i32ShrU(1, 33) == 0)
        #expect(N.i32ShrU(i32(-1), 33) == 0x7FFF_FFFF)
        #expect(N.i32ShrU(i32(-1), 0x7FFF_FFFF) == 1)
        #expect(N.i32Rotl(0xABCD_9876, 1) == 0x579B_30ED)
        #expect(N.i32Rotl(0xB0C1_D2E3, 0xFF05) == 0x183A_5C76)
        #expect(N.i32Rotl(0x769A_BCDF, 0x8000_000D) == 0x579B_EED3)
        #expect(N.i32Rotl(0x8000_0000, 1) == 1)
        #expect(N.i32Rotl(0x1234_5678, 0) == 0x1234_5678)
        #expect(N.i32Rotr(1, 32) == 1)
        #expect(N.i32Rotr(0x0000_8000, 37) == 0x0000_0400)
        #expect(N.i32Rotr(0x769A_BCDF, 0xFFFF_FFED) == 0xE6FB_B4D5)
        #expect(N.i32Rotr(1, 31) == 2)
    }

    @Test func i32Counts() {
        #expect(N.i32Clz(0) == 32)
        #expect(N.i32Clz(0xFFFF_FFFF) == 0)
        #expect(N.i32Clz(0x0000_8000) == 16)
        #expect(N.i32Clz(2) == 30)
        #expect(N.i32Ctz(0) == 32)
        #expect(N.i32Ctz(0x0000_8000) == 15)
        #expect(N.i32Ctz(0x8000_0000) == 31)
        #expect(N.i32Popcnt(0xFFFF_FFFF) == 32)
        #expect(N.i32Popcnt(0x8000_8000) == 2)
        #expect(N.i32Popcnt(0xDEAD_BEEF) == 24)
        #expect(N.i32Extend8S(0x7F) == 127)
        #expect(N.i32Extend8S(0x80) == i32(-128))
        #expect(N.i32Extend8S(0x0123_4500) == 0)
        #expect(N.i32Extend8S(0xFEDC_BA80) == i32(-0x80))
        #expect(N.i32Extend16S(0x7FFF) == 32767)
        #expect(N.i32Extend16S(0x8000) == i32(-32768))
        #expect(N.i32Extend16S(0x0123_0000) == 0)
        #expect(N.i32Extend16S(0xFEDC_8000) == i32(-0x8000))
    }

    @Test func i32Comparisons() {
        #expect(N.i32Eqz(0) == 1)
        #expect(N.i32Eqz(0x8000_0000) == 0)
        #expect(N.i32Eq(0x8000_0000, 0x8000_0000) == 1)
        #expect(N.i32Ne(0x8000_0000, 0x7FFF_FFFF) == 1)
        #expect(N.i32LtS(0x8000_0000, 0) == 1)
        #expect(N.i32LtU(0x8000_0000, 0) == 0)
        #expect(N.i32GtS(0x8000_0000, 0x7FFF_FFFF) == 0)
        #expect(N.i32GtU(0x8000_0000, 0x7FFF_FFFF) == 1)
        #expect(N.i32LeS(i32(-1), i32(-1)) == 1)
        #expect(N.i32LeU(i32(-1), 1) == 0)
        #expect(N.i32GeS(1, i32(-1)) == 1)
        #expect(N.i32GeU(1, i32(-1)) == 0)
    }

    // MARK: - i64

    @Test func i64Arithmetic() throws {
        #expect(N.i64Add(0x7FFF_FFFF_FFFF_FFFF, 1) == 0x8000_0000_0000_0000)
        #expect(N.i64Sub(0x8000_0000_0000_0000, 1) == 0x7FFF_FFFF_FFFF_FFFF)
        #expect(N.i64Mul(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210) == 0x2236_D88F_E561_8CF0)
        #expect(N.i64Mul(0x8000_0000_0000_0000, i64(-1)) == 0x8000_0000_0000_0000)
        #expect(N.i64Mul(0x7FFF_FFFF_FFFF_FFFF, 0x7FFF_FFFF_FFFF_FFFF) == 1)
        #expect(throws: TrapKind.integerDivideByZero) { try N.i64DivS(1, 0) }
        #expect(throws: TrapKind.integerOverflow) { try N.i64DivS(0x8000_0000_0000_0000, i64(-1)) }
        #expect(try N.i64DivS(0x8000_0000_0000_0000, 2) == 0xC000_0000_0000_0000)
        #expect(try N.i64DivS(0x8000_0000_0000_0001, 1000) == 0xFFDF_3B64_5A1C_AC09)
        #expect(try N.i64DivS(i64(-7), 3) == i64(-2))
        #expect(throws: TrapKind.integerDivideByZero) { try N.i64DivU(0, 0) }
        #expect(try N.i64DivU(0x8000_0000_0000_0000, i64(-1)) == 0)
        #expect(try N.i64DivU(0x8FF0_0FF0_0FF0_0FF0, 0x1_0000_0001) == 0x8FF0_0FEF)
        #expect(throws: TrapKind.integerDivideByZero) { try N.i64RemS(1, 0) }
        #expect(try N.i64RemS(0x8000_0000_0000_0000, i64(-1)) == 0)
        #expect(try N.i64RemS(0x8000_0000_0000_0001, 1000) == i64(-807))
        #expect(try N.i64RemS(5, i64(-2)) == 1)
        #expect(try N.i64RemS(i64(-7), 3) == i64(-1))
        #expect(throws: TrapKind.integerDivideByZero) { try N.i64RemU(1, 0) }
        #expect(try N.i64RemU(0x8000_0000_0000_0000, i64(-1)) == 0x8000_0000_0000_0000)
        #expect(try N.i64RemU(0x8FF0_0FF0_0FF0_0FF0, 0x1_0000_0001) == 0x8000_0001)
    }

    @Test func i64BitwiseAndCounts() {
        #expect(N.i64And(0xF0F0_FFFF, 0xFFF0_F0F0) == 0xF0F0_F0F0)
        #expect(N.i64Or(0xF0F0_FFFF, 0xFFF0_F0F0) == 0xFFF0_FFFF)
        #expect(N.i64Xor(0xF0F0_FFFF, 0xFFF0_F0F0) == 0x0F00_0F0F)
        #expect(N.i64Shl(1, 64) == 1)
        #expect(N.i64Shl(1, 63) == 0x8000_0000_0000_0000)
        #expect(N.i64Shl(1, i64(-1)) == 0x8000_0000_0000_0000)
        #expect(N.i64ShrS(0x8000_0000_0000_0000, 1) == 0xC000_0000_0000_0000)
        #expect(N.i64ShrS(1, 65) == 0)
        #expect(N.i64ShrS(1, 0x8000_0000_0000_0000) == 1)
        #expect(N.i64ShrS(i64(-1), 65) == i64(-1))
        #expect(N.i64ShrU(0x8000_0000_0000_0000, 63) == 1)
        #expect(N.i64ShrU(i64(-1), 65) == 0x7FFF_FFFF_FFFF_FFFF)
        #expect(N.i64Rotl(0xFE00_0000_DC00_0000, 4) == 0xE000_000D_C000_000F)
        #expect(N.i64Rotl(0xABCD_1234_EF56_7809, 0xF5) == 0x0135_79A2_469D_EACF)
        #expect(N.i64Rotl(1, 63) == 0x8000_0000_0000_0000)
        #expect(N.i64Rotr(1, 0) == 1)
        #expect(N.i64Rotr(0xABCD_9876_0246_8ACE, 1) == 0x55E6_CC3B_0123_4567)
        #expect(N.i64Rotr(0xABD1_234E_F567_809C, 0x8000_0000_0000_003F) == 0x57A2_469D_EACF_0139)
        #expect(N.i64Clz(0) == 64)
        #expect(N.i64Clz(0xFF) == 56)
        #expect(N.i64Ctz(0) == 64)
        #expect(N.i64Ctz(0x8000_0000_0000_0000) == 63)
        #expect(N.i64Popcnt(0x7FFF_FFFF_FFFF_FFFF) == 63)
        #expect(N.i64Popcnt(0xDEAD_BEEF_DEAD_BEEF) == 48)
        #expect(N.i64Extend8S(0x80) == i64(-128))
        #expect(N.i64Extend8S(0xFEDC_BA98_7654_3280) == i64(-0x80))
        #expect(N.i64Extend16S(0x7FFF) == 32767)
        #expect(N.i64Extend16S(0x1234_5678_9ABC_0000) == 0)
        #expect(N.i64Extend16S(0xFEDC_BA98_7654_8000) == i64(-0x8000))
        #expect(N.i64Extend32S(0x7FFF_FFFF) == 0x7FFF_FFFF)
        #expect(N.i64Extend32S(0xFFFF_FFFF) == i64(-1))
        #expect(N.i64Extend32S(0x0123_4567_0000_0000) == 0)
        #expect(N.i64Extend32S(0xFEDC_BA98_8000_0000) == i64(-0x8000_0000))
    }

    @Test func i64Comparisons() {
        #expect(N.i64Eqz(0) == 1)
        #expect(N.i64Eqz(0x1_0000_0000) == 0)
        #expect(N.i64Eq(1, 0x1_0000_0001) == 0)
        #expect(N.i64Ne(1, 0x1_0000_0001) == 1)
        #expect(N.i64LtS(0x8000_0000_0000_0000, 0) == 1)
        #expect(N.i64LtU(0x8000_0000_0000_0000, 0) == 0)
        #expect(N.i64GtS(0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF) == 0)
        #expect(N.i64GtU(0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF) == 1)
        #expect(N.i64LeS(i64(-1), 0) == 1)
        #expect(N.i64LeU(i64(-1), 0) == 0)
        #expect(N.i64GeS(0, i64(-1)) == 1)
        #expect(N.i64GeU(0, i64(-1)) == 0)
    }

    // MARK: - Canonical NaN

    @Test func canonicalNaNConstants() {
        #expect(N.f32CanonicalNaN == 0x7FC0_0000)
        #expect(N.f64CanonicalNaN == 0x7FF8_0000_0000_0000)
        #expect(Float(bitPattern: N.f32CanonicalNaN).isNaN)
        #expect(Double(bitPattern: N.f64CanonicalNaN).isNaN)
    }

    /// Every arithmetic operation with a NaN operand (any sign, quiet or signaling) or a NaN
    /// result (0 * inf, inf - inf, 0 / 0, sqrt(-1)) returns exactly the canonical NaN.
    @Test func arithmeticNaNsAreCanonical() {
        let c32 = N.f32CanonicalNaN
        let c64 = N.f64CanonicalNaN
        let binary32: [(UInt32, UInt32) -> UInt32] = [N.f32Add, N.f32Sub, N.f32Mul, N.f32Div, N.f32Min, N.f32Max]
        let unary32: [(UInt32) -> UInt32] = [N.f32Sqrt, N.f32Ceil, N.f32Floor, N.f32Trunc, N.f32Nearest]
        let binary64: [(UInt64, UInt64) -> UInt64] = [N.f64Add, N.f64Sub, N.f64Mul, N.f64Div, N.f64Min, N.f64Max]
        let unary64: [(UInt64) -> UInt64] = [N.f64Sqrt, N.f64Ceil, N.f64Floor, N.f64Trunc, N.f64Nearest]
        for nan in allNaN32 {
            #expect(binary32.allSatisfy { $0(nan, f32(1.0)) == c32 && $0(f32(-0.0), nan) == c32 })
            #expect(unary32.allSatisfy { $0(nan) == c32 })
            #expect(N.f64PromoteF32(nan) == c64)
        }
        for nan in allNaN64 {
            #expect(binary64.allSatisfy { $0(nan, f64(1.0)) == c64 && $0(f64(-0.0), nan) == c64 })
            #expect(unary64.allSatisfy { $0(nan) == c64 })
            #expect(N.f32DemoteF64(nan) == c32)
        }
        #expect(N.f32Mul(f32(0), negInf32) == c32)
        #expect(N.f32Add(inf32, negInf32) == c32)
        #expect(N.f32Sub(inf32, inf32) == c32)
        #expect(N.f32Div(f32(-0.0), f32(0.0)) == c32)
        #expect(N.f32Div(negInf32, inf32) == c32)
        #expect(N.f32Sqrt(f32(-1.0)) == c32)
        #expect(N.f32Sqrt(f32(-0x1p-149)) == c32)
        #expect(N.f64Mul(f64(-0.0), inf64) == c64)
        #expect(N.f64Add(negInf64, inf64) == c64)
        #expect(N.f64Div(f64(0.0), f64(0.0)) == c64)
        #expect(N.f64Sqrt(f64(-0x1.360e8d0032adp-963)) == c64)
    }

    // MARK: - f32

    @Test func f32Arithmetic() {
        #expect(N.f32Add(f32(1.1234567890), f32(1.2345e-10)) == f32(1.123456789))
        #expect(N.f32Add(f32(1.0), f32(0x1p-24)) == f32(1.0))
        #expect(N.f32Add(f32(1.0), f32(0x1.000002p-24)) == f32(0x1.000002p+0))
        #expect(N.f32Add(f32(0x1p-149), 0x007F_FFFF) == f32(0x1p-126))  // 0x1.fffffcp-127
        #expect(N.f32Add(f32(0x1p+31), f32(1024.25)) == f32(0x1.000008p+31))
        #expect(N.f32Add(f32(0x1.000002p+23), f32(0x1p-1)) == f32(0x1.000004p+23))
        #expect(N.f32Add(f32(-0.0), f32(-0.0)) == f32(-0.0))
        #expect(N.f32Add(f32(-0.0), f32(0.0)) == f32(0.0))
        #expect(N.f32Add(f32(0x1.fffffep+127), f32(0x1.fffffep+127)) == inf32)
        #expect(N.f32Sub(f32(0.0), f32(0.0)) == f32(0.0))
        #expect(N.f32Sub(f32(-0.0), f32(0.0)) == f32(-0.0))
        #expect(N.f32Sub(f32(0x1.6c0f24p+67), f32(0x1.2b92dp+52)) == f32(0x1.6c0cccp+67))
        #expect(N.f32Mul(f32(-0.0), f32(1.0)) == f32(-0.0))
        #expect(N.f32Mul(f32(0x1p-126), f32(0x1p-1)) == f32(0x1p-127))
        #expect(N.f32Mul(f32(0x1p-149), f32(0x1p-1)) == f32(0.0))
        #expect(N.f32Div(f32(1.0), f32(0.0)) == inf32)
        #expect(N.f32Div(f32(1.0), f32(-0.0)) == negInf32)
        #expect(N.f32Div(f32(1.0), f32(3.0)) == f32(0x1.555556p-2))
        #expect(N.f32Sqrt(f32(-0.0)) == f32(-0.0))
        #expect(N.f32Sqrt(inf32) == inf32)
        #expect(N.f32Sqrt(f32(0x1.56p+7)) == f32(0x1.a2744cp+3))
        #expect(N.f32Sqrt(f32(0x1.000004p+0)) == f32(0x1.000002p+0))
        #expect(N.f32Sqrt(f32(0x1.fffffcp-1)) == f32(0x1.fffffep-1))
    }

    @Test func f32MinMax() {
        #expect(N.f32Min(f32(-0.0), f32(0.0)) == f32(-0.0))
        #expect(N.f32Min(f32(0.0), f32(-0.0)) == f32(-0.0))
        #expect(N.f32Max(f32(-0.0), f32(0.0)) == f32(0.0))
        #expect(N.f32Max(f32(0.0), f32(-0.0)) == f32(0.0))
        #expect(N.f32Min(f32(-0.0), f32(-0.0)) == f32(-0.0))
        #expect(N.f32Max(f32(-0.0), f32(-0.0)) == f32(-0.0))
        #expect(N.f32Min(f32(1.0), f32(-1.0)) == f32(-1.0))
        #expect(N.f32Max(f32(1.0), f32(-1.0)) == f32(1.0))
        #expect(N.f32Min(negInf32, inf32) == negInf32)
        #expect(N.f32Max(negInf32, inf32) == inf32)
        #expect(N.f32Min(f32(0x1p-149), f32(-0x1p-149)) == f32(-0x1p-149))
        #expect(N.f32Max(f32(0x1.921fb6p+2), f32(0x1.fffffep+127)) == f32(0x1.fffffep+127))
    }

    @Test func f32Rounding() {
        #expect(N.f32Ceil(f32(-0x1p-149)) == f32(-0.0))
        #expect(N.f32Ceil(f32(0x1p-149)) == f32(1.0))
        #expect(N.f32Ceil(f32(-0x1p-1)) == f32(-0.0))
        #expect(N.f32Ceil(f32(-0x1.921fb6p+2)) == f32(-0x1.8p+2))
        #expect(N.f32Ceil(f32(0x1.921fb6p+2)) == f32(0x1.cp+2))
        #expect(N.f32Floor(f32(-0x1p-149)) == f32(-1.0))
        #expect(N.f32Floor(f32(0x1p-149)) == f32(0.0))
        #expect(N.f32Floor(f32(-0.0)) == f32(-0.0))
        #expect(N.f32Floor(f32(-0x1.921fb6p+2)) == f32(-0x1.cp+2))
        #expect(N.f32Trunc(f32(-0x1p-1)) == f32(-0.0))
        #expect(N.f32Trunc(f32(-0x1.921fb6p+2)) == f32(-0x1.8p+2))
        #expect(N.f32Trunc(inf32) == inf32)
        #expect(N.f32Nearest(f32(4.5)) == f32(4.0))
        #expect(N.f32Nearest(f32(-4.5)) == f32(-4.0))
        #expect(N.f32Nearest(f32(-3.5)) == f32(-4.0))
        #expect(N.f32Nearest(f32(-0x1p-1)) == f32(-0.0))
        #expect(N.f32Nearest(f32(0x1.fffffep-2)) == f32(0.0))
        #expect(N.f32Nearest(f32(0x1.fffffep+22)) == f32(0x1p+23))
        #expect(N.f32Nearest(f32(-0x1.fffffep+22)) == f32(-0x1p+23))
        #expect(N.f32Nearest(f32(0x1.000002p+23)) == f32(0x1.000002p+23))
        #expect(N.f32Nearest(f32(0x1.921fb6p+2)) == f32(0x1.8p+2))
        #expect(N.f32Nearest(negInf32) == negInf32)
    }

    /// abs, neg and copysign only touch the sign bit, even for signaling NaNs and payloads.
    @Test func f32SignOpsPreserveNaNPayloads() {
        #expect(N.f32Abs(0x7F80_F1E2) == 0x7F80_F1E2)  // nan:0x0f1e2
        #expect(N.f32Abs(0xFF80_F1E2) == 0x7F80_F1E2)
        #expect(N.f32Abs(negSNan32) == sNan32)
        #expect(N.f32Abs(f32(-0.0)) == f32(0.0))
        #expect(N.f32Abs(f32(-0x1.921fb6p+2)) == f32(0x1.921fb6p+2))
        #expect(N.f32Neg(sNan32) == negSNan32)
        #expect(N.f32Neg(negNan32) == nan32)
        #expect(N.f32Neg(f32(0.0)) == f32(-0.0))
        #expect(N.f32Neg(negInf32) == inf32)
        #expect(N.f32Copysign(0x7F80_F1E2, nan32) == 0x7F80_F1E2)
        #expect(N.f32Copysign(0x7F80_F1E2, negNan32) == 0xFF80_F1E2)
        #expect(N.f32Copysign(0xFF80_F1E2, nan32) == 0x7F80_F1E2)
        #expect(N.f32Copysign(f32(1.0), f32(-0.0)) == f32(-1.0))
        #expect(N.f32Copysign(f32(-1.0), f32(0.0)) == f32(1.0))
        #expect(N.f32Copysign(inf32, negSNan32) == negInf32)
    }

    @Test func f32Comparisons() {
        #expect(N.f32Eq(f32(-0.0), f32(0.0)) == 1)
        #expect(N.f32Eq(nan32, nan32) == 0)
        #expect(N.f32Ne(nan32, nan32) == 1)
        #expect(N.f32Ne(f32(1.0), f32(1.0)) == 0)
        #expect(N.f32Lt(f32(-0.0), f32(0.0)) == 0)
        #expect(N.f32Lt(negInf32, f32(-0x1.fffffep+127)) == 1)
        #expect(N.f32Lt(sNan32, inf32) == 0)
        #expect(N.f32Gt(inf32, f32(0x1.fffffep+127)) == 1)
        #expect(N.f32Gt(f32(1.0), negNan32) == 0)
        #expect(N.f32Le(f32(-0.0), f32(0.0)) == 1)
        #expect(N.f32Le(nan32, f32(0.0)) == 0)
        #expect(N.f32Ge(f32(0x1p-149), f32(0.0)) == 1)
        #expect(N.f32Ge(f32(0.0), nan32) == 0)
    }

    // MARK: - f64

    @Test func f64Arithmetic() {
        #expect(N.f64Add(f64(1.1234567890), f64(1.2345e-10)) == f64(0x1.1f9add37c11f7p+0))
        #expect(N.f64Add(f64(1.0), f64(0x1p-53)) == f64(1.0))
        #expect(N.f64Add(f64(1.0), f64(0x1.0000000000001p-53)) == f64(0x1.0000000000001p+0))
        #expect(N.f64Add(f64(0x1p+63), f64(1024.25)) == f64(0x1.0000000000001p+63))
        #expect(N.f64Add(f64(9007199254740992), f64(1.00001)) == f64(9007199254740994))
        #expect(N.f64Add(f64(-0.0), f64(0.0)) == f64(0.0))
        #expect(N.f64Sub(f64(-0.0), f64(0.0)) == f64(-0.0))
        #expect(N.f64Sub(f64(0x1.fffffffffffffp+1023), f64(-0x1.fffffffffffffp+1023)) == inf64)
        #expect(N.f64Mul(f64(-0.0), f64(-1.0)) == f64(0.0))
        #expect(N.f64Mul(f64(.leastNonzeroMagnitude), f64(0x1p-1)) == f64(0.0))
        #expect(N.f64Div(f64(-1.0), f64(0.0)) == negInf64)
        #expect(N.f64Div(f64(1.0), f64(3.0)) == f64(0x1.5555555555555p-2))
        #expect(N.f64Sqrt(f64(0x1.56p+7)) == f64(0x1.a2744ce9674f5p+3))
        #expect(N.f64Sqrt(f64(0x1.0000000000002p+0)) == f64(0x1.0000000000001p+0))
        #expect(N.f64Sqrt(f64(0x1.fffffffffffffp-1)) == f64(0x1.fffffffffffffp-1))
        #expect(N.f64Sqrt(f64(-0.0)) == f64(-0.0))
    }

    @Test func f64MinMaxAndRounding() {
        #expect(N.f64Min(f64(-0.0), f64(0.0)) == f64(-0.0))
        #expect(N.f64Min(f64(0.0), f64(-0.0)) == f64(-0.0))
        #expect(N.f64Max(f64(-0.0), f64(0.0)) == f64(0.0))
        #expect(N.f64Max(f64(0.0), f64(-0.0)) == f64(0.0))
        #expect(N.f64Min(f64(-1.0), negInf64) == negInf64)
        #expect(N.f64Max(f64(-1.0), negInf64) == f64(-1.0))
        #expect(N.f64Ceil(f64(-0x1p-1022)) == f64(-0.0))
        #expect(N.f64Ceil(f64(0x1p-1022)) == f64(1.0))
        #expect(N.f64Ceil(f64(0x1.921fb54442d18p+2)) == f64(0x1.cp+2))
        #expect(N.f64Floor(f64(-0x1p-1)) == f64(-1.0))
        #expect(N.f64Floor(f64(0x1.921fb54442d18p+2)) == f64(0x1.8p+2))
        #expect(N.f64Floor(f64(0x1.fffffffffffffp+1023)) == f64(0x1.fffffffffffffp+1023))
        #expect(N.f64Trunc(f64(-0x1.921fb54442d18p+2)) == f64(-0x1.8p+2))
        #expect(N.f64Trunc(f64(-0x1p-1)) == f64(-0.0))
        #expect(N.f64Nearest(f64(4.5)) == f64(4.0))
        #expect(N.f64Nearest(f64(-4.5)) == f64(-4.0))
        #expect(N.f64Nearest(f64(-3.5)) == f64(-4.0))
        #expect(N.f64Nearest(f64(0x1.fffffffffffffp-2)) == f64(0.0))
        #expect(N.f64Nearest(f64(0x1.fffffffffffffp+51)) == f64(0x1p+52))
        #expect(N.f64Nearest(f64(-0x1.fffffffffffffp+51)) == f64(-0x1p+52))
        #expect(N.f64Nearest(f64(0x1.0000000000001p+52)) == f64(0x1.0000000000001p+52))
        #expect(N.f64Nearest(f64(-0x1p-1)) == f64(-0.0))
    }

    @Test func f64SignOpsPreserveNaNPayloads() {
        let payload: UInt64 = 0x7FF0_000F_1E27_A6B  // nan:0x0f1e27a6b (signaling)
        let negPayload = payload | 0x8000_0000_0000_0000
        #expect(N.f64Neg(payload) == negPayload)
        #expect(N.f64Neg(negPayload) == payload)
        #expect(N.f64Abs(negPayload) == payload)
        #expect(N.f64Abs(negSNan64) == sNan64)
        #expect(N.f64Abs(f64(-0.0)) == f64(0.0))
        #expect(N.f64Copysign(payload, negNan64) == negPayload)
        #expect(N.f64Copysign(negPayload, nan64) == payload)
        #expect(N.f64Copysign(f64(2.5), f64(-0.0)) == f64(-2.5))
        #expect(N.f64Copysign(negInf64, f64(1.0)) == inf64)
    }

    @Test func f64Comparisons() {
        #expect(N.f64Eq(f64(-0.0), f64(0.0)) == 1)
        #expect(N.f64Eq(nan64, nan64) == 0)
        #expect(N.f64Ne(sNan64, sNan64) == 1)
        #expect(N.f64Lt(negInf64, f64(-0x1.fffffffffffffp+1023)) == 1)
        #expect(N.f64Lt(f64(0.0), nan64) == 0)
        #expect(N.f64Gt(f64(0x1p-1022), f64(.leastNonzeroMagnitude)) == 1)
        #expect(N.f64Gt(negNan64, f64(0.0)) == 0)
        #expect(N.f64Le(f64(0.0), f64(-0.0)) == 1)
        #expect(N.f64Ge(f64(-0.0), f64(0.0)) == 1)
        #expect(N.f64Ge(nan64, nan64) == 0)
    }

    // MARK: - Integer conversions

    @Test func wrapAndExtend() {
        #expect(N.i32WrapI64(i64(-100000)) == i32(-100000))
        #expect(N.i32WrapI64(0xFFFF_FFFF_7FFF_FFFF) == 0x7FFF_FFFF)
        #expect(N.i32WrapI64(0xFFFF_FFFE_FFFF_FFFF) == 0xFFFF_FFFF)
        #expect(N.i32WrapI64(1311768467463790320) == 0x9ABC_DEF0)
        #expect(N.i32WrapI64(0x1_0000_0001) == 1)
        #expect(N.i64ExtendI32S(i32(-10000)) == i64(-10000))
        #expect(N.i64ExtendI32S(0x7FFF_FFFF) == 0x7FFF_FFFF)
        #expect(N.i64ExtendI32S(0x8000_0000) == 0xFFFF_FFFF_8000_0000)
        #expect(N.i64ExtendI32U(i32(-10000)) == 0xFFFF_D8F0)
        #expect(N.i64ExtendI32U(0x8000_0000) == 0x8000_0000)
    }

    // MARK: - Trapping truncation

    @Test func truncF32ToI32() throws {
        #expect(try N.i32TruncF32S(f32(-0.0)) == 0)
        #expect(try N.i32TruncF32S(f32(-0x1p-149)) == 0)
        #expect(try N.i32TruncF32S(f32(-1.9)) == i32(-1))
        #expect(try N.i32TruncF32S(f32(2147483520.0)) == 2147483520)
        #expect(try N.i32TruncF32S(f32(-2147483648.0)) == 0x8000_0000)
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF32S(f32(2147483648.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF32S(f32(-2147483904.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF32S(negInf32) }
        #expect(try N.i32TruncF32U(f32(2147483648)) == 0x8000_0000)
        #expect(try N.i32TruncF32U(f32(4294967040.0)) == i32(-256))
        #expect(try N.i32TruncF32U(f32(-0x1.fffffep-1)) == 0)
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF32U(f32(4294967296.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF32U(f32(-1.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF32U(inf32) }
        for nan in allNaN32 {
            #expect(throws: TrapKind.invalidConversionToInteger) { try N.i32TruncF32S(nan) }
            #expect(throws: TrapKind.invalidConversionToInteger) { try N.i32TruncF32U(nan) }
        }
    }

    @Test func truncF64ToI32() throws {
        #expect(try N.i32TruncF64S(f64(-1.5)) == i32(-1))
        #expect(try N.i32TruncF64S(f64(2147483647.0)) == 0x7FFF_FFFF)
        #expect(try N.i32TruncF64S(f64(2147483647.9)) == 0x7FFF_FFFF)
        #expect(try N.i32TruncF64S(f64(-2147483648.0)) == 0x8000_0000)
        #expect(try N.i32TruncF64S(f64(-2147483648.9)) == 0x8000_0000)
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF64S(f64(2147483648.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF64S(f64(-2147483649.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF64S(inf64) }
        #expect(try N.i32TruncF64U(f64(4294967295.0)) == 0xFFFF_FFFF)
        #expect(try N.i32TruncF64U(f64(4294967295.9)) == 0xFFFF_FFFF)
        #expect(try N.i32TruncF64U(f64(-0.9)) == 0)
        #expect(try N.i32TruncF64U(f64(1e8)) == 100_000_000)
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF64U(f64(4294967296.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF64U(f64(-1.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF64U(f64(1e16)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i32TruncF64U(f64(9223372036854775808)) }
        for nan in allNaN64 {
            #expect(throws: TrapKind.invalidConversionToInteger) { try N.i32TruncF64S(nan) }
            #expect(throws: TrapKind.invalidConversionToInteger) { try N.i32TruncF64U(nan) }
        }
    }

    @Test func truncToI64() throws {
        #expect(try N.i64TruncF32S(f32(-4294967296)) == i64(-4294967296))
        #expect(try N.i64TruncF32S(f32(9223371487098961920.0)) == 9223371487098961920)
        #expect(try N.i64TruncF32S(f32(-9223372036854775808.0)) == 0x8000_0000_0000_0000)
        #expect(throws: TrapKind.integerOverflow) { try N.i64TruncF32S(f32(9223372036854775808.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i64TruncF32S(f32(-9223373136366403584.0)) }
        #expect(try N.i64TruncF32U(f32(18446742974197923840.0)) == i64(-1099511627776))
        #expect(try N.i64TruncF32U(f32(-0x1.ccccccp-1)) == 0)
        #expect(throws: TrapKind.integerOverflow) { try N.i64TruncF32U(f32(18446744073709551616.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i64TruncF32U(f32(-1.0)) }
        #expect(try N.i64TruncF64S(f64(9223372036854774784.0)) == 9223372036854774784)
        #expect(try N.i64TruncF64S(f64(-9223372036854775808.0)) == 0x8000_0000_0000_0000)
        #expect(try N.i64TruncF64S(f64(-0x1.199999999999ap+0)) == i64(-1))
        #expect(throws: TrapKind.integerOverflow) { try N.i64TruncF64S(f64(9223372036854775808.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i64TruncF64S(f64(-9223372036854777856.0)) }
        #expect(try N.i64TruncF64U(f64(18446744073709549568.0)) == i64(-2048))
        #expect(try N.i64TruncF64U(f64(9223372036854775808)) == 0x8000_0000_0000_0000)
        #expect(try N.i64TruncF64U(f64(1e16)) == 10_000_000_000_000_000)
        #expect(throws: TrapKind.integerOverflow) { try N.i64TruncF64U(f64(18446744073709551616.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i64TruncF64U(f64(-1.0)) }
        #expect(throws: TrapKind.integerOverflow) { try N.i64TruncF64U(negInf64) }
        for nan in allNaN32 {
            #expect(throws: TrapKind.invalidConversionToInteger) { try N.i64TruncF32S(nan) }
            #expect(throws: TrapKind.invalidConversionToInteger) { try N.i64TruncF32U(nan) }
        }
        for nan in allNaN64 {
            #expect(throws: TrapKind.invalidConversionToInteger) { try N.i64TruncF64S(nan) }
            #expect(throws: TrapKind.invalidConversionToInteger) { try N.i64TruncF64U(nan) }
        }
    }

    // MARK: - Saturating truncation

    @Test func saturatingTruncation() {
        #expect(N.i32TruncSatF32S(f32(-2147483648.0)) == 0x8000_0000)
        #expect(N.i32TruncSatF32S(f32(2147483648.0)) == 0x7FFF_FFFF)
        #expect(N.i32TruncSatF32S(f32(-2147483904.0)) == 0x8000_0000)
        #expect(N.i32TruncSatF32S(f32(-1.9)) == i32(-1))
        #expect(N.i32TruncSatF32S(negInf32) == 0x8000_0000)
        #expect(N.i32TruncSatF32U(f32(4294967040.0)) == i32(-256))
        #expect(N.i32TruncSatF32U(f32(4294967296.0)) == 0xFFFF_FFFF)
        #expect(N.i32TruncSatF32U(f32(-0x1.fffffep-1)) == 0)
        #expect(N.i32TruncSatF32U(f32(-1.0)) == 0)
        #expect(N.i32TruncSatF32U(negInf32) == 0)
        #expect(N.i32TruncSatF64S(f64(2147483647.9)) == 0x7FFF_FFFF)
        #expect(N.i32TruncSatF64S(f64(-2147483648.9)) == 0x8000_0000)
        #expect(N.i32TruncSatF64S(f64(-2147483649.0)) == 0x8000_0000)
        #expect(N.i32TruncSatF64S(inf64) == 0x7FFF_FFFF)
        #expect(N.i32TruncSatF64U(f64(4294967295.9)) == 0xFFFF_FFFF)
        #expect(N.i32TruncSatF64U(f64(1e16)) == 0xFFFF_FFFF)
        #expect(N.i32TruncSatF64U(f64(-0.9)) == 0)
        #expect(N.i64TruncSatF32S(f32(9223371487098961920.0)) == 9223371487098961920)
        #expect(N.i64TruncSatF32S(f32(9223372036854775808.0)) == 0x7FFF_FFFF_FFFF_FFFF)
        #expect(N.i64TruncSatF32S(f32(-9223373136366403584.0)) == 0x8000_0000_0000_0000)
        #expect(N.i64TruncSatF32U(f32(18446742974197923840.0)) == i64(-1099511627776))
        #expect(N.i64TruncSatF32U(f32(18446744073709551616.0)) == 0xFFFF_FFFF_FFFF_FFFF)
        #expect(N.i64TruncSatF32U(negInf32) == 0)
        #expect(N.i64TruncSatF64S(f64(9223372036854774784.0)) == 9223372036854774784)
        #expect(N.i64TruncSatF64S(f64(9223372036854775808.0)) == 0x7FFF_FFFF_FFFF_FFFF)
        #expect(N.i64TruncSatF64S(f64(-9223372036854777856.0)) == 0x8000_0000_0000_0000)
        #expect(N.i64TruncSatF64S(negInf64) == 0x8000_0000_0000_0000)
        #expect(N.i64TruncSatF64U(f64(18446744073709549568.0)) == i64(-2048))
        #expect(N.i64TruncSatF64U(f64(18446744073709551616.0)) == 0xFFFF_FFFF_FFFF_FFFF)
        #expect(N.i64TruncSatF64U(f64(-1.0)) == 0)
        for nan in allNaN32 {
            #expect(N.i32TruncSatF32S(nan) == 0 && N.i32TruncSatF32U(nan) == 0)
            #expect(N.i64TruncSatF32S(nan) == 0 && N.i64TruncSatF32U(nan) == 0)
        }
        for nan in allNaN64 {
            #expect(N.i32TruncSatF64S(nan) == 0 && N.i32TruncSatF64U(nan) == 0)
            #expect(N.i64TruncSatF64S(nan) == 0 && N.i64TruncSatF64U(nan) == 0)
        }
    }

    // MARK: - Integer to float

    @Test func convertToF32() {
        #expect(N.f32ConvertI32S(i32(-1)) == f32(-1.0))
        #expect(N.f32ConvertI32S(0x7FFF_FFFF) == f32(2147483648))
        #expect(N.f32ConvertI32S(0x8000_0000) == f32(-2147483648))
        #expect(N.f32ConvertI32S(1234567890) == f32(0x1.26580cp+30))
        #expect(N.f32ConvertI32S(16777217) == f32(16777216.0))
        #expect(N.f32ConvertI32S(i32(-16777217)) == f32(-16777216.0))
        #expect(N.f32ConvertI32S(16777219) == f32(16777220.0))
        #expect(N.f32ConvertI32U(0x8000_0000) == f32(2147483648))
        #expect(N.f32ConvertI32U(0x1234_5678) == f32(0x1.234568p+28))
        #expect(N.f32ConvertI32U(0xFFFF_FFFF) == f32(4294967296.0))
        #expect(N.f32ConvertI32U(0x8000_0080) == f32(0x1.000000p+31))
        #expect(N.f32ConvertI32U(0x8000_0081) == f32(0x1.000002p+31))
        #expect(N.f32ConvertI32U(0xFFFF_FE80) == f32(0x1.fffffcp+31))
        #expect(N.f32ConvertI32U(0xFFFF_FE81) == f32(0x1.fffffep+31))
        #expect(N.f32ConvertI64S(0x7FFF_FFFF_FFFF_FFFF) == f32(0x1p+63))  // 9223372036854775807 rounds up
        #expect(N.f32ConvertI64S(0x8000_0000_0000_0000) == f32(-9223372036854775808))
        #expect(N.f32ConvertI64S(314159265358979) == f32(0x1.1db9e8p+48))
        #expect(N.f32ConvertI64S(0x7FFF_FF40_0000_0001) == f32(0x1.fffffep+62))
        #expect(N.f32ConvertI64S(0x8000_0040_0000_0001) == f32(-0x1.fffffep+62))
        #expect(N.f32ConvertI64S(0x0020_0000_2000_0001) == f32(0x1.000002p+53))
        #expect(N.f32ConvertI64S(0xFFDF_FFFF_DFFF_FFFF) == f32(-0x1.000002p+53))
        // Only the sticky low bit decides these: a double rounding via f64 would get them wrong.
        #expect(N.f32ConvertI64S(0x0020_0000_0000_0001) == f32(0x1p+53))
        #expect(N.f32ConvertI64U(0x0020_0000_2000_0001) == f32(0x1.000002p+53))
        #expect(N.f32ConvertI64U(0x7FFF_FFBF_FFFF_FFFF) == f32(0x1.fffffep+62))
        #expect(N.f32ConvertI64U(0x8000_0080_0000_0001) == f32(0x1.000002p+63))
        #expect(N.f32ConvertI64U(0xFFFF_FE80_0000_0001) == f32(0x1.fffffep+63))
        #expect(N.f32ConvertI64U(0xFFFF_FF7F_FFFF_FFFF) == f32(0x1.fffffep+63))
        #expect(N.f32ConvertI64U(0xFFFF_FF80_0000_0000) == f32(0x1p+64))
        #expect(N.f32ConvertI64U(0xFFFF_FFFF_FFFF_FFFF) == f32(18446744073709551616.0))
        #expect(N.f32ConvertI64U(0x8000_0000_0000_0000) == f32(9223372036854775808))
    }

    @Test func convertToF64() {
        #expect(N.f64ConvertI32S(0x8000_0000) == f64(-2147483648))
        #expect(N.f64ConvertI32S(987654321) == f64(987654321))
        #expect(N.f64ConvertI32U(0xFFFF_FFFF) == f64(4294967295.0))
        #expect(N.f64ConvertI32U(0x8000_0000) == f64(2147483648))
        #expect(N.f64ConvertI64S(0x7FFF_FFFF_FFFF_FFFF) == f64(0x1p+63))  // 9223372036854775807 rounds up
        #expect(N.f64ConvertI64S(4669201609102990) == f64(4669201609102990))
        #expect(N.f64ConvertI64S(9007199254740993) == f64(9007199254740992))
        #expect(N.f64ConvertI64S(i64(-9007199254740993)) == f64(-9007199254740992))
        #expect(N.f64ConvertI64S(9007199254740995) == f64(9007199254740996))
        #expect(N.f64ConvertI64U(0xFFFF_FFFF_FFFF_FFFF) == f64(18446744073709551616.0))
        #expect(N.f64ConvertI64U(0x8000_0000_0000_0400) == f64(0x1.0000000000000p+63))
        #expect(N.f64ConvertI64U(0x8000_0000_0000_0401) == f64(0x1.0000000000001p+63))
        #expect(N.f64ConvertI64U(0x8000_0000_0000_0402) == f64(0x1.0000000000001p+63))
        #expect(N.f64ConvertI64U(0xFFFF_FFFF_FFFF_F400) == f64(0x1.ffffffffffffep+63))
        #expect(N.f64ConvertI64U(0xFFFF_FFFF_FFFF_F401) == f64(0x1.fffffffffffffp+63))
        #expect(N.f64ConvertI64U(0xFFFF_FFFF_FFFF_FC00) == f64(0x1p+64))
        #expect(N.f64ConvertI64U(9007199254740995) == f64(9007199254740996))
    }

    // MARK: - Promote / demote

    @Test func promoteAndDemote() {
        #expect(N.f64PromoteF32(f32(-0.0)) == f64(-0.0))
        #expect(N.f64PromoteF32(f32(0x1p-149)) == f64(0x1p-149))
        #expect(N.f64PromoteF32(f32(-0x1.fffffep+127)) == f64(-0x1.fffffep+127))
        #expect(N.f64PromoteF32(f32(0x1.8f867ep+125)) == f64(6.6382536710104395e+37))
        #expect(N.f64PromoteF32(negInf32) == negInf64)
        #expect(N.f32DemoteF64(f64(-0.0)) == f32(-0.0))
        #expect(N.f32DemoteF64(f64(-.leastNonzeroMagnitude)) == f32(-0.0))
        #expect(N.f32DemoteF64(f64(0x1.fffffe0000000p-127)) == f32(0x1p-126))
        #expect(N.f32DemoteF64(f64(0x1.fffffdfffffffp-127)) == 0x007F_FFFF)  // 0x1.fffffcp-127
        #expect(N.f32DemoteF64(f64(0x1p-149)) == f32(0x1p-149))
        #expect(N.f32DemoteF64(f64(0x1.fffffd0000000p+127)) == f32(0x1.fffffcp+127))
        #expect(N.f32DemoteF64(f64(0x1.fffffd0000001p+127)) == f32(0x1.fffffep+127))
        #expect(N.f32DemoteF64(f64(0x1.fffffefffffffp+127)) == f32(0x1.fffffep+127))
        #expect(N.f32DemoteF64(f64(0x1.ffffffp+127)) == inf32)
        #expect(N.f32DemoteF64(f64(-0x1.ffffffp+127)) == negInf32)
        #expect(N.f32DemoteF64(f64(0x1.0000010000000p+0)) == f32(1.0))
        #expect(N.f32DemoteF64(f64(0x1.0000010000001p+0)) == f32(0x1.000002p+0))
        #expect(N.f32DemoteF64(f64(0x1.0000030000000p+0)) == f32(0x1.000004p+0))
        #expect(N.f32DemoteF64(f64(0x1.0000050000000p+0)) == f32(0x1.000004p+0))
        #expect(N.f32DemoteF64(f64(0x1.4eae4f7024c7p+108)) == f32(0x1.4eae5p+108))
        #expect(N.f32DemoteF64(f64(0x1.cb98354d521ffp-127)) == 0x0072_E60D)  // 0x1.cb9834p-127
        #expect(N.f32DemoteF64(f64(-0x1.6972b30cfb562p+1)) == f32(-0x1.6972b4p+1))
        #expect(N.f32DemoteF64(f64(0x1.0p-150)) == f32(0.0))
        #expect(N.f32DemoteF64(f64(-0x1.0000000000001p-150)) == f32(-0x1p-149))
    }

    /// Reinterpretation needs no function: the bit pattern is the value. These pin down that
    /// round-tripping through Swift's float types keeps the exact bits.
    @Test func reinterpretIsIdentity() {
        #expect(f32(Float(bitPattern: 0xFFA0_0000)) == 0xFFA0_0000)
        #expect(f64(Double(bitPattern: 0x7FF4_0000_0000_0000)) == 0x7FF4_0000_0000_0000)
        #expect(f32(3.1415926) == 1078530010)
        #expect(f64(3.14159265358979) == 4614256656552045841)
        #expect(f32(0x1.b79a2ap-113) == 123456789)
    }
}
