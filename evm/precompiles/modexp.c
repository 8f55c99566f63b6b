/* 0x05 (EIP-198, priced by EIP-2565): base^exp mod modulus over operands of any length.
 *
 * Numbers are little-endian arrays of 32-bit limbs, so that every product fits a uint64_t (wasm32
 * has no 128-bit multiply without compiler-rt). Each step multiplies into a double-width product
 * and reduces it by the modulus with Knuth's algorithm D (TAOCP 4.3.1), which works for any
 * modulus, odd or even; the modulus is normalised (shifted so its top bit is set) once. The
 * exponent is scanned from its most significant bit (square, then multiply on a one bit); bytes of
 * the exponent past the end of the input are zero bits and still cost their squarings. */
#include "precompiles.h"
#include "util.h"

typedef uint32_t limb;

/* The 32-byte big-endian word at `offset` of the call data, as (is it >= 2^32 ?, low 32 bits). */
static uint32_t read_length(const uint8_t *in, uint32_t len, uint32_t offset, int *too_large) {
    uint8_t word[32];
    read_padded(in, len, offset, word, 32);
    for (int i = 0; i < 28; i++) if (word[i]) *too_large = 1;
    return load32_be(word + 28);
}

/* The 32-byte big-endian word at `offset` as a saturated 64-bit value. */
static uint64_t read_length64(const uint8_t *in, uint32_t len, uint32_t offset) {
    uint8_t word[32];
    read_padded(in, len, offset, word, 32);
    for (int i = 0; i < 24; i++) if (word[i]) return UINT64_MAX;
    uint64_t value = 0;
    for (int i = 24; i < 32; i++) value = value << 8 | word[i];
    return value;
}

/* Byte `index` (from the most significant) of the call-data number at `offset`. */
static inline uint8_t byte_at(const uint8_t *in, uint32_t len, uint64_t offset, uint64_t index) {
    uint64_t at = offset + index;
    return at < len ? in[at] : 0;
}

/* Loads the big-endian number of `nbytes` bytes at `offset` into `limbs` little-endian limbs. */
static void load_number(const uint8_t *in, uint32_t len, uint64_t offset, uint32_t nbytes, limb *dst, uint32_t limbs) {
    memset(dst, 0, (__SIZE_TYPE__)limbs * sizeof(limb));
    for (uint32_t i = 0; i < nbytes; i++) {
        uint32_t from_low = nbytes - 1 - i;
        dst[from_low / 4] |= (limb)byte_at(in, len, offset, i) << (8 * (from_low % 4));
    }
}

static uint32_t significant_limbs(const limb *x, uint32_t n) {
    while (n > 0 && x[n - 1] == 0) n--;
    return n;
}

/* The modulus, normalised for algorithm D, and its scratch space. */
typedef struct {
    limb *v;       /* the modulus shifted left by `shift` (top limb has its top bit set) */
    uint32_t n;    /* significant limbs of the modulus */
    unsigned shift;
    limb *work;    /* 2n + 1 limbs: the dividend being reduced, shifted */
    limb *product; /* 2n limbs */
} modulus;

/* Reduces u (ulen limbs) modulo m into r (m->n limbs). */
static void reduce(const modulus *m, const limb *u, uint32_t ulen, limb *r) {
    uint32_t n = m->n;
    limb *un = m->work;
    unsigned s = m->shift;
    if (ulen < n) {
        memset(r, 0, (__SIZE_TYPE__)n * sizeof(limb));
        memcpy(r, u, (__SIZE_TYPE__)ulen * sizeof(limb));
        return;
    }
    /* un = u << s, with one more limb on top. */
    un[ulen] = s ? u[ulen - 1] >> (32 - s) : 0;
    for (uint32_t i = ulen - 1; i > 0; i--) un[i] = s ? (u[i] << s) | (u[i - 1] >> (32 - s)) : u[i];
    un[0] = u[0] << s;
    const limb *vn = m->v;
    if (n == 1) {
        uint64_t rem = 0;
        for (uint32_t i = ulen + 1; i-- > 0;) rem = ((rem << 32) | un[i]) % vn[0];
        r[0] = (limb)(rem >> s);
        return;
    }
    const uint64_t base = (uint64_t)1 << 32;
    for (uint32_t j = ulen - n + 1; j-- > 0;) {
        uint64_t top = ((uint64_t)un[j + n] << 32) | un[j + n - 1];
        uint64_t qhat = top / vn[n - 1];
        uint64_t rhat = top % vn[n - 1];
        while (qhat >= base || qhat * vn[n - 2] > ((rhat << 32) | un[j + n - 2])) {
            qhat--;
            rhat += vn[n - 1];
            if (rhat >= base) break;
        }
        /* un[j .. j+n] -= qhat * vn */
        int64_t borrow = 0;
        uint64_t carry = 0;
        for (uint32_t i = 0; i < n; i++) {
            uint64_t p = qhat * vn[i] + carry;
            carry = p >> 32;
            int64_t t = (int64_t)un[i + j] - borrow - (int64_t)(p & 0xffffffffu);
            un[i + j] = (limb)t;
            borrow = t < 0 ? 1 : 0;
        }
        int64_t t = (int64_t)un[j + n] - borrow - (int64_t)carry;
        un[j + n] = (limb)t;
        if (t < 0) {
            /* qhat was one too large: add the divisor back. */
            uint64_t c = 0;
            for (uint32_t i = 0; i < n; i++) {
                uint64_t sum = (uint64_t)un[i + j] + vn[i] + c;
                un[i + j] = (limb)sum;
                c = sum >> 32;
            }
            un[j + n] += (limb)c;
        }
    }
    for (uint32_t i = 0; i < n; i++) r[i] = s ? (un[i] >> s) | (un[i + 1] << (32 - s)) : un[i];
}

