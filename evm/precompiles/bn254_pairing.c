/* 0x08 (EIP-197): whether the product of the optimal ate pairings of (G1, G2) pairs is one.
 *
 * The Miller loop runs over 6x + 2 (x the BN parameter) with the point T on the twist in affine
 * coordinates: each step's slope costs an Fp2 inversion, but the lines need no conversion. For
 * points T, Q of E'(Fp2), embedded in E(Fp12) as (x w^2, y w^3) (so that w^6 = xi), the line
 * through them has slope lambda w (lambda the slope on the twist), and its value at P = (xp, yp)
 * is yp - lambda xp w + (lambda xT - yT) w^3: sparse in the basis (1, v, v^2) (1, w). Two more
 * lines, through pi(Q) and -pi^2(Q) (pi the Frobenius, which acts on the twist as
 * (x, y) -> (conj(x) xi^((p-1)/3), conj(y) xi^((p-1)/2))), complete the optimal ate pairing.
 *
 * The final exponentiation to (p^12 - 1)/n is f^(p^6 - 1) (a conjugate over an inverse), then a
 * plain 4-bit-window exponentiation to (p^6 + 1)/n. */
#include "bn254.h"
#include "precompiles.h"
#include "util.h"

typedef struct { fp2 x, y; } affine2;

/* The line with slope lambda (on the twist) through T, evaluated at P. */
static fp12 line_value(fp2 lambda, affine2 t, g1 p) {
    fp12 l;
    memset(&l, 0, sizeof l);
    l.c0.c0.c0 = p.y;
    l.c1.c0 = fp2_neg(fp2_mul_fp(lambda, p.x));
    l.c1.c1 = fp2_sub(fp2_mul(lambda, t.x), t.y);
    return l;
}

/* T + Q given the slope; the x and y of the sum on the twist. */
static affine2 chord_point(fp2 lambda, affine2 t, fp2 qx) {
    affine2 r;
    r.x = fp2_sub(fp2_sub(fp2_square(lambda), t.x), qx);
    r.y = fp2_sub(fp2_mul(lambda, fp2_sub(t.x, r.x)), t.y);
    return r;
}

/* f times the tangent at T (evaluated at P); T becomes 2T. */
static fp12 double_step(fp12 f, affine2 *t, g1 p) {
    fp2 x2 = fp2_square(t->x);
    fp2 lambda = fp2_mul(fp2_add(fp2_double(x2), x2), fp2_inv(fp2_double(t->y)));
    f = fp12_mul(f, line_value(lambda, *t, p));
    *t = chord_point(lambda, *t, t->x);
    return f;
}

/* f times the chord through T and Q (evaluated at P); T becomes T + Q. */
static fp12 add_step(fp12 f, affine2 *t, affine2 q, g1 p) {
    fp2 lambda = fp2_mul(fp2_sub(q.y, t->y), fp2_inv(fp2_sub(q.x, t->x)));
    f = fp12_mul(f, line_value(lambda, *t, p));
    *t = chord_point(lambda, *t, q.x);
    return f;
}

static affine2 twist_frobenius(affine2 q) {
    affine2 r = {fp2_mul(fp2_conj(q.x), BN254_FROB_X), fp2_mul(fp2_conj(q.y), BN254_FROB_Y)};
    return r;
}

fp12 bn254_miller_loop(g1 p, g2 q2) {
    affine2 q = {q2.x, q2.y};
    affine2 t = q;
    fp12 f = fp12_one();
    int started = 0;
    for (uint32_t i = 0; i < sizeof BN254_ATE_LOOP; i++) {
        for (int bit = 7; bit >= 0; bit--) {
            int set = BN254_ATE_LOOP[i] >> bit & 1;
            if (!started) {
                started = set; /* the top bit: T = Q, f = 1 */
                continue;
            }
            f = double_step(fp12_square(f), &t, p);
            if (set) f = add_step(f, &t, q, p);
        }
    }
    affine2 q1 = twist_frobenius(q);
    affine2 q2neg = twist_frobenius(q1);
    q2neg.y = fp2_neg(q2neg.y);
    f = add_step(f, &t, q1, p);
    f = add_step(f, &t, q2neg, p);
    return f;
}

fp12 bn254_final_exponentiation(fp12 f) {
    fp12 g = fp12_mul(fp12_conj(f), fp12_inv(f));
    fp12 table[16];
    table[0] = fp12_one();
    for (int i = 1; i < 16; i++) table[i] = fp12_mul(table[i - 1], g);
    fp12 result = fp12_one();
    for (uint32_t i = 0; i < sizeof BN254_FINAL_EXP; i++) {
        for (int half = 1; half >= 0; half--) {
            for (int k = 0; k < 4; k++) result = fp12_square(result);
            unsigned nibble = (BN254_FINAL_EXP[i] >> (4 * half)) & 15;
            if (nibble) result = fp12_mul(result, table[nibble]);
        }
    }
    return result;
}

int32_t evm_precompile_bn254_pairing(const uint8_t *in, uint32_t len, uint8_t out[32]) {
    if (len % 192) return -1;
    fp12 f = fp12_one();
    for (uint32_t at = 0; at < len; at += 192) {
        g1 p;
        g2 q;
        if (!g1_read(in + at, &p) || !g2_read(in + at + 64, &q)) return -1;
        if (fp_is_zero(p.z) || fp2_is_zero(q.z)) continue; /* e(O, Q) = e(P, O) = 1 */
        f = fp12_mul(f, bn254_miller_loop(p, q));
    }
    memset(out, 0, 32);
    out[31] = fp12_is_one(bn254_final_exponentiation(f)) ? 1 : 0;
    return 32;
}
