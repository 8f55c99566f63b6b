// Cairn's soft-float library: every WebAssembly f32/f64 instruction that is not a bit move, in
// integer arithmetic only, with Cairn's exact results (docs/softfloat.md). Compiled to
// softfloat/softfloat.wasm by scripts/build-softfloat.sh; the lowering links its functions into
// programs lowered with the soft-float profile and calls them in place of float instructions.
//
// Floats are passed and returned as their bit patterns (f32 in an i32, f64 in an i64), so the
// module has no float type and, apart from one trap (below), no float instruction.
//
// Representation used inside: a finite nonzero magnitude is `sig * 2^scale` with `sig` an
// unsigned integer. Every operation computes its exact result as such a pair, or as a pair
// whose lowest bit is "sticky" (set when nonzero bits were shifted out below it), and one
// rounding function per format rounds it to nearest, ties to even, and packs it.
//
// Rules of the code: no memory, no globals, no calls to anything outside this file; helpers
// may be called (the lowering keeps the library's own calls inside the library).

typedef unsigned int u32;
typedef unsigned long long u64;
typedef int i32;
typedef long long i64;

#define EXPORT(name) __attribute__((export_name(name)))
// Helpers that return through pointers must be inlined: a call would put their locals in memory.
#define INLINE static inline __attribute__((always_inline))

#define F32_NAN 0x7FC00000u
#define F64_NAN 0x7FF8000000000000ull
#define F32_SIGN 0x80000000u
#define F64_SIGN 0x8000000000000000ull
#define F32_INF 0x7F800000u
#define F64_INF 0x7FF0000000000000ull

// MARK: - Traps

// A float-to-integer conversion of NaN: the engine's trap is "invalid conversion to integer",
// which no integer instruction raises. So this executes the one float instruction of the
// library, `i32.trunc_f32_s`, on the constant canonical NaN: it traps before producing a value.
// A referee needs only that case of that instruction (docs/softfloat.md, "Traps").
__attribute__((noinline)) static void trap_invalid_conversion(void) {
    __asm__ volatile("i32.const 2143289344\n\tf32.reinterpret_i32\n\ti32.trunc_f32_s\n\tdrop" ::: "memory");
    __builtin_unreachable();
}

// A float-to-integer conversion out of the integer's range: "integer overflow", which the
// signed division of the minimum i32 by -1 raises.
__attribute__((noinline)) static void trap_integer_overflow(void) {
    __asm__ volatile("i32.const -2147483648\n\ti32.const -1\n\ti32.div_s\n\tdrop" ::: "memory");
    __builtin_unreachable();
}

// MARK: - Helpers

static inline int leading_zeros64(u64 x) { return x ? __builtin_clzll(x) : 64; }

// `x >> n` with every bit shifted out OR-ed into the lowest bit of the result.
static inline u64 shift_right_sticky(u64 x, int n) {
    if (n <= 0) return x;
    if (n >= 64) return x != 0;
    return (x >> n) | ((x << (64 - n)) != 0);
}

// The magnitude `sig * 2^scale` normalised so that bit 62 is its leading one. Left shifts must
// be exact or move a sticky bit by a few places only (it stays below the rounding position).
INLINE u64 normalize62(u64 sig, i32 *scale) {
    int shift = leading_zeros64(sig) - 1;
    if (shift < 0) {
        *scale += 1;
        return shift_right_sticky(sig, 1);
    }
    *scale -= shift;
    return sig << shift;
}

// Rounds `sign * sig * 2^scale` (sig nonzero; sticky bit allowed) to the nearest f64, ties to
// even, through subnormals and up to infinity.
static u64 round_pack64(u64 sign, i32 scale, u64 sig) {
    u64 m = normalize62(sig, &scale);
    // The leading one is worth 2^(scale + 62): its biased exponent.
    i32 exponent = scale + 62 + 1023;
    if (exponent >= 0x7FF) return sign | F64_INF;
    i32 field;
    if (exponent <= 0) {
        // Subnormal: bit 62 now stands for the smallest normal's leading one.
        m = shift_right_sticky(m, 1 - exponent);
        field = 0;
    } else {
        field = exponent - 1;  // the leading one, added below, carries one into the field
    }
    u64 kept = m >> 10;
    u64 rest = m & 0x3FF;
    if (rest > 0x200 || (rest == 0x200 && (kept & 1))) kept += 1;
    // A carry out of the significand moves into the exponent field, as it should (up to inf).
    return sign | (((u64)field << 52) + kept);
}

