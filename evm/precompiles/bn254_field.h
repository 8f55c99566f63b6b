/* The base field Fp of alt_bn128 and its quadratic extension Fp2 = Fp[u]/(u^2 + 1) (internal).
 *
 * An Fp element is four 64-bit limbs, little-endian, in Montgomery form (a * 2^256 mod p), fully
 * reduced (< p). Products use util.h's 64x64 -> 128-bit multiply.
 * Everything is static inline: the tower and the curve code are built from these calls. */
#ifndef EVM_BN254_FIELD_H
#define EVM_BN254_FIELD_H

#include <stdint.h>

typedef struct { uint64_t l[4]; } fp;
typedef struct { fp c0, c1; } fp2; /* c0 + c1 u */

#include "bn254_constants.h"
#include "util.h"

/* (carry, result) = a + b * c + carry_in: fits in 128 bits. */
static inline uint64_t mac(uint64_t a, uint64_t b, uint64_t c, uint64_t *carry) {
    uint64_t hi, lo;
    mul64(b, c, &hi, &lo);
    lo += a;
    hi += lo < a;
    lo += *carry;
    hi += lo < *carry;
    *carry = hi;
    return lo;
}

static inline uint64_t add_carry(uint64_t a, uint64_t b, uint64_t *carry) {
    uint64_t sum = a + b;
    uint64_t c1 = sum < a;
    uint64_t result = sum + *carry;
    *carry = c1 | (result < sum);
    return result;
}

static inline uint64_t sub_borrow(uint64_t a, uint64_t b, uint64_t *borrow) {
    uint64_t diff = a - b;
    uint64_t b1 = a < b;
    uint64_t result = diff - *borrow;
    *borrow = b1 | (diff < *borrow);
    return result;
}

/* a >= p (for a < 2^256) */
static inline int fp_geq_p(const uint64_t a[4]) {
    for (int i = 3; i >= 0; i--) {
        if (a[i] != BN254_P.l[i]) return a[i] > BN254_P.l[i];
    }
    return 1;
}

static inline void fp_sub_p(uint64_t a[4]) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) a[i] = sub_borrow(a[i], BN254_P.l[i], &borrow);
}

static inline fp fp_add(fp a, fp b) {
    fp r;
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++) r.l[i] = add_carry(a.l[i], b.l[i], &carry);
    /* p < 2^254: the sum of two reduced elements never carries out of 256 bits. */
    if (fp_geq_p(r.l)) fp_sub_p(r.l);
    return r;
}

static inline fp fp_sub(fp a, fp b) {
    fp r;
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) r.l[i] = sub_borrow(a.l[i], b.l[i], &borrow);
    if (borrow) {
        uint64_t carry = 0;
        for (int i = 0; i < 4; i++) r.l[i] = add_carry(r.l[i], BN254_P.l[i], &carry);
    }
    return r;
}

static inline int fp_is_zero(fp a) { return (a.l[0] | a.l[1] | a.l[2] | a.l[3]) == 0; }

static inline int fp_eq(fp a, fp b) {
    return a.l[0] == b.l[0] && a.l[1] == b.l[1] && a.l[2] == b.l[2] && a.l[3] == b.l[3];
}

static inline fp fp_zero(void) { fp z = {{0, 0, 0, 0}}; return z; }

static inline fp fp_neg(fp a) { return fp_is_zero(a) ? a : fp_sub(fp_zero(), a); }

static inline fp fp_double(fp a) { return fp_add(a, a); }

/* Montgomery multiplication (CIOS): a * b / 2^256 mod p.
 *
 * On wasm32 (or with EVM_PRECOMPILES_LIMB32, to test that path natively) it works on eight 32-bit
 * limbs: every product and carry then fits a uint64_t, where 64-bit limbs would need each 128-bit
 * product built from four 32-bit ones. R = 2^256 either way, so the Montgomery form, the
 * constants and every other function are shared; only -p^-1 is taken mod 2^32. */
#if defined(__wasm__) || defined(EVM_PRECOMPILES_LIMB32)
static inline fp fp_mul(fp a, fp b) {
    uint32_t x[8], y[8], m32[8], t[10] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        x[2 * i] = (uint32_t)a.l[i]; x[2 * i + 1] = (uint32_t)(a.l[i] >> 32);
        y[2 * i] = (uint32_t)b.l[i]; y[2 * i + 1] = (uint32_t)(b.l[i] >> 32);
        m32[2 * i] = (uint32_t)BN254_P.l[i]; m32[2 * i + 1] = (uint32_t)(BN254_P.l[i] >> 32);
    }
    const uint32_t inv = (uint32_t)BN254_P_INV;
    for (int i = 0; i < 8; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 8; j++) {
            uint64_t v = (uint64_t)t[j] + (uint64_t)x[j] * y[i] + carry;
            t[j] = (uint32_t)v;
            carry = v >> 32;
        }
        uint64_t v = (uint64_t)t[8] + carry;
        t[8] = (uint32_t)v;
        t[9] = (uint32_t)(v >> 32);
        uint32_t m = t[0] * inv;
        carry = ((uint64_t)t[0] + (uint64_t)m * m32[0]) >> 32;
        for (int j = 1; j < 8; j++) {
            uint64_t w = (uint64_t)t[j] + (uint64_t)m * m32[j] + carry;
            t[j - 1] = (uint32_t)w;
            carry = w >> 32;
        }
        v = (uint64_t)t[8] + carry;
        t[7] = (uint32_t)v;
        t[8] = t[9] + (uint32_t)(v >> 32);
    }
    fp r;
    for (int i = 0; i < 4; i++) r.l[i] = (uint64_t)t[2 * i] | (uint64_t)t[2 * i + 1] << 32;
    if (t[8] || fp_geq_p(r.l)) fp_sub_p(r.l);
    return r;
}
#else
static inline fp fp_mul(fp a, fp b) {
    uint64_t t[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) t[j] = mac(t[j], a.l[j], b.l[i], &carry);
        uint64_t c2 = 0;
        t[4] = add_carry(t[4], carry, &c2);
        t[5] = c2;
        uint64_t m = t[0] * BN254_P_INV;
        carry = 0;
        mac(t[0], m, BN254_P.l[0], &carry);
        for (int j = 1; j < 4; j++) t[j - 1] = mac(t[j], m, BN254_P.l[j], &carry);
        c2 = 0;
        t[3] = add_carry(t[4], carry, &c2);
        t[4] = t[5] + c2;
    }
    fp r = {{t[0], t[1], t[2], t[3]}};
    if (t[4] || fp_geq_p(r.l)) fp_sub_p(r.l);
    return r;
}

