/* 0x08 (EIP-197): whether the product of the optimal ate pairings of (G1, G2) pairs is one.
 *
 * The Miller loop runs over 6x + 2 (x the BN parameter), for all pairs at once (one squaring of
 * f a step). For points T, Q of E'(Fp2), embedded in E(Fp12) as (x w^2, y w^3) (so that
 * w^6 = xi), the line through them has slope lambda w (lambda the slope on the twist), and its
 * value at P = (xp, yp) is yp - lambda xp w + (lambda xT - yT) w^3: sparse in the basis
 * (1, v, v^2)(1, w). T is kept in projective coordinates and each line is scaled by a factor in
 * Fp2 (which the final exponentiation sends to 1), so that no step inverts. Two more
 * lines, through pi(Q) and -pi^2(Q) (pi the Frobenius, which acts on the twist as
 * (x, y) -> (conj(x) xi^((p-1)/3), conj(y) xi^((p-1)/2))), complete the optimal ate pairing.
 *
 * The final exponentiation is below. */
#include "bn254.h"
#include "precompiles.h"
#include "util.h"

typedef struct { fp2 x, y; } affine2;

/* The point T of one pair's Miller loop, in homogeneous projective coordinates (x = X/Z,
 * y = Y/Z) so that no step inverts. */
typedef struct { fp2 x, y, z; } projective2;

/* A line's value at P, a yp + b xp w + c w^3 (a, b, c in Fp2): f times it, where a line is
 * sparse in the basis (1, v, v^2)(1, w): (a yp, 0, 0) + (b xp, c, 0) w. */
static fp12 mul_by_line(fp12 f, fp2 a, fp2 b, fp2 c, g1 p) {
    return fp12_mul_by_line(f, fp2_mul_fp(a, p.y), fp2_mul_fp(b, p.x), c);
}

/* f times the tangent at T (evaluated at P); T becomes 2T. With the slope
 * lambda = 3X^2 / (2YZ), the line yp - lambda xp w + (lambda x - y) w^3 scaled by 2YZ^2 (a factor
 * in Fp2, which the final exponentiation removes) is 2YZ^2 yp - 3X^2 Z xp w + (3X^3 - 2Y^2 Z) w^3,
 * and 2T = (2XYZ (9X^3 - 8Y^2 Z), 36X^3 Y^2 Z - 27X^6 - 8Y^4 Z^2, 8Y^3 Z^3). */
static fp12 double_step(fp12 f, projective2 *t, g1 p) {
    fp2 x2 = fp2_square(t->x), y2 = fp2_square(t->y);
    fp2 x3 = fp2_mul(x2, t->x);
    fp2 yz = fp2_mul(t->y, t->z);
    fp2 y2z = fp2_mul(y2, t->z);
    fp2 three_x2 = fp2_add(fp2_double(x2), x2);
    fp2 three_x3 = fp2_add(fp2_double(x3), x3);
    f = mul_by_line(f, fp2_double(fp2_mul(yz, t->z)), fp2_neg(fp2_mul(three_x2, t->z)),
                    fp2_sub(three_x3, fp2_double(y2z)), p);
    fp2 nine_x3 = fp2_add(fp2_double(three_x3), three_x3);
    fp2 eight_y2z = fp2_double(fp2_double(fp2_double(y2z)));
    fp2 nx = fp2_mul(fp2_double(fp2_mul(t->x, yz)), fp2_sub(nine_x3, eight_y2z));
    /* 36X^3 Y^2 Z - 27X^6 - 8Y^4 Z^2 = 9X^3 (4 Y^2 Z - 3X^3) - 8 (Y^2 Z)^2 */
    fp2 four_y2z = fp2_double(fp2_double(y2z));
    fp2 ny = fp2_sub(fp2_mul(nine_x3, fp2_sub(four_y2z, three_x3)),
                     fp2_double(fp2_double(fp2_double(fp2_square(y2z)))));
    fp2 two_yz = fp2_double(yz);
    fp2 nz = fp2_mul(fp2_square(two_yz), two_yz);
    t->x = nx; t->y = ny; t->z = nz;
    return f;
}

/* f times the chord through T and the affine Q (evaluated at P); T becomes T + Q. With
 * N = yq Z - Y and D = xq Z - X (slope N/D), the line through Q scaled by D is
 * D yp - N xp w + (N xq - D yq) w^3, and with E = N^2 Z - D^2 (X + xq Z),
 * T + Q = (D E, N (D^2 X - E) - Y D^3, D^3 Z). */
static fp12 add_step(fp12 f, projective2 *t, affine2 q, g1 p) {
    fp2 n = fp2_sub(fp2_mul(q.y, t->z), t->y);
    fp2 d = fp2_sub(fp2_mul(q.x, t->z), t->x);
    f = mul_by_line(f, d, fp2_neg(n), fp2_sub(fp2_mul(n, q.x), fp2_mul(d, q.y)), p);
    fp2 d2 = fp2_square(d), d3 = fp2_mul(d2, d);
    fp2 d2x = fp2_mul(d2, t->x);
    fp2 e = fp2_sub(fp2_mul(fp2_square(n), t->z), fp2_mul(d2, fp2_add(t->x, fp2_mul(q.x, t->z))));
    fp2 nx = fp2_mul(d, e);
    fp2 ny = fp2_sub(fp2_mul(n, fp2_sub(d2x, e)), fp2_mul(t->y, d3));
    fp2 nz = fp2_mul(d3, t->z);
    t->x = nx; t->y = ny; t->z = nz;
    return f;
}