// The f32 version: 24-bit significands, 39 rounding bits below bit 62.
static u32 round_pack32(u32 sign, i32 scale, u64 sig) {
    u64 m = normalize62(sig, &scale);
    i32 exponent = scale + 62 + 127;
    if (exponent >= 0xFF) return sign | F32_INF;
    i32 field;
    if (exponent <= 0) {
        m = shift_right_sticky(m, 1 - exponent);
        field = 0;
    } else {
        field = exponent - 1;
    }
    u64 kept = m >> 39;
    u64 rest = m & 0x7FFFFFFFFFull;
    u64 half = 0x4000000000ull;
    if (rest > half || (rest == half && (kept & 1))) kept += 1;
    return sign | (((u32)field << 23) + (u32)kept);
}

static inline int f32_is_nan(u32 x) { return (x & 0x7FFFFFFFu) > F32_INF; }
static inline int f64_is_nan(u64 x) { return (x & ~F64_SIGN) > F64_INF; }
static inline int f32_is_inf(u32 x) { return (x & 0x7FFFFFFFu) == F32_INF; }
static inline int f64_is_inf(u64 x) { return (x & ~F64_SIGN) == F64_INF; }
static inline int f32_is_zero(u32 x) { return (x & 0x7FFFFFFFu) == 0; }
static inline int f64_is_zero(u64 x) { return (x & ~F64_SIGN) == 0; }

// The magnitude of a finite nonzero value as `sig * 2^scale` (sig < 2^24 or 2^53).
INLINE u64 f32_unpack(u32 x, i32 *scale) {
    u32 field = (x >> 23) & 0xFF;
    u32 fraction = x & 0x7FFFFF;
    if (field == 0) { *scale = -149; return fraction; }
    *scale = (i32)field - 150;
    return fraction | 0x800000;
}

INLINE u64 f64_unpack(u64 x, i32 *scale) {
    u32 field = (u32)(x >> 52) & 0x7FF;
    u64 fraction = x & 0xFFFFFFFFFFFFFull;
    if (field == 0) { *scale = -1074; return fraction; }
    *scale = (i32)field - 1075;
    return fraction | 0x10000000000000ull;
}

// A key that orders non-NaN values as integers do (-0 just below +0).
static inline u32 f32_order(u32 x) { return (x & F32_SIGN) ? ~x : x | F32_SIGN; }
static inline u64 f64_order(u64 x) { return (x & F64_SIGN) ? ~x : x | F64_SIGN; }

// MARK: - Addition

// `a + b` for finite nonzero magnitudes that are not both zero; shared by both widths through
// 62-bit normalised significands. Returns the exact sum (sticky in bit 0) in *sig and *scale,
// the sign in the return value's low bit; a zero *sig means an exact zero.
INLINE u64 add_magnitudes(int sign_a, u64 sig_a, i32 scale_a, int sign_b, u64 sig_b, i32 scale_b,
                          i32 *scale, int *sign) {
    u64 ma = normalize62(sig_a, &scale_a);
    u64 mb = normalize62(sig_b, &scale_b);
    // Order by magnitude: a is the larger.
    if (scale_b > scale_a || (scale_b == scale_a && mb > ma)) {
        u64 tm = ma; ma = mb; mb = tm;
        i32 ts = scale_a; scale_a = scale_b; scale_b = ts;
        int tg = sign_a; sign_a = sign_b; sign_b = tg;
    }
    mb = shift_right_sticky(mb, scale_a - scale_b);
    *scale = scale_a;
    *sign = sign_a;
    return sign_a == sign_b ? ma + mb : ma - mb;
}

static u32 f32_add_bits(u32 a, u32 b) {
    if (f32_is_nan(a) || f32_is_nan(b)) return F32_NAN;
    if (f32_is_inf(a)) return (f32_is_inf(b) && ((a ^ b) & F32_SIGN)) ? F32_NAN : a;
    if (f32_is_inf(b)) return b;
    if (f32_is_zero(a)) return f32_is_zero(b) ? (a & b) : b;
    if (f32_is_zero(b)) return a;
    i32 sa, sb, scale;
    int sign;
    u64 ma = f32_unpack(a, &sa), mb = f32_unpack(b, &sb);
    u64 sum = add_magnitudes(a >> 31, ma, sa, b >> 31, mb, sb, &scale, &sign);
    if (sum == 0) return 0;  // x + (-x) is +0 when rounding to nearest
    return round_pack32(sign ? F32_SIGN : 0, scale, sum);
}

