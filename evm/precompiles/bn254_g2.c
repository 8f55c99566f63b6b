/* G2: the order-n subgroup of the twist E'(Fp2), E': y^2 = x^3 + 3/xi, in Jacobian coordinates.
 * Unlike G1, the twist has a large cofactor, so a point read from call data must also be checked
 * to be in the subgroup: n Q must be the point at infinity (EIP-197). */
#include "bn254.h"
#include "util.h"

static g2 g2_infinity(void) { g2 r = {fp2_one(), fp2_one(), fp2_zero()}; return r; }

/* Reads an Fp2 element as EIP-197 lays it out: the u coefficient, then the constant. */
static int fp2_read(const uint8_t in[64], fp2 *out) {
    return fp_from_bytes(in, &out->c1) && fp_from_bytes(in + 32, &out->c0);
}

int g2_read(const uint8_t in[128], g2 *out) {
    fp2 x, y;
    if (!fp2_read(in, &x) || !fp2_read(in + 64, &y)) return 0;
    if (fp2_is_zero(x) && fp2_is_zero(y)) {
        *out = g2_infinity();
        return 1;
    }
    fp2 rhs = fp2_add(fp2_mul(fp2_square(x), x), BN254_TWIST_B);
    if (!fp2_eq(fp2_square(y), rhs)) return 0;
    g2 point = {x, y, fp2_one()};
    uint8_t order[32];
    for (int i = 0; i < 32; i++) order[i] = (uint8_t)(BN254_N.l[3 - i / 8] >> (56 - 8 * (i % 8)));
    if (!fp2_is_zero(g2_mul(point, order, 32).z)) return 0;
    *out = point;
    return 1;
}

g2 g2_normalize(g2 a) {
    if (fp2_is_zero(a.z)) return a;
    fp2 zi = fp2_inv(a.z);
    fp2 zi2 = fp2_square(zi);
    g2 r = {fp2_mul(a.x, zi2), fp2_mul(a.y, fp2_mul(zi2, zi)), fp2_one()};
    return r;
}

/* dbl-2009-l (a = 0) */
g2 g2_double(g2 a) {
    if (fp2_is_zero(a.z)) return a;
    fp2 A = fp2_square(a.x), B = fp2_square(a.y), C = fp2_square(B);
    fp2 D = fp2_double(fp2_sub(fp2_sub(fp2_square(fp2_add(a.x, B)), A), C));
    fp2 E = fp2_add(fp2_double(A), A), F = fp2_square(E);
    g2 r;
    r.x = fp2_sub(F, fp2_double(D));
    fp2 eight_c = fp2_double(fp2_double(fp2_double(C)));
    r.y = fp2_sub(fp2_mul(E, fp2_sub(D, r.x)), eight_c);
    r.z = fp2_double(fp2_mul(a.y, a.z));
    return r;
}

/* add-2007-bl, with the equal and opposite cases */
g2 g2_add(g2 a, g2 b) {
    if (fp2_is_zero(a.z)) return b;
    if (fp2_is_zero(b.z)) return a;
    fp2 z1z1 = fp2_square(a.z), z2z2 = fp2_square(b.z);
    fp2 u1 = fp2_mul(a.x, z2z2), u2 = fp2_mul(b.x, z1z1);
    fp2 s1 = fp2_mul(fp2_mul(a.y, b.z), z2z2), s2 = fp2_mul(fp2_mul(b.y, a.z), z1z1);
    fp2 h = fp2_sub(u2, u1);
    fp2 r2 = fp2_double(fp2_sub(s2, s1));
    if (fp2_is_zero(h)) return fp2_is_zero(r2) ? g2_double(a) : g2_infinity();
    fp2 i = fp2_square(fp2_double(h)), j = fp2_mul(h, i), v = fp2_mul(u1, i);
    g2 r;
    r.x = fp2_sub(fp2_sub(fp2_square(r2), j), fp2_double(v));
    r.y = fp2_sub(fp2_mul(r2, fp2_sub(v, r.x)), fp2_double(fp2_mul(s1, j)));
    r.z = fp2_mul(fp2_sub(fp2_sub(fp2_square(fp2_add(a.z, b.z)), z1z1), z2z2), h);
    return r;
}

g2 g2_mul(g2 a, const uint8_t *scalar, uint32_t bytes) {
    g2 result = g2_infinity();
    for (uint32_t i = 0; i < bytes; i++) {
        for (int bit = 7; bit >= 0; bit--) {
            result = g2_double(result);
            if (scalar[i] >> bit & 1) result = g2_add(result, a);
        }
    }
    return result;
}
