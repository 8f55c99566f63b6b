/* matmul.c: integer matrix multiplication.
 *
 * Exports:
 *   matmul_trace(n, seed)     C = A * B for n x n i32 matrices (n <= 96, wrapping arithmetic);
 *                             returns trace(C)
 *   matmul_checksum(n, seed)  a checksum of all of C, as i64
 *   matpow_fib(k)             the top-right entry of [[1,1],[1,0]]^k by repeated squaring,
 *                             modulo 2^64 (= fib(k) mod 2^64)
 *   transpose_check(n, seed)  1 if (A B)^T == B^T A^T, else 0
 */
#include "common.h"

#define MAX_N 96
static i32 A[MAX_N * MAX_N], B[MAX_N * MAX_N], C[MAX_N * MAX_N], D[MAX_N * MAX_N];

static i32 clamp(i32 n) { return n < 1 ? 1 : n > MAX_N ? MAX_N : n; }

static void generate(i32 n, u32 seed) {
    u32 s = seed_state(seed);
    for (i32 i = 0; i < n * n; i++) A[i] = (i32)(xorshift32(&s) % 201) - 100;
    for (i32 i = 0; i < n * n; i++) B[i] = (i32)(xorshift32(&s) % 201) - 100;
}

static void multiply(const i32 *x, const i32 *y, i32 *z, i32 n) {
    for (i32 i = 0; i < n; i++)
        for (i32 j = 0; j < n; j++) {
            i32 acc = 0;
            for (i32 k = 0; k < n; k++) acc += x[i * n + k] * y[k * n + j];
            z[i * n + j] = acc;
        }
}

static void transpose(const i32 *x, i32 *y, i32 n) {
    for (i32 i = 0; i < n; i++)
        for (i32 j = 0; j < n; j++) y[j * n + i] = x[i * n + j];
}

EXPORT("matmul_trace")
i32 matmul_trace(i32 n, u32 seed) {
    n = clamp(n);
    generate(n, seed);
    multiply(A, B, C, n);
    i32 t = 0;
    for (i32 i = 0; i < n; i++) t += C[i * n + i];
    return t;
}

EXPORT("matmul_checksum")
i64 matmul_checksum(i32 n, u32 seed) {
    n = clamp(n);
    generate(n, seed);
    multiply(A, B, C, n);
    i64 h = 0;
    for (i32 i = 0; i < n * n; i++) h = h * 1000003 + C[i];
    return h;
}

EXPORT("matpow_fib")
u64 matpow_fib(u32 k) {
    u64 r00 = 1, r01 = 0, r10 = 0, r11 = 1; /* identity */
    u64 m00 = 1, m01 = 1, m10 = 1, m11 = 0;
    while (k) {
        if (k & 1) {
            u64 a = r00 * m00 + r01 * m10, b = r00 * m01 + r01 * m11;
            u64 c = r10 * m00 + r11 * m10, d = r10 * m01 + r11 * m11;
            r00 = a; r01 = b; r10 = c; r11 = d;
        }
        u64 a = m00 * m00 + m01 * m10, b = m00 * m01 + m01 * m11;
        u64 c = m10 * m00 + m11 * m10, d = m10 * m01 + m11 * m11;
        m00 = a; m01 = b; m10 = c; m11 = d;
        k >>= 1;
    }
    return r01;
}

EXPORT("transpose_check")
i32 transpose_check(i32 n, u32 seed) {
    n = clamp(n);
    generate(n, seed);
    multiply(A, B, C, n);  /* C = AB */
    transpose(C, D, n);    /* D = (AB)^T */
    transpose(A, C, n);    /* C = A^T */
    transpose(B, A, n);    /* A = B^T */
    multiply(A, C, B, n);  /* B = B^T A^T */
    for (i32 i = 0; i < n * n; i++)
        if (B[i] != D[i]) return 0;
    return 1;
}