static u64 f64_add_bits(u64 a, u64 b) {
    if (f64_is_nan(a) || f64_is_nan(b)) return F64_NAN;
    if (f64_is_inf(a)) return (f64_is_inf(b) && ((a ^ b) & F64_SIGN)) ? F64_NAN : a;
    if (f64_is_inf(b)) return b;
    if (f64_is_zero(a)) return f64_is_zero(b) ? (a & b) : b;
    if (f64_is_zero(b)) return a;
    i32 sa, sb, scale;
    int sign;
    u64 ma = f64_unpack(a, &sa), mb = f64_unpack(b, &sb);
    u64 sum = add_magnitudes((int)(a >> 63), ma, sa, (int)(b >> 63), mb, sb, &scale, &sign);
    if (sum == 0) return 0;
    return round_pack64(sign ? F64_SIGN : 0, scale, sum);
}

EXPORT("f32_add") u32 sf_f32_add(u32 a, u32 b) { return f32_add_bits(a, b); }
EXPORT("f32_sub") u32 sf_f32_sub(u32 a, u32 b) { return f32_add_bits(a, b ^ F32_SIGN); }
EXPORT("f64_add") u64 sf_f64_add(u64 a, u64 b) { return f64_add_bits(a, b); }
EXPORT("f64_sub") u64 sf_f64_sub(u64 a, u64 b) { return f64_add_bits(a, b ^ F64_SIGN); }

// MARK: - Multiplication

EXPORT("f32_mul") u32 sf_f32_mul(u32 a, u32 b) {
    u32 sign = (a ^ b) & F32_SIGN;
    if (f32_is_nan(a) || f32_is_nan(b)) return F32_NAN;
    if (f32_is_inf(a) || f32_is_inf(b)) {
        return (f32_is_zero(a) || f32_is_zero(b)) ? F32_NAN : (sign | F32_INF);
    }
    if (f32_is_zero(a) || f32_is_zero(b)) return sign;
    i32 sa, sb;
    u64 ma = f32_unpack(a, &sa), mb = f32_unpack(b, &sb);
    return round_pack32(sign, sa + sb, ma * mb);  // at most 48 bits: exact
}

EXPORT("f64_mul") u64 sf_f64_mul(u64 a, u64 b) {
    u64 sign = (a ^ b) & F64_SIGN;
    if (f64_is_nan(a) || f64_is_nan(b)) return F64_NAN;
    if (f64_is_inf(a) || f64_is_inf(b)) {
        return (f64_is_zero(a) || f64_is_zero(b)) ? F64_NAN : (sign | F64_INF);
    }
    if (f64_is_zero(a) || f64_is_zero(b)) return sign;
    i32 sa, sb;
    u64 ma = f64_unpack(a, &sa), mb = f64_unpack(b, &sb);
    // The 106-bit product from 32-bit halves.
    u64 a0 = ma & 0xFFFFFFFFu, a1 = ma >> 32, b0 = mb & 0xFFFFFFFFu, b1 = mb >> 32;
    u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    u64 middle = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
    u64 low = (middle << 32) | (p00 & 0xFFFFFFFFu);
    u64 high = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
    i32 scale = sa + sb;
    if (high == 0) return round_pack64(sign, scale, low);
    // Keep the top 63 bits of the product, the rest sticky.
    int length = 128 - leading_zeros64(high);
    int shift = length - 63;  // 1 ... 43
    u64 kept = (high << (64 - shift)) | (low >> shift) | ((low << (64 - shift)) != 0);
    return round_pack64(sign, scale + shift, kept);
}

// MARK: - Division

