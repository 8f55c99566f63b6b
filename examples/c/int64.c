/* int64.c: 64-bit integer arithmetic: division and remainder (signed and unsigned), shifts,
 * rotations, mixed signed/unsigned comparisons, bit counting, and a modular exponentiation
 * that needs a 64x64->128 multiply built from 32-bit halves.
 *
 * Exports:
 *   div_s64(a, b) rem_s64(a, b) div_u64(a, b) rem_u64(a, b)    direct i64 div/rem (b = 0 traps,
 *                                                              INT64_MIN / -1 traps for div_s64)
 *   shifts(x, n)           a mix of shl, shr_s, shr_u and rotations of x by n
 *   mixed_cmp(a, b)        bit mask of signed/unsigned comparisons between a and b
 *   bits(x)                popcount, clz and ctz of x packed into one i32
 *   mulmod(a, b, m)        (a * b) mod m for unsigned 64-bit values (m > 0)
 *   powmod(b, e, m)        b^e mod m for unsigned 64-bit values
 *   is_prime64(n)          deterministic Miller-Rabin for all n < 2^64 (1 or 0)
 *   digits_sum(x)          sum of the decimal digits of the signed value x (uses div/rem by 10)
 *   lcg_mix(n, seed)       n rounds of 64-bit LCG and xorshift mixing
 *   i32_mix(a, b)          32-bit signed/unsigned division, remainder and sign extensions
 */
#include "common.h"

EXPORT("div_s64") i64 div_s64(i64 a, i64 b) { return a / b; }
EXPORT("rem_s64") i64 rem_s64(i64 a, i64 b) { return a % b; }
EXPORT("div_u64") u64 div_u64(u64 a, u64 b) { return a / b; }
EXPORT("rem_u64") u64 rem_u64(u64 a, u64 b) { return a % b; }

static inline u64 rotl64(u64 x, u32 n) { n &= 63; return (x << n) | (x >> ((64 - n) & 63)); }

EXPORT("shifts")
i64 shifts(i64 x, i32 n) {
    u32 k = (u32)n & 63;
    u64 ux = (u64)x;
    i64 a = (i64)(ux << k);
    i64 b = x >> k;                 /* arithmetic */
    u64 c = ux >> k;                /* logical */
    u64 d = rotl64(ux, k);
    u64 e = rotl64(ux, 64 - k);     /* rotate right */
    return a ^ (b * 3) ^ (i64)(c + d) ^ (i64)(e >> 1);
}

EXPORT("mixed_cmp")
i32 mixed_cmp(i64 a, i64 b) {
    u64 ua = (u64)a, ub = (u64)b;
    return (a < b) | (a <= b) << 1 | (a > b) << 2 | (ua < ub) << 3 | (ua <= ub) << 4 |
           (ua > ub) << 5 | (a == b) << 6 | ((i32)a < (i32)b) << 7 | ((u32)a < (u32)b) << 8;
}

EXPORT("bits")
i32 bits(u64 x) {
    i32 pop = __builtin_popcountll(x);
    i32 clz = x ? __builtin_clzll(x) : 64;
    i32 ctz = x ? __builtin_ctzll(x) : 64;
    return pop | clz << 8 | ctz << 16;
}

/* (a * b) mod m without 128-bit types: schoolbook 64x64->128 product, then shift-subtract. */
EXPORT("mulmod")
u64 mulmod(u64 a, u64 b, u64 m) {
    if (m == 0) return 0;
    u64 a_lo = (u32)a, a_hi = a >> 32, b_lo = (u32)b, b_hi = b >> 32;
    u64 p0 = a_lo * b_lo, p1 = a_lo * b_hi, p2 = a_hi * b_lo, p3 = a_hi * b_hi;
    u64 mid = (p0 >> 32) + (u32)p1 + (u32)p2;
    u64 lo = (mid << 32) | (u32)p0;
    u64 hi = p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
    /* reduce the 128-bit value hi:lo modulo m, one bit at a time */
    u64 r = hi % m;
    for (int i = 63; i >= 0; i--) {
        u64 top = r >> 63;
        r = (r << 1) | ((lo >> i) & 1);
        if (top || r >= m) r -= m;
    }
    return r;
}

EXPORT("powmod")
u64 powmod(u64 b, u64 e, u64 m) {
    if (m == 1) return 0;
    u64 r = 1;
    b %= m;
    while (e) {
        if (e & 1) r = mulmod(r, b, m);
        b = mulmod(b, b, m);
        e >>= 1;
    }
    return r;
}

EXPORT("is_prime64")
i32 is_prime64(u64 n) {
    static const u64 bases[12] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
    if (n < 2) return 0;
    for (int i = 0; i < 12; i++) {
        if (n == bases[i]) return 1;
        if (n % bases[i] == 0) return 0;
    }
    u64 d = n - 1;
    int s = 0;
    while ((d & 1) == 0) { d >>= 1; s++; }
    for (int i = 0; i < 12; i++) {
        u64 x = powmod(bases[i], d, n);
        if (x == 1 || x == n - 1) continue;
        int composite = 1;
        for (int r = 1; r < s; r++) {
            x = mulmod(x, x, n);
            if (x == n - 1) { composite = 0; break; }
        }
        if (composite) return 0;
    }
    return 1;
}

EXPORT("digits_sum")
i32 digits_sum(i64 x) {
    i32 s = 0;
    while (x != 0) {
        i64 r = x % 10;            /* negative for negative x */
        s += (i32)(r < 0 ? -r : r);
        x /= 10;
    }
    return s;
}

EXPORT("lcg_mix")
u64 lcg_mix(i32 n, u64 seed) {
    u64 x = seed;
    for (i32 i = 0; i < n; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        x ^= x >> 29;
        x ^= (u64)((i64)x >> 7);
        x += (u64)(i64)(i32)(u32)x;    /* sign-extend the low half */
        x ^= (u64)(i64)(i8)(x >> 11); /* sign-extend a byte */
    }
    return x;
}

EXPORT("i32_mix")
i32 i32_mix(i32 a, i32 b) {
    if (b == 0 || (a == (i32)0x80000000 && b == -1)) return 0x7fffffff;
    i32 q = a / b, r = a % b;
    u32 uq = (u32)a / (u32)b, ur = (u32)a % (u32)b;
    i16 h = (i16)a;
    i8 c = (i8)b;
    return q * 7 + r * 13 + (i32)(uq ^ ur) + h + c;
}