#endif

static inline fp fp_square(fp a) { return fp_mul(a, a); }

/* a^e for a plain little-endian exponent of 4 limbs. */
static inline fp fp_pow(fp a, const uint64_t e[4]) {
    fp result = BN254_ONE;
    for (int i = 255; i >= 0; i--) {
        result = fp_square(result);
        if (e[i / 64] >> (i % 64) & 1) result = fp_mul(result, a);
    }
    return result;
}

/* a^-1 = a^(p-2) (Fermat); 0 maps to 0. */
static inline fp fp_inv(fp a) {
    uint64_t e[4] = {BN254_P.l[0] - 2, BN254_P.l[1], BN254_P.l[2], BN254_P.l[3]};
    return fp_pow(a, e);
}

/* Big-endian bytes to a Montgomery element; 0 when the value is >= p. */
static inline int fp_from_bytes(const uint8_t in[32], fp *out) {
    fp a;
    for (int i = 0; i < 4; i++) {
        uint64_t limb = 0;
        for (int k = 0; k < 8; k++) limb = limb << 8 | in[(3 - i) * 8 + k];
        a.l[i] = limb;
    }
    if (fp_geq_p(a.l)) return 0;
    *out = fp_mul(a, BN254_R2);
    return 1;
}

static inline void fp_to_bytes(fp a, uint8_t out[32]) {
    fp one = {{1, 0, 0, 0}};
    fp plain = fp_mul(a, one);
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 8; k++) out[(3 - i) * 8 + k] = (uint8_t)(plain.l[i] >> (56 - 8 * k));
}

/* ---- Fp2 ---- */

static inline fp2 fp2_add(fp2 a, fp2 b) { fp2 r = {fp_add(a.c0, b.c0), fp_add(a.c1, b.c1)}; return r; }
static inline fp2 fp2_sub(fp2 a, fp2 b) { fp2 r = {fp_sub(a.c0, b.c0), fp_sub(a.c1, b.c1)}; return r; }
static inline fp2 fp2_neg(fp2 a) { fp2 r = {fp_neg(a.c0), fp_neg(a.c1)}; return r; }
static inline fp2 fp2_double(fp2 a) { return fp2_add(a, a); }
static inline fp2 fp2_conj(fp2 a) { fp2 r = {a.c0, fp_neg(a.c1)}; return r; }
static inline int fp2_is_zero(fp2 a) { return fp_is_zero(a.c0) && fp_is_zero(a.c1); }
static inline int fp2_eq(fp2 a, fp2 b) { return fp_eq(a.c0, b.c0) && fp_eq(a.c1, b.c1); }
static inline fp2 fp2_zero(void) { fp2 z = {fp_zero(), fp_zero()}; return z; }
static inline fp2 fp2_one(void) { fp2 o = {BN254_ONE, fp_zero()}; return o; }

/* (a0 + a1 u)(b0 + b1 u) = (a0 b0 - a1 b1) + ((a0 + a1)(b0 + b1) - a0 b0 - a1 b1) u */
static inline fp2 fp2_mul(fp2 a, fp2 b) {
    fp t0 = fp_mul(a.c0, b.c0), t1 = fp_mul(a.c1, b.c1);
    fp t2 = fp_mul(fp_add(a.c0, a.c1), fp_add(b.c0, b.c1));
    fp2 r = {fp_sub(t0, t1), fp_sub(fp_sub(t2, t0), t1)};
    return r;
}

/* (a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u */
static inline fp2 fp2_square(fp2 a) {
    fp2 r = {fp_mul(fp_add(a.c0, a.c1), fp_sub(a.c0, a.c1)), fp_double(fp_mul(a.c0, a.c1))};
    return r;
}

static inline fp2 fp2_mul_fp(fp2 a, fp b) { fp2 r = {fp_mul(a.c0, b), fp_mul(a.c1, b)}; return r; }

/* times xi = 9 + u: (9 a0 - a1) + (a0 + 9 a1) u */
static inline fp2 fp2_mul_xi(fp2 a) {
    fp2 eight = fp2_double(fp2_double(fp2_double(a)));
    fp2 nine = fp2_add(eight, a);
    fp2 r = {fp_sub(nine.c0, a.c1), fp_add(nine.c1, a.c0)};
    return r;
}

/* (a0 - a1 u) / (a0^2 + a1^2) */
static inline fp2 fp2_inv(fp2 a) {
    fp d = fp_inv(fp_add(fp_square(a.c0), fp_square(a.c1)));
    fp2 r = {fp_mul(a.c0, d), fp_neg(fp_mul(a.c1, d))};
    return r;
}

#endif