EXPORT("f32_div") u32 sf_f32_div(u32 a, u32 b) {
    u32 sign = (a ^ b) & F32_SIGN;
    if (f32_is_nan(a) || f32_is_nan(b)) return F32_NAN;
    if (f32_is_inf(a)) return f32_is_inf(b) ? F32_NAN : (sign | F32_INF);
    if (f32_is_inf(b)) return sign;
    if (f32_is_zero(b)) return f32_is_zero(a) ? F32_NAN : (sign | F32_INF);
    if (f32_is_zero(a)) return sign;
    i32 sa, sb;
    u64 ma = f32_unpack(a, &sa), mb = f32_unpack(b, &sb);
    // Both significands with their leading one at bit 23 (exact shifts).
    int na = leading_zeros64(ma) - 40, nb = leading_zeros64(mb) - 40;
    ma <<= na; sa -= na;
    mb <<= nb; sb -= nb;
    u64 numerator = ma << 40;
    u64 quotient = numerator / mb;  // in (2^39, 2^41): over 40 exact bits
    u64 sticky = (numerator % mb) != 0;
    return round_pack32(sign, sa - sb - 40 - 21, (quotient << 21) | sticky);
}

EXPORT("f64_div") u64 sf_f64_div(u64 a, u64 b) {
    u64 sign = (a ^ b) & F64_SIGN;
    if (f64_is_nan(a) || f64_is_nan(b)) return F64_NAN;
    if (f64_is_inf(a)) return f64_is_inf(b) ? F64_NAN : (sign | F64_INF);
    if (f64_is_inf(b)) return sign;
    if (f64_is_zero(b)) return f64_is_zero(a) ? F64_NAN : (sign | F64_INF);
    if (f64_is_zero(a)) return sign;
    i32 sa, sb;
    u64 ma = f64_unpack(a, &sa), mb = f64_unpack(b, &sb);
    int na = leading_zeros64(ma) - 11, nb = leading_zeros64(mb) - 11;
    ma <<= na; sa -= na;
    mb <<= nb; sb -= nb;
    // Long division in base 2^11 with the machine's 64-bit division: ma * 2^55 / mb, 11
    // quotient bits a round (the remainder stays below mb < 2^53, so shifting it by 11 fits).
    u64 remainder = ma, quotient = 0;
    for (int i = 0; i < 5; i++) {
        remainder <<= 11;
        quotient = (quotient << 11) | (remainder / mb);
        remainder %= mb;
    }
    u64 sticky = remainder != 0;
    return round_pack64(sign, sa - sb - 55 - 7, (quotient << 7) | sticky);
}

// MARK: - Square root

// The integer square root of a 64-bit radicand: Newton's iteration from above (it decreases
// to the root, then stops), one `i64.div_u` a round.
static u64 integer_square_root(u64 radicand) {
    u64 root = 1ull << ((64 - leading_zeros64(radicand) + 1) / 2);
    for (;;) {
        u64 next = (root + radicand / root) >> 1;
        if (next >= root) return root;
        root = next;
    }
}

EXPORT("f32_sqrt") u32 sf_f32_sqrt(u32 a) {
    if (f32_is_nan(a)) return F32_NAN;
    if (f32_is_zero(a)) return a;
    if (a & F32_SIGN) return F32_NAN;
    if (f32_is_inf(a)) return a;
    i32 scale;
    u64 m = f32_unpack(a, &scale);
    int n = leading_zeros64(m) - 40;  // leading one at bit 23
    m <<= n; scale -= n;
    if (scale & 1) { m <<= 1; scale -= 1; }
    // sqrt(m * 2^38) has 31 or 32 bits.
    u64 radicand = m << 38;
    u64 root = integer_square_root(radicand);
    u64 inexact = root * root != radicand;
    return round_pack32(0, (scale - 38) / 2 - 30, (root << 30) | inexact);
}

EXPORT("f64_sqrt") u64 sf_f64_sqrt(u64 a) {
    if (f64_is_nan(a)) return F64_NAN;
    if (f64_is_zero(a)) return a;
    if (a & F64_SIGN) return F64_NAN;
    if (f64_is_inf(a)) return a;
    i32 scale;
    u64 m = f64_unpack(a, &scale);
    int n = leading_zeros64(m) - 11;  // leading one at bit 52
    m <<= n; scale -= n;
    if (scale & 1) { m <<= 1; scale -= 1; }
    // sqrt(m * 2^58) has 56 bits: the root of m * 2^10 (below 2^64) by Newton, then 24 more
    // bits digit by digit, each appending two zero bits to the radicand (root and remainder
    // stay exact: remainder = radicand so far - root^2 <= 2 * root).
    u64 radicand = m << 10;
    u64 root = integer_square_root(radicand);
    u64 remainder = radicand - root * root;
    for (int i = 0; i < 24; i++) {
        remainder <<= 2;
        u64 trial = (root << 2) | 1;
        if (remainder >= trial) {
            remainder -= trial;
            root = (root << 1) | 1;
        } else {
            root <<= 1;
        }
    }
    u64 inexact = remainder != 0;
    return round_pack64(0, (scale - 58) / 2 - 6, (root << 6) | inexact);
}

