/* alt_bn128 (internal to the precompiles): the tower Fp6 = Fp2[v]/(v^3 - xi), Fp12 = Fp6[w]/(w^2 - v)
 * with xi = 9 + u, the groups G1 = E(Fp) and G2 on the twist E'(Fp2) (y^2 = x^3 + 3/xi), and
 * the pairing. The field arithmetic is in bn254_field.h. */
#ifndef EVM_BN254_H
#define EVM_BN254_H

#include "bn254_field.h"

typedef struct { fp2 c0, c1, c2; } fp6;  /* c0 + c1 v + c2 v^2 */
typedef struct { fp6 c0, c1; } fp12;     /* c0 + c1 w */

fp6 fp6_add(fp6 a, fp6 b);
fp6 fp6_sub(fp6 a, fp6 b);
fp6 fp6_mul(fp6 a, fp6 b);
fp6 fp6_mul_v(fp6 a);
fp6 fp6_inv(fp6 a);
fp12 fp12_one(void);
fp12 fp12_mul(fp12 a, fp12 b);
fp12 fp12_square(fp12 a);
fp12 fp12_conj(fp12 a);
fp12 fp12_inv(fp12 a);
int fp12_is_one(fp12 a);
fp12 fp12_frobenius(fp12 a);
/* f times a line (a, 0, 0) + (b, c, 0) w */
fp12 fp12_mul_by_line(fp12 f, fp2 a, fp2 b, fp2 c);

/* Points in Jacobian coordinates (x = X/Z^2, y = Y/Z^3); Z = 0 is the point at infinity. */
typedef struct { fp x, y, z; } g1;
typedef struct { fp2 x, y, z; } g2;

/* Reads a G1 point (x, y: 32 bytes each, big-endian; (0, 0) is infinity). 0 if a coordinate is
 * >= p or the point is not on the curve. */
int g1_read(const uint8_t in[64], g1 *out);
void g1_write(g1 point, uint8_t out[64]);
g1 g1_add(g1 a, g1 b);
g1 g1_double(g1 a);
/* a times the big-endian scalar of `bytes` bytes */
g1 g1_mul(g1 a, const uint8_t *scalar, uint32_t bytes);
/* affine coordinates of a finite point (Z = 1) */
g1 g1_normalize(g1 a);

/* Reads a G2 point (x, y in Fp2, each as its u coefficient then its constant, 32 bytes each;
 * all zero is infinity). 0 if a coordinate is >= p, or the point is off the twist or outside
 * the order-n subgroup. */
int g2_read(const uint8_t in[128], g2 *out);
g2 g2_add(g2 a, g2 b);
g2 g2_double(g2 a);
g2 g2_mul(g2 a, const uint8_t *scalar, uint32_t bytes);
g2 g2_normalize(g2 a);

/* f^((p^12 - 1)/n), the last step of the pairing (bn254_pairing.c). */
fp12 bn254_final_exponentiation(fp12 f);

#endif
