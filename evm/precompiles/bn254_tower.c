/* The extension tower of alt_bn128: Fp6 = Fp2[v]/(v^3 - xi) and Fp12 = Fp6[w]/(w^2 - v), xi = 9 + u.
 * Multiplications use Karatsuba's three-products form at both levels; inversions reduce to one
 * inversion in Fp (a norm down the tower). */
#include "bn254.h"

fp6 fp6_add(fp6 a, fp6 b) { fp6 r = {fp2_add(a.c0, b.c0), fp2_add(a.c1, b.c1), fp2_add(a.c2, b.c2)}; return r; }
fp6 fp6_sub(fp6 a, fp6 b) { fp6 r = {fp2_sub(a.c0, b.c0), fp2_sub(a.c1, b.c1), fp2_sub(a.c2, b.c2)}; return r; }
static fp6 fp6_neg(fp6 a) { fp6 r = {fp2_neg(a.c0), fp2_neg(a.c1), fp2_neg(a.c2)}; return r; }
static fp6 fp6_zero(void) { fp6 r = {fp2_zero(), fp2_zero(), fp2_zero()}; return r; }

/* times v: (c0 + c1 v + c2 v^2) v = xi c2 + c0 v + c1 v^2 */
fp6 fp6_mul_v(fp6 a) { fp6 r = {fp2_mul_xi(a.c2), a.c0, a.c1}; return r; }

fp6 fp6_mul(fp6 a, fp6 b) {
    fp2 t0 = fp2_mul(a.c0, b.c0), t1 = fp2_mul(a.c1, b.c1), t2 = fp2_mul(a.c2, b.c2);
    /* c0 = t0 + xi ((a1 + a2)(b1 + b2) - t1 - t2) */
    fp2 c0 = fp2_add(t0, fp2_mul_xi(fp2_sub(fp2_sub(fp2_mul(fp2_add(a.c1, a.c2), fp2_add(b.c1, b.c2)), t1), t2)));
    /* c1 = (a0 + a1)(b0 + b1) - t0 - t1 + xi t2 */
    fp2 c1 = fp2_add(fp2_sub(fp2_sub(fp2_mul(fp2_add(a.c0, a.c1), fp2_add(b.c0, b.c1)), t0), t1), fp2_mul_xi(t2));
    /* c2 = (a0 + a2)(b0 + b2) - t0 - t2 + t1 */
    fp2 c2 = fp2_add(fp2_sub(fp2_sub(fp2_mul(fp2_add(a.c0, a.c2), fp2_add(b.c0, b.c2)), t0), t2), t1);
    fp6 r = {c0, c1, c2};
    return r;
}

/* a (b0 + b1 v): five products instead of six. With t0 = a0 b0, t1 = a1 b1:
 * c0 = t0 + xi a2 b1, c1 = (a0 + a1)(b0 + b1) - t0 - t1, c2 = a2 b0 + t1. */
static fp6 fp6_mul_by_01(fp6 a, fp2 b0, fp2 b1) {
    fp2 t0 = fp2_mul(a.c0, b0), t1 = fp2_mul(a.c1, b1);
    fp6 r;
    r.c0 = fp2_add(t0, fp2_mul_xi(fp2_mul(a.c2, b1)));
    r.c1 = fp2_sub(fp2_sub(fp2_mul(fp2_add(a.c0, a.c1), fp2_add(b0, b1)), t0), t1);
    r.c2 = fp2_add(fp2_mul(a.c2, b0), t1);
    return r;
}

static fp6 fp6_mul_fp2(fp6 a, fp2 b) {
    fp6 r = {fp2_mul(a.c0, b), fp2_mul(a.c1, b), fp2_mul(a.c2, b)};
    return r;
}

fp6 fp6_inv(fp6 a) {
    fp2 t0 = fp2_sub(fp2_square(a.c0), fp2_mul_xi(fp2_mul(a.c1, a.c2)));
    fp2 t1 = fp2_sub(fp2_mul_xi(fp2_square(a.c2)), fp2_mul(a.c0, a.c1));
    fp2 t2 = fp2_sub(fp2_square(a.c1), fp2_mul(a.c0, a.c2));
    fp2 det = fp2_add(fp2_mul(a.c0, t0), fp2_mul_xi(fp2_add(fp2_mul(a.c2, t1), fp2_mul(a.c1, t2))));
    fp2 inv = fp2_inv(det);
    fp6 r = {fp2_mul(t0, inv), fp2_mul(t1, inv), fp2_mul(t2, inv)};
    return r;
}