// MARK: - Minimum and maximum

EXPORT("f32_min") u32 sf_f32_min(u32 a, u32 b) {
    if (f32_is_nan(a) || f32_is_nan(b)) return F32_NAN;
    return f32_order(a) <= f32_order(b) ? a : b;
}

EXPORT("f32_max") u32 sf_f32_max(u32 a, u32 b) {
    if (f32_is_nan(a) || f32_is_nan(b)) return F32_NAN;
    return f32_order(a) >= f32_order(b) ? a : b;
}

EXPORT("f64_min") u64 sf_f64_min(u64 a, u64 b) {
    if (f64_is_nan(a) || f64_is_nan(b)) return F64_NAN;
    return f64_order(a) <= f64_order(b) ? a : b;
}

EXPORT("f64_max") u64 sf_f64_max(u64 a, u64 b) {
    if (f64_is_nan(a) || f64_is_nan(b)) return F64_NAN;
    return f64_order(a) >= f64_order(b) ? a : b;
}

// MARK: - Sign operations (bit moves, kept here so that a lowered program has no float opcode)

EXPORT("f32_abs") u32 sf_f32_abs(u32 a) { return a & ~F32_SIGN; }
EXPORT("f32_neg") u32 sf_f32_neg(u32 a) { return a ^ F32_SIGN; }
EXPORT("f32_copysign") u32 sf_f32_copysign(u32 a, u32 b) { return (a & ~F32_SIGN) | (b & F32_SIGN); }
EXPORT("f64_abs") u64 sf_f64_abs(u64 a) { return a & ~F64_SIGN; }
EXPORT("f64_neg") u64 sf_f64_neg(u64 a) { return a ^ F64_SIGN; }
EXPORT("f64_copysign") u64 sf_f64_copysign(u64 a, u64 b) { return (a & ~F64_SIGN) | (b & F64_SIGN); }

// MARK: - Comparisons (IEEE: false for a NaN operand, except ne; -0 == +0)

static inline int f32_less(u32 a, u32 b) { return f32_order(a) < f32_order(b) && !(f32_is_zero(a) && f32_is_zero(b)); }
static inline int f64_less(u64 a, u64 b) { return f64_order(a) < f64_order(b) && !(f64_is_zero(a) && f64_is_zero(b)); }
static inline int f32_equal(u32 a, u32 b) { return a == b || (f32_is_zero(a) && f32_is_zero(b)); }
static inline int f64_equal(u64 a, u64 b) { return a == b || (f64_is_zero(a) && f64_is_zero(b)); }

EXPORT("f32_eq") u32 sf_f32_eq(u32 a, u32 b) { return !f32_is_nan(a) && !f32_is_nan(b) && f32_equal(a, b); }
EXPORT("f32_ne") u32 sf_f32_ne(u32 a, u32 b) { return f32_is_nan(a) || f32_is_nan(b) || !f32_equal(a, b); }
EXPORT("f32_lt") u32 sf_f32_lt(u32 a, u32 b) { return !f32_is_nan(a) && !f32_is_nan(b) && f32_less(a, b); }
EXPORT("f32_gt") u32 sf_f32_gt(u32 a, u32 b) { return !f32_is_nan(a) && !f32_is_nan(b) && f32_less(b, a); }
EXPORT("f32_le") u32 sf_f32_le(u32 a, u32 b) { return !f32_is_nan(a) && !f32_is_nan(b) && !f32_less(b, a); }
EXPORT("f32_ge") u32 sf_f32_ge(u32 a, u32 b) { return !f32_is_nan(a) && !f32_is_nan(b) && !f32_less(a, b); }
EXPORT("f64_eq") u32 sf_f64_eq(u64 a, u64 b) { return !f64_is_nan(a) && !f64_is_nan(b) && f64_equal(a, b); }
EXPORT("f64_ne") u32 sf_f64_ne(u64 a, u64 b) { return f64_is_nan(a) || f64_is_nan(b) || !f64_equal(a, b); }
EXPORT("f64_lt") u32 sf_f64_lt(u64 a, u64 b) { return !f64_is_nan(a) && !f64_is_nan(b) && f64_less(a, b); }
EXPORT("f64_gt") u32 sf_f64_gt(u64 a, u64 b) { return !f64_is_nan(a) && !f64_is_nan(b) && f64_less(b, a); }
EXPORT("f64_le") u32 sf_f64_le(u64 a, u64 b) { return !f64_is_nan(a) && !f64_is_nan(b) && !f64_less(b, a); }
EXPORT("f64_ge") u32 sf_f64_ge(u64 a, u64 b) { return !f64_is_nan(a) && !f64_is_nan(b) && !f64_less(a, b); }