/* r = a * b mod m (a, b, r: m->n limbs; r may alias a or b). */
static void mulmod(const modulus *m, const limb *a, const limb *b, limb *r) {
    uint32_t n = m->n;
    limb *p = m->product;
    memset(p, 0, (__SIZE_TYPE__)(2 * n) * sizeof(limb));
    for (uint32_t i = 0; i < n; i++) {
        uint64_t carry = 0;
        uint64_t ai = a[i];
        if (ai == 0) continue;
        for (uint32_t k = 0; k < n; k++) {
            uint64_t t = ai * b[k] + p[i + k] + carry;
            p[i + k] = (limb)t;
            carry = t >> 32;
        }
        p[i + n] = (limb)carry;
    }
    reduce(m, p, 2 * n, r);
}

/* Whether the exponent's bytes from `from` on are all zero (bytes past the input are). */
static int rest_is_zero(const uint8_t *in, uint32_t len, uint64_t exp_at, uint64_t from, uint64_t exp_len) {
    for (uint64_t k = from; k < exp_len && exp_at + k < len; k++) if (in[exp_at + k]) return 0;
    return 1;
}

static int is_one(const limb *x, uint32_t n) {
    if (x[0] != 1) return 0;
    for (uint32_t i = 1; i < n; i++) if (x[i]) return 0;
    return 1;
}