fp12 fp12_one(void) {
    fp12 r = {fp6_zero(), fp6_zero()};
    r.c0.c0 = fp2_one();
    return r;
}

/* (a0 + a1 w)(b0 + b1 w) = (a0 b0 + a1 b1 v) + ((a0 + a1)(b0 + b1) - a0 b0 - a1 b1) w */
fp12 fp12_mul(fp12 a, fp12 b) {
    fp6 t0 = fp6_mul(a.c0, b.c0), t1 = fp6_mul(a.c1, b.c1);
    fp6 c1 = fp6_sub(fp6_sub(fp6_mul(fp6_add(a.c0, a.c1), fp6_add(b.c0, b.c1)), t0), t1);
    fp12 r = {fp6_add(t0, fp6_mul_v(t1)), c1};
    return r;
}

/* f (l0 + l1 w) for a line: l0 = (a, 0, 0) and l1 = (b, c, 0) in Fp6. Karatsuba over w with the
 * zeros skipped: 13 Fp2 products instead of 18. */
fp12 fp12_mul_by_line(fp12 f, fp2 a, fp2 b, fp2 c) {
    fp6 t0 = fp6_mul_fp2(f.c0, a);
    fp6 t1 = fp6_mul_by_01(f.c1, b, c);
    fp6 sum = fp6_mul_by_01(fp6_add(f.c0, f.c1), fp2_add(a, b), c);
    fp12 r = {fp6_add(t0, fp6_mul_v(t1)), fp6_sub(fp6_sub(sum, t0), t1)};
    return r;
}

/* (a0 + a1 w)^2 = ((a0 + a1)(a0 + v a1) - t - v t) + 2 t w, t = a0 a1 */
fp12 fp12_square(fp12 a) {
    fp6 t = fp6_mul(a.c0, a.c1);
    fp6 c0 = fp6_sub(fp6_sub(fp6_mul(fp6_add(a.c0, a.c1), fp6_add(a.c0, fp6_mul_v(a.c1))), t), fp6_mul_v(t));
    fp12 r = {c0, fp6_add(t, t)};
    return r;
}

/* a0 - a1 w: the p^6-th power (the Frobenius of Fp12 over Fp6) */
fp12 fp12_conj(fp12 a) {
    fp12 r = {a.c0, fp6_neg(a.c1)};
    return r;
}

/* (a0 - a1 w) / (a0^2 - v a1^2) */
fp12 fp12_inv(fp12 a) {
    fp6 norm = fp6_sub(fp6_mul(a.c0, a.c0), fp6_mul_v(fp6_mul(a.c1, a.c1)));
    fp6 inv = fp6_inv(norm);
    fp12 r = {fp6_mul(a.c0, inv), fp6_neg(fp6_mul(a.c1, inv))};
    return r;
}

int fp12_is_one(fp12 a) {
    return fp2_eq(a.c0.c0, fp2_one()) && fp2_is_zero(a.c0.c1) && fp2_is_zero(a.c0.c2) &&
           fp2_is_zero(a.c1.c0) && fp2_is_zero(a.c1.c1) && fp2_is_zero(a.c1.c2);
}

/* f^p. Writing f = sum of g_i w^i (i = 0..5; c0 = g0 + g2 v + g4 v^2, c1 = g1 + g3 v + g5 v^2,
 * as v = w^2), f^p = sum of conj(g_i) w^(ip) = sum of conj(g_i) xi^(i(p-1)/6) w^i. */
fp12 fp12_frobenius(fp12 a) {
    fp12 r;
    r.c0.c0 = fp2_conj(a.c0.c0);
    r.c1.c0 = fp2_mul(fp2_conj(a.c1.c0), BN254_FROB12[0]);
    r.c0.c1 = fp2_mul(fp2_conj(a.c0.c1), BN254_FROB12[1]);
    r.c1.c1 = fp2_mul(fp2_conj(a.c1.c1), BN254_FROB12[2]);
    r.c0.c2 = fp2_mul(fp2_conj(a.c0.c2), BN254_FROB12[3]);
    r.c1.c2 = fp2_mul(fp2_conj(a.c1.c2), BN254_FROB12[4]);
    return r;
}