// MARK: - Rounding to an integral value

enum { TOWARD_ZERO, DOWN, UP, NEAREST };

// Rounds the bits of a finite float whose fraction field has `fraction_bits` bits and whose
// exponent bias is `bias` (both widths share it: the arithmetic is on the bits).
static u64 round_integral(u64 x, int fraction_bits, int bias, int mode) {
    u64 sign_bit = 1ull << (fraction_bits + (fraction_bits == 23 ? 8 : 11));
    int negative = (x & sign_bit) != 0;
    int field = (int)((x & ~sign_bit) >> fraction_bits);
    if (field >= bias + fraction_bits) return x;  // already integral (or inf)
    u64 one = (u64)bias << fraction_bits;  // the bits of 1.0
    if (field < bias) {
        // |x| < 1 (x is not zero).
        int up;
        switch (mode) {
        case DOWN: up = negative; break;
        case UP: up = !negative; break;
        case NEAREST: up = field == bias - 1 && (x & ~sign_bit) != ((u64)(bias - 1) << fraction_bits); break;
        default: up = 0; break;
        }
        return (x & sign_bit) | (up ? one : 0);
    }
    int fraction_places = bias + fraction_bits - field;  // 1 ... fraction_bits
    u64 unit = 1ull << fraction_places;
    u64 mask = unit - 1;
    u64 rest = x & mask;
    if (rest == 0) return x;
    int up;
    switch (mode) {
    case DOWN: up = negative; break;
    case UP: up = !negative; break;
    case NEAREST: {
        u64 half = unit >> 1;
        int odd = fraction_places == fraction_bits ? 1 : (int)((x >> fraction_places) & 1);
        up = rest > half || (rest == half && odd);
        break;
    }
    default: up = 0; break;
    }
    // Adding a unit of the last integral place carries into the exponent when it must.
    return ((up ? x + unit : x) & ~mask);
}

static u32 f32_round(u32 a, int mode) {
    if (f32_is_nan(a)) return F32_NAN;
    if (f32_is_zero(a) || f32_is_inf(a)) return a;
    return (u32)round_integral(a, 23, 127, mode);
}

static u64 f64_round(u64 a, int mode) {
    if (f64_is_nan(a)) return F64_NAN;
    if (f64_is_zero(a) || f64_is_inf(a)) return a;
    return round_integral(a, 52, 1023, mode);
}

EXPORT("f32_ceil") u32 sf_f32_ceil(u32 a) { return f32_round(a, UP); }
EXPORT("f32_floor") u32 sf_f32_floor(u32 a) { return f32_round(a, DOWN); }
EXPORT("f32_trunc") u32 sf_f32_trunc(u32 a) { return f32_round(a, TOWARD_ZERO); }
EXPORT("f32_nearest") u32 sf_f32_nearest(u32 a) { return f32_round(a, NEAREST); }
EXPORT("f64_ceil") u64 sf_f64_ceil(u64 a) { return f64_round(a, UP); }
EXPORT("f64_floor") u64 sf_f64_floor(u64 a) { return f64_round(a, DOWN); }
EXPORT("f64_trunc") u64 sf_f64_trunc(u64 a) { return f64_round(a, TOWARD_ZERO); }
EXPORT("f64_nearest") u64 sf_f64_nearest(u64 a) { return f64_round(a, NEAREST); }