static affine2 twist_frobenius(affine2 q) {
    affine2 r = {fp2_mul(fp2_conj(q.x), BN254_FROB_X), fp2_mul(fp2_conj(q.y), BN254_FROB_Y)};
    return r;
}

/* The product of the Miller functions of `count` pairs (finite, affine), sharing f's squarings;
 * `ts` holds each pair's T. */
static fp12 miller_loop(const g1 *ps, const g2 *qs, projective2 *ts, uint32_t count) {
    for (uint32_t k = 0; k < count; k++) {
        ts[k].x = qs[k].x; ts[k].y = qs[k].y; ts[k].z = fp2_one();
    }
    fp12 f = fp12_one();
    int started = 0;
    for (uint32_t i = 0; i < sizeof BN254_ATE_LOOP; i++) {
        for (int bit = 7; bit >= 0; bit--) {
            int set = BN254_ATE_LOOP[i] >> bit & 1;
            if (!started) {
                started = set; /* the top bit: T = Q, f = 1 */
                continue;
            }
            f = fp12_square(f);
            for (uint32_t k = 0; k < count; k++) {
                affine2 q = {qs[k].x, qs[k].y};
                f = double_step(f, &ts[k], ps[k]);
                if (set) f = add_step(f, &ts[k], q, ps[k]);
            }
        }
    }
    for (uint32_t k = 0; k < count; k++) {
        affine2 q = {qs[k].x, qs[k].y};
        affine2 q1 = twist_frobenius(q);
        affine2 q2neg = twist_frobenius(q1);
        q2neg.y = fp2_neg(q2neg.y);
        f = add_step(f, &ts[k], q1, ps[k]);
        f = add_step(f, &ts[k], q2neg, ps[k]);
    }
    return f;
}

/* a^x for the BN parameter x (63 bits). */
static fp12 pow_x(fp12 a) {
    fp12 result = a;
    for (int bit = 61; bit >= 0; bit--) {
        result = fp12_square(result);
        if (BN254_X >> bit & 1) result = fp12_mul(result, a);
    }
    return result;
}

/* f^((p^12 - 1)/n) = f^((p^6 - 1)(p^2 + 1)(p^4 - p^2 + 1)/n). The first two factors are a
 * conjugate over an inverse and a Frobenius; the last, the hard part, is written in base p with
 * coefficients that are polynomials in x (Scott, Benger, Charlemagne, Dominguez Perez, Kachisa,
 * "On the final exponentiation for calculating pairings on ordinary elliptic curves", 2009):
 * three powers by x, Frobenius maps, and a short addition chain. After the first part f is
 * unitary, so its inverse is its conjugate. */
fp12 bn254_final_exponentiation(fp12 f) {
    fp12 t = fp12_mul(fp12_conj(f), fp12_inv(f));
    t = fp12_mul(fp12_frobenius(fp12_frobenius(t)), t);

    fp12 fx = pow_x(t), fx2 = pow_x(fx), fx3 = pow_x(fx2);
    fp12 tp = fp12_frobenius(t), tp2 = fp12_frobenius(tp), tp3 = fp12_frobenius(tp2);
    fp12 y0 = fp12_mul(fp12_mul(tp, tp2), tp3);
    fp12 y1 = fp12_conj(t);
    fp12 y2 = fp12_frobenius(fp12_frobenius(fx2));
    fp12 y3 = fp12_conj(fp12_frobenius(fx));
    fp12 y4 = fp12_conj(fp12_mul(fx, fp12_frobenius(fx2)));
    fp12 y5 = fp12_conj(fx2);
    fp12 y6 = fp12_conj(fp12_mul(fx3, fp12_frobenius(fx3)));

    fp12 t0 = fp12_mul(fp12_mul(fp12_square(y6), y4), y5);
    fp12 t1 = fp12_mul(fp12_mul(y3, y5), t0);
    t0 = fp12_mul(t0, y2);
    t1 = fp12_square(fp12_mul(fp12_square(t1), t0));
    t0 = fp12_mul(t1, y1);
    t1 = fp12_mul(t1, y0);
    t0 = fp12_mul(fp12_square(t0), t1);
    return t0;
}

int32_t evm_precompile_bn254_pairing(const uint8_t *in, uint32_t len, uint8_t out[32]) {
    if (len % 192) return -1;
    uint32_t pairs = len / 192, count = 0;
    g1 *ps = evm_alloc(pairs * sizeof(g1) + 1);
    g2 *qs = evm_alloc(pairs * sizeof(g2) + 1);
    projective2 *ts = evm_alloc(pairs * sizeof(projective2) + 1);
    if (!ps || !qs || !ts) return -1; /* out of scratch memory: the call fails */
    for (uint32_t at = 0; at < len; at += 192) {
        if (!g1_read(in + at, &ps[count]) || !g2_read(in + at + 64, &qs[count])) return -1;
        /* e(O, Q) = e(P, O) = 1: such a pair drops out of the product. */
        if (!fp_is_zero(ps[count].z) && !fp2_is_zero(qs[count].z)) count++;
    }
    memset(out, 0, 32);
    out[31] = count == 0 || fp12_is_one(bn254_final_exponentiation(miller_loop(ps, qs, ts, count))) ? 1 : 0;
    return 32;
}
