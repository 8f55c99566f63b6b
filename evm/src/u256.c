/* 256-bit word arithmetic for the EVM's stack: four 64-bit limbs, no 128-bit integers (they
 * would need compiler-rt on wasm32), division by shift-and-subtract with a 64-bit fast path. */
#include "evm.h"

/* The 128-bit product of a and b, from 32-bit halves. */
static void mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo) {
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    *lo = (mid << 32) | (p00 & 0xffffffffu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

u256 u256_from_u64(uint64_t v) { u256 r = {{v, 0, 0, 0}}; return r; }

u256 u256_from_be(const uint8_t *bytes, uint32_t len) {
    u256 r = {{0, 0, 0, 0}};
    for (uint32_t i = 0; i < len && i < 32; i++) {
        uint32_t bit = (len - 1 - i) * 8;
        r.w[bit / 64] |= (uint64_t)bytes[i] << (bit % 64);
    }
    return r;
}

void u256_to_be(const u256 *a, uint8_t out[32]) {
    for (int i = 0; i < 32; i++) out[31 - i] = (uint8_t)(a->w[i / 8] >> ((i % 8) * 8));
}

int u256_is_zero(const u256 *a) { return (a->w[0] | a->w[1] | a->w[2] | a->w[3]) == 0; }
int u256_fits_u64(const u256 *a) { return (a->w[1] | a->w[2] | a->w[3]) == 0; }

int u256_eq(const u256 *a, const u256 *b) {
    return a->w[0] == b->w[0] && a->w[1] == b->w[1] && a->w[2] == b->w[2] && a->w[3] == b->w[3];
}

int u256_lt(const u256 *a, const u256 *b) {
    for (int i = 3; i >= 0; i--) if (a->w[i] != b->w[i]) return a->w[i] < b->w[i];
    return 0;
}

static int is_negative(const u256 *a) { return (int)(a->w[3] >> 63); }

int u256_slt(const u256 *a, const u256 *b) {
    int na = is_negative(a), nb = is_negative(b);
    if (na != nb) return na;
    return u256_lt(a, b);
}

u256 u256_add(const u256 *a, const u256 *b) {
    u256 r; uint64_t carry = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t s = a->w[i] + carry; uint64_t c1 = s < carry;
        r.w[i] = s + b->w[i]; carry = c1 | (r.w[i] < s);
    }
    return r;
}

u256 u256_sub(const u256 *a, const u256 *b) {
    u256 r; uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t d = a->w[i] - b->w[i]; uint64_t b1 = a->w[i] < b->w[i];
        r.w[i] = d - borrow; borrow = b1 | (d < borrow);
    }
    return r;
}

static u256 negate(const u256 *a) { u256 z = {{0, 0, 0, 0}}; return u256_sub(&z, a); }

/* The full product of a and b in 8 limbs. */
static void mul_wide(const u256 *a, const u256 *b, uint64_t out[8]) {
    for (int i = 0; i < 8; i++) out[i] = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        if (a->w[i] == 0) continue;
        for (int j = 0; j < 4; j++) {
            uint64_t hi, lo;
            mul64(a->w[i], b->w[j], &hi, &lo);
            uint64_t s = out[i + j] + lo; hi += s < lo;
            s += carry; hi += s < carry;
            out[i + j] = s; carry = hi;
        }
        out[i + 4] = carry;
    }
}

u256 u256_mul(const u256 *a, const u256 *b) {
    u256 r = {{0, 0, 0, 0}};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        if (a->w[i] == 0) continue;
        for (int j = 0; i + j < 4; j++) {
            uint64_t hi, lo;
            mul64(a->w[i], b->w[j], &hi, &lo);
            uint64_t s = r.w[i + j] + lo; hi += s < lo;
            s += carry; hi += s < carry;
            r.w[i + j] = s; carry = hi;
        }
    }
    return r;
}

/* Remainder (and optionally quotient) of the `limbs`-limb number n by the nonzero d,
 * one bit at a time. */
static u256 divmod_wide(const uint64_t *n, int limbs, const u256 *d, uint64_t *quotient) {
    u256 r = {{0, 0, 0, 0}};
    if (quotient) for (int i = 0; i < limbs; i++) quotient[i] = 0;
    int top = limbs * 64 - 1;
    while (top >= 0 && n[top / 64] == 0) top -= 64;
    while (top >= 0 && ((n[top / 64] >> (top % 64)) & 1) == 0) top--;
    for (int bit = top; bit >= 0; bit--) {
        uint64_t overflow = r.w[3] >> 63;
        r.w[3] = (r.w[3] << 1) | (r.w[2] >> 63);
        r.w[2] = (r.w[2] << 1) | (r.w[1] >> 63);
        r.w[1] = (r.w[1] << 1) | (r.w[0] >> 63);
        r.w[0] = (r.w[0] << 1) | ((n[bit / 64] >> (bit % 64)) & 1);
        if (overflow || !u256_lt(&r, d)) {
            r = u256_sub(&r, d);
            if (quotient) quotient[bit / 64] |= (uint64_t)1 << (bit % 64);
        }
    }
    return r;
}

u256 u256_div(const u256 *a, const u256 *b) {
    u256 q = {{0, 0, 0, 0}};
    if (u256_is_zero(b)) return q;
    if (u256_fits_u64(a) && u256_fits_u64(b)) return u256_from_u64(a->w[0] / b->w[0]);
    if (u256_lt(a, b)) return q;
    divmod_wide(a->w, 4, b, q.w);
    return q;
}