// MARK: - Float to integer

// The outcome of truncating a float toward zero: NaN, too large for 64 bits, or a magnitude.
enum { TRUNC_NAN, TRUNC_HUGE, TRUNC_VALUE };

INLINE int truncate_magnitude(u64 sig, i32 scale, u64 *magnitude) {
    if (scale >= 0) {
        if (64 - leading_zeros64(sig) + scale > 64) return TRUNC_HUGE;
        *magnitude = sig << scale;
    } else {
        *magnitude = scale <= -64 ? 0 : sig >> -scale;
    }
    return TRUNC_VALUE;
}

INLINE int f32_truncate(u32 a, u64 *magnitude) {
    if (f32_is_nan(a)) return TRUNC_NAN;
    if (f32_is_inf(a)) return TRUNC_HUGE;
    if (f32_is_zero(a)) { *magnitude = 0; return TRUNC_VALUE; }
    i32 scale;
    u64 sig = f32_unpack(a, &scale);
    return truncate_magnitude(sig, scale, magnitude);
}

INLINE int f64_truncate(u64 a, u64 *magnitude) {
    if (f64_is_nan(a)) return TRUNC_NAN;
    if (f64_is_inf(a)) return TRUNC_HUGE;
    if (f64_is_zero(a)) { *magnitude = 0; return TRUNC_VALUE; }
    i32 scale;
    u64 sig = f64_unpack(a, &scale);
    return truncate_magnitude(sig, scale, magnitude);
}

// Whether the truncation fits: signed targets take magnitudes up to 2^(bits-1) when negative
// and below it when positive; unsigned ones take 0 when negative and below 2^bits when positive.
static int fits(int outcome, int negative, u64 magnitude, int bits, int is_signed) {
    if (outcome != TRUNC_VALUE) return 0;
    if (is_signed) {
        u64 limit = 1ull << (bits - 1);
        return negative ? magnitude <= limit : magnitude < limit;
    }
    if (negative) return magnitude == 0;
    return bits == 64 || magnitude < (1ull << bits);
}

// The trapping conversions: NaN traps as an invalid conversion, anything out of range as
// an integer overflow (the engine checks NaN first).
static u64 convert_or_trap(int outcome, int negative, u64 magnitude, int bits, int is_signed) {
    if (outcome == TRUNC_NAN) trap_invalid_conversion();
    if (!fits(outcome, negative, magnitude, bits, is_signed)) trap_integer_overflow();
    return negative ? 0 - magnitude : magnitude;
}

// The saturating conversions: NaN is 0, out of range clamps to the nearer bound.
static u64 convert_saturating(int outcome, int negative, u64 magnitude, int bits, int is_signed) {
    if (outcome == TRUNC_NAN) return 0;
    if (fits(outcome, negative, magnitude, bits, is_signed)) return negative ? 0 - magnitude : magnitude;
    u64 all = bits == 64 ? ~0ull : (1ull << bits) - 1;
    if (is_signed) {
        u64 minimum = 1ull << (bits - 1);
        return negative ? (0 - minimum) & all : minimum - 1;
    }
    return negative ? 0 : all;
}

#define TRUNC_FROM_F32(name, result, bits, is_signed, convert) \
    EXPORT(name) result sf_##convert##_##bits##_##is_signed##_f32(u32 a) { \
        u64 magnitude = 0; \
        int outcome = f32_truncate(a, &magnitude); \
        return (result)convert(outcome, (a & F32_SIGN) != 0, magnitude, bits, is_signed); \
    }
#define TRUNC_FROM_F64(name, result, bits, is_signed, convert) \
    EXPORT(name) result sf_##convert##_##bits##_##is_signed##_f64(u64 a) { \
        u64 magnitude = 0; \
        int outcome = f64_truncate(a, &magnitude); \
        return (result)convert(outcome, (a & F64_SIGN) != 0, magnitude, bits, is_signed); \
    }