int32_t evm_precompile_modexp(const uint8_t *in, uint32_t len, uint8_t *out, uint32_t out_cap) {
    int too_large = 0;
    uint32_t base_len = read_length(in, len, 0, &too_large);
    uint32_t mod_len_checked = 0;
    int mod_too_large = 0;
    mod_len_checked = read_length(in, len, 64, &mod_too_large);
    if (!mod_too_large && mod_len_checked == 0) return 0;
    uint64_t exp_len = read_length64(in, len, 32);
    /* Gas makes these unreachable; refuse rather than overflow. */
    if (too_large || mod_too_large || base_len > (1u << 28) || mod_len_checked > (1u << 28) ||
        exp_len > ((uint64_t)1 << 40) || mod_len_checked > out_cap) {
        return -1;
    }
    uint32_t mod_len = mod_len_checked;
    uint64_t base_at = 96, exp_at = 96 + (uint64_t)base_len, mod_at = exp_at + exp_len;

    uint32_t n_all = (mod_len + 3) / 4;
    limb *modulus_limbs = evm_alloc(n_all * sizeof(limb));
    if (!modulus_limbs) return -1;
    load_number(in, len, mod_at, mod_len, modulus_limbs, n_all);
    uint32_t n = significant_limbs(modulus_limbs, n_all);
    memset(out, 0, mod_len);
    if (n == 0 || is_one(modulus_limbs, n)) return (int32_t)mod_len; /* x mod 0 = 0 (EIP-198), x mod 1 = 0 */

    modulus m;
    m.n = n;
    m.shift = (unsigned)__builtin_clz(modulus_limbs[n - 1]);
    m.v = evm_alloc(n * sizeof(limb));
    if (!m.v) return -1;
    for (uint32_t i = n - 1; i > 0; i--)
        m.v[i] = m.shift ? (modulus_limbs[i] << m.shift) | (modulus_limbs[i - 1] >> (32 - m.shift)) : modulus_limbs[i];
    m.v[0] = modulus_limbs[0] << m.shift;
    uint32_t base_limbs = (base_len + 3) / 4;
    uint32_t work_limbs = (base_limbs > 2 * n ? base_limbs : 2 * n) + 1;
    m.work = evm_alloc(work_limbs * sizeof(limb));
    m.product = evm_alloc(2 * n * sizeof(limb));

    /* base mod m */
    limb *base = evm_alloc(n * sizeof(limb));
    limb *wide = evm_alloc((base_limbs ? base_limbs : 1) * sizeof(limb));
    limb *result = evm_alloc(n * sizeof(limb));
    /* Out of scratch memory: the call fails (the interpreter's allocator returns 0). */
    if (!m.work || !m.product || !base || !wide || !result) return -1;
    load_number(in, len, base_at, base_len, wide, base_limbs);
    reduce(&m, wide, significant_limbs(wide, base_limbs), base);

    memset(result, 0, n * sizeof(limb));
    result[0] = 1;
    int started = 0;
    for (uint64_t i = 0; i < exp_len; i++) {
        uint8_t byte = byte_at(in, len, exp_at, i);
        for (int bit = 7; bit >= 0; bit--) {
            if (started) mulmod(&m, result, result, result);
            if (byte >> bit & 1) {
                mulmod(&m, result, base, result);
                started = 1;
            }
        }
        /* Zero stays zero; one stays one while the rest of the exponent is zero. */
        if (started && significant_limbs(result, n) == 0) break;
        if (started && is_one(result, n) && rest_is_zero(in, len, exp_at, i + 1, exp_len)) break;
    }
    /* Big-endian, right-aligned in mod_len bytes. */
    for (uint32_t i = 0; i < n * 4 && i < mod_len; i++) out[mod_len - 1 - i] = (uint8_t)(result[i / 4] >> (8 * (i % 4)));
    return (int32_t)mod_len;
}

/* Bits in the number, minus one (0 for zero): the "index of the highest bit". */
static uint64_t highest_bit_index(const uint8_t *word, uint32_t bytes) {
    for (uint32_t i = 0; i < bytes; i++) {
        if (word[i]) return (uint64_t)(bytes - 1 - i) * 8 + (uint64_t)(31 - __builtin_clz(word[i]));
    }
    return 0;
}

uint64_t evm_precompile_modexp_gas(const uint8_t *in, uint32_t len) {
    uint64_t base_len = read_length64(in, len, 0);
    uint64_t exp_len = read_length64(in, len, 32);
    uint64_t mod_len = read_length64(in, len, 64);
    uint64_t max_len = base_len > mod_len ? base_len : mod_len;
    if (max_len == 0) return 200;
    if (max_len > ((uint64_t)1 << 35)) return UINT64_MAX;
    uint64_t words = (max_len + 7) / 8;
    uint64_t complexity = words * words; /* < 2^64: words <= 2^32 */

    /* The exponent's first min(32, exp_len) bytes, read at 96 + base_len (zero past the input). */
    uint8_t head[32];
    uint32_t head_len = exp_len < 32 ? (uint32_t)exp_len : 32;
    uint64_t exp_at = base_len > UINT64_MAX - 96 ? UINT64_MAX : 96 + base_len;
    for (uint32_t i = 0; i < head_len; i++) head[i] = byte_at(in, len, exp_at, i);
    uint64_t iterations = highest_bit_index(head, head_len);
    if (exp_len > 32) {
        if (exp_len - 32 > (UINT64_MAX >> 4)) return UINT64_MAX;
        iterations += 8 * (exp_len - 32);
    }
    if (iterations < 1) iterations = 1;
    /* floor(complexity * iterations / 3) from the 128-bit product, by long division in 32-bit
     * digits (a checked 64-bit multiply would also call __multi3 on wasm32). */
    uint64_t hi, lo;
    mul64(complexity, iterations, &hi, &lo);
    if (hi >= 3) return UINT64_MAX;
    uint64_t rem = hi;
    uint64_t upper = ((rem << 32) | (lo >> 32)) / 3;
    rem = ((rem << 32) | (lo >> 32)) % 3;
    uint64_t lower = ((rem << 32) | (lo & 0xffffffffu)) / 3;
    uint64_t gas = (upper << 32) | lower;
    return gas < 200 ? 200 : gas;
}