u256 u256_mod(const u256 *a, const u256 *b) {
    u256 z = {{0, 0, 0, 0}};
    if (u256_is_zero(b)) return z;
    if (u256_fits_u64(a) && u256_fits_u64(b)) return u256_from_u64(a->w[0] % b->w[0]);
    if (u256_lt(a, b)) return *a;
    return divmod_wide(a->w, 4, b, 0);
}

u256 u256_sdiv(const u256 *a, const u256 *b) {
    int na = is_negative(a), nb = is_negative(b);
    u256 x = na ? negate(a) : *a, y = nb ? negate(b) : *b;
    u256 q = u256_div(&x, &y);
    return na != nb ? negate(&q) : q;
}

u256 u256_smod(const u256 *a, const u256 *b) {
    int na = is_negative(a), nb = is_negative(b);
    u256 x = na ? negate(a) : *a, y = nb ? negate(b) : *b;
    u256 r = u256_mod(&x, &y);
    return na ? negate(&r) : r;
}

u256 u256_addmod(const u256 *a, const u256 *b, const u256 *m) {
    u256 z = {{0, 0, 0, 0}};
    if (u256_is_zero(m)) return z;
    uint64_t wide[5];
    u256 s = u256_add(a, b);
    for (int i = 0; i < 4; i++) wide[i] = s.w[i];
    wide[4] = u256_lt(&s, a) ? 1 : 0;
    return divmod_wide(wide, 5, m, 0);
}

u256 u256_mulmod(const u256 *a, const u256 *b, const u256 *m) {
    u256 z = {{0, 0, 0, 0}};
    if (u256_is_zero(m)) return z;
    uint64_t wide[8];
    mul_wide(a, b, wide);
    return divmod_wide(wide, 8, m, 0);
}

u256 u256_exp(const u256 *base, const u256 *exponent) {
    u256 result = u256_from_u64(1), b = *base;
    int top = 255;
    while (top >= 0 && ((exponent->w[top / 64] >> (top % 64)) & 1) == 0) top--;
    for (int bit = 0; bit <= top; bit++) {
        if ((exponent->w[bit / 64] >> (bit % 64)) & 1) result = u256_mul(&result, &b);
        if (bit < top) b = u256_mul(&b, &b);
    }
    return result;
}

u256 u256_signextend(const u256 *byte_index, const u256 *value) {
    if (!u256_fits_u64(byte_index) || byte_index->w[0] >= 31) return *value;
    uint32_t bit = (uint32_t)byte_index->w[0] * 8 + 7;
    int negative = (value->w[bit / 64] >> (bit % 64)) & 1;
    u256 r = *value;
    for (uint32_t i = bit + 1; i < 256; i++) {
        uint64_t mask = (uint64_t)1 << (i % 64);
        if (negative) r.w[i / 64] |= mask; else r.w[i / 64] &= ~mask;
    }
    return r;
}

u256 u256_shl(const u256 *shift, const u256 *value) {
    u256 r = {{0, 0, 0, 0}};
    if (!u256_fits_u64(shift) || shift->w[0] >= 256) return r;
    uint32_t s = (uint32_t)shift->w[0], limbs = s / 64, bits = s % 64;
    for (int i = 3; i >= (int)limbs; i--) {
        uint64_t v = value->w[i - limbs] << bits;
        if (bits && i - (int)limbs - 1 >= 0) v |= value->w[i - limbs - 1] >> (64 - bits);
        r.w[i] = v;
    }
    return r;
}

u256 u256_shr(const u256 *shift, const u256 *value) {
    u256 r = {{0, 0, 0, 0}};
    if (!u256_fits_u64(shift) || shift->w[0] >= 256) return r;
    uint32_t s = (uint32_t)shift->w[0], limbs = s / 64, bits = s % 64;
    for (uint32_t i = 0; i + limbs < 4; i++) {
        uint64_t v = value->w[i + limbs] >> bits;
        if (bits && i + limbs + 1 < 4) v |= value->w[i + limbs + 1] << (64 - bits);
        r.w[i] = v;
    }
    return r;
}

u256 u256_sar(const u256 *shift, const u256 *value) {
    int negative = is_negative(value);
    if (!u256_fits_u64(shift) || shift->w[0] >= 256) {
        uint64_t fill = negative ? ~(uint64_t)0 : 0;
        u256 r = {{fill, fill, fill, fill}};
        return r;
    }
    u256 r = u256_shr(shift, value);
    if (negative) {
        uint32_t s = (uint32_t)shift->w[0];
        for (uint32_t i = 256 - s; i < 256; i++) r.w[i / 64] |= (uint64_t)1 << (i % 64);
    }
    return r;
}

u256 u256_byte(const u256 *index, const u256 *value) {
    if (!u256_fits_u64(index) || index->w[0] >= 32) return u256_from_u64(0);
    uint32_t bit = (31 - (uint32_t)index->w[0]) * 8;
    return u256_from_u64((value->w[bit / 64] >> (bit % 64)) & 0xff);
}

uint32_t u256_byte_length(const u256 *a) {
    for (int i = 3; i >= 0; i--) {
        if (a->w[i]) {
            uint32_t n = 8;
            while (((a->w[i] >> ((n - 1) * 8)) & 0xff) == 0) n--;
            return (uint32_t)i * 8 + n;
        }
    }
    return 0;
}