TRUNC_FROM_F32("i32_trunc_f32_s", u32, 32, 1, convert_or_trap)
TRUNC_FROM_F32("i32_trunc_f32_u", u32, 32, 0, convert_or_trap)
TRUNC_FROM_F64("i32_trunc_f64_s", u32, 32, 1, convert_or_trap)
TRUNC_FROM_F64("i32_trunc_f64_u", u32, 32, 0, convert_or_trap)
TRUNC_FROM_F32("i64_trunc_f32_s", u64, 64, 1, convert_or_trap)
TRUNC_FROM_F32("i64_trunc_f32_u", u64, 64, 0, convert_or_trap)
TRUNC_FROM_F64("i64_trunc_f64_s", u64, 64, 1, convert_or_trap)
TRUNC_FROM_F64("i64_trunc_f64_u", u64, 64, 0, convert_or_trap)
TRUNC_FROM_F32("i32_trunc_sat_f32_s", u32, 32, 1, convert_saturating)
TRUNC_FROM_F32("i32_trunc_sat_f32_u", u32, 32, 0, convert_saturating)
TRUNC_FROM_F64("i32_trunc_sat_f64_s", u32, 32, 1, convert_saturating)
TRUNC_FROM_F64("i32_trunc_sat_f64_u", u32, 32, 0, convert_saturating)
TRUNC_FROM_F32("i64_trunc_sat_f32_s", u64, 64, 1, convert_saturating)
TRUNC_FROM_F32("i64_trunc_sat_f32_u", u64, 64, 0, convert_saturating)
TRUNC_FROM_F64("i64_trunc_sat_f64_s", u64, 64, 1, convert_saturating)
TRUNC_FROM_F64("i64_trunc_sat_f64_u", u64, 64, 0, convert_saturating)

// MARK: - Integer to float (round to nearest even)

static u32 f32_from_integer(u64 magnitude, int negative) {
    if (magnitude == 0) return 0;
    return round_pack32(negative ? F32_SIGN : 0, 0, magnitude);
}

static u64 f64_from_integer(u64 magnitude, int negative) {
    if (magnitude == 0) return 0;
    return round_pack64(negative ? F64_SIGN : 0, 0, magnitude);
}

EXPORT("f32_convert_i32_s") u32 sf_f32_convert_i32_s(u32 a) {
    int negative = (i32)a < 0;
    return f32_from_integer(negative ? 0 - (u64)(i64)(i32)a : a, negative);
}
EXPORT("f32_convert_i32_u") u32 sf_f32_convert_i32_u(u32 a) { return f32_from_integer(a, 0); }
EXPORT("f32_convert_i64_s") u32 sf_f32_convert_i64_s(u64 a) {
    int negative = (i64)a < 0;
    return f32_from_integer(negative ? 0 - a : a, negative);
}
EXPORT("f32_convert_i64_u") u32 sf_f32_convert_i64_u(u64 a) { return f32_from_integer(a, 0); }
EXPORT("f64_convert_i32_s") u64 sf_f64_convert_i32_s(u32 a) {
    int negative = (i32)a < 0;
    return f64_from_integer(negative ? 0 - (u64)(i64)(i32)a : a, negative);
}
EXPORT("f64_convert_i32_u") u64 sf_f64_convert_i32_u(u32 a) { return f64_from_integer(a, 0); }
EXPORT("f64_convert_i64_s") u64 sf_f64_convert_i64_s(u64 a) {
    int negative = (i64)a < 0;
    return f64_from_integer(negative ? 0 - a : a, negative);
}
EXPORT("f64_convert_i64_u") u64 sf_f64_convert_i64_u(u64 a) { return f64_from_integer(a, 0); }

// MARK: - Between the float widths

EXPORT("f64_promote_f32") u64 sf_f64_promote_f32(u32 a) {
    if (f32_is_nan(a)) return F64_NAN;
    u64 sign = (u64)(a & F32_SIGN) << 32;
    if (f32_is_inf(a)) return sign | F64_INF;
    if (f32_is_zero(a)) return sign;
    i32 scale;
    u64 sig = f32_unpack(a, &scale);
    return round_pack64(sign, scale, sig);  // exact
}

EXPORT("f32_demote_f64") u32 sf_f32_demote_f64(u64 a) {
    if (f64_is_nan(a)) return F32_NAN;
    u32 sign = (u32)(a >> 32) & F32_SIGN;
    if (f64_is_inf(a)) return sign | F32_INF;
    if (f64_is_zero(a)) return sign;
    i32 scale;
    u64 sig = f64_unpack(a, &scale);
    return round_pack32(sign, scale, sig);
}
