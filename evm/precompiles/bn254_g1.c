/* G1 = E(Fp), E: y^2 = x^3 + 3, in Jacobian coordinates; the precompiles 0x06 (add) and 0x07
 * (scalar multiplication) of EIP-196. Every point of E(Fp) is in G1 (the cofactor is 1), so a
 * point on the curve is valid. */
#include "bn254.h"
#include "precompiles.h"
#include "util.h"

static g1 g1_infinity(void) { g1 r = {BN254_ONE, BN254_ONE, fp_zero()}; return r; }

int g1_read(const uint8_t in[64], g1 *out) {
    fp x, y;
    if (!fp_from_bytes(in, &x) || !fp_from_bytes(in + 32, &y)) return 0;
    if (fp_is_zero(x) && fp_is_zero(y)) {
        *out = g1_infinity();
        return 1;
    }
    fp rhs = fp_add(fp_mul(fp_square(x), x), BN254_B);
    if (!fp_eq(fp_square(y), rhs)) return 0;
    g1 point = {x, y, BN254_ONE};
    *out = point;
    return 1;
}

g1 g1_normalize(g1 a) {
    if (fp_is_zero(a.z)) return a;
    fp zi = fp_inv(a.z);
    fp zi2 = fp_square(zi);
    g1 r = {fp_mul(a.x, zi2), fp_mul(a.y, fp_mul(zi2, zi)), BN254_ONE};
    return r;
}

void g1_write(g1 point, uint8_t out[64]) {
    if (fp_is_zero(point.z)) {
        memset(out, 0, 64);
        return;
    }
    g1 affine = g1_normalize(point);
    fp_to_bytes(affine.x, out);
    fp_to_bytes(affine.y, out + 32);
}

/* dbl-2009-l (a = 0) */
g1 g1_double(g1 a) {
    if (fp_is_zero(a.z)) return a;
    fp A = fp_square(a.x), B = fp_square(a.y), C = fp_square(B);
    fp D = fp_double(fp_sub(fp_sub(fp_square(fp_add(a.x, B)), A), C));
    fp E = fp_add(fp_double(A), A), F = fp_square(E);
    g1 r;
    r.x = fp_sub(F, fp_double(D));
    fp eight_c = fp_double(fp_double(fp_double(C)));
    r.y = fp_sub(fp_mul(E, fp_sub(D, r.x)), eight_c);
    r.z = fp_double(fp_mul(a.y, a.z));
    return r;
}

/* add-2007-bl, with the equal and opposite cases */
g1 g1_add(g1 a, g1 b) {
    if (fp_is_zero(a.z)) return b;
    if (fp_is_zero(b.z)) return a;
    fp z1z1 = fp_square(a.z), z2z2 = fp_square(b.z);
    fp u1 = fp_mul(a.x, z2z2), u2 = fp_mul(b.x, z1z1);
    fp s1 = fp_mul(fp_mul(a.y, b.z), z2z2), s2 = fp_mul(fp_mul(b.y, a.z), z1z1);
    fp h = fp_sub(u2, u1);
    fp r2 = fp_double(fp_sub(s2, s1));
    if (fp_is_zero(h)) return fp_is_zero(r2) ? g1_double(a) : g1_infinity();
    fp i = fp_square(fp_double(h)), j = fp_mul(h, i), v = fp_mul(u1, i);
    g1 r;
    r.x = fp_sub(fp_sub(fp_square(r2), j), fp_double(v));
    r.y = fp_sub(fp_mul(r2, fp_sub(v, r.x)), fp_double(fp_mul(s1, j)));
    r.z = fp_mul(fp_sub(fp_sub(fp_square(fp_add(a.z, b.z)), z1z1), z2z2), h);
    return r;
}

g1 g1_mul(g1 a, const uint8_t *scalar, uint32_t bytes) {
    g1 result = g1_infinity();
    for (uint32_t i = 0; i < bytes; i++) {
        for (int bit = 7; bit >= 0; bit--) {
            result = g1_double(result);
            if (scalar[i] >> bit & 1) result = g1_add(result, a);
        }
    }
    return result;
}

int32_t evm_precompile_bn254_add(const uint8_t *in, uint32_t len, uint8_t out[64]) {
    uint8_t data[128];
    read_padded(in, len, 0, data, 128);
    g1 a, b;
    if (!g1_read(data, &a) || !g1_read(data + 64, &b)) return -1;
    g1_write(g1_add(a, b), out);
    return 64;
}

int32_t evm_precompile_bn254_mul(const uint8_t *in, uint32_t len, uint8_t out[64]) {
    uint8_t data[96];
    read_padded(in, len, 0, data, 96);
    g1 a;
    if (!g1_read(data, &a)) return -1;
    g1_write(g1_mul(a, data + 64, 32), out);
    return 64;
}
