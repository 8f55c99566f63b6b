/* fmatmul.c: f64 and f32 matrix multiplication (loads, stores, float multiply-add in plain
 * IEEE basic operations, so every engine must produce the same bits).
 *
 * Exports:
 *   fmatmul64(n, seed)   C = A * B for n x n f64 matrices (n <= 160); returns sum(C[i][i] * (i + 1))
 *   fmatmul32(n, seed)   the same in f32, with a blocked (i, k, j) loop order; returns the f32 sum of C
 */
#include "bench.h"

#define MAX_N 160
static double A[MAX_N * MAX_N], B[MAX_N * MAX_N], C[MAX_N * MAX_N];
static float A32[MAX_N * MAX_N], B32[MAX_N * MAX_N], C32[MAX_N * MAX_N];

static i32 clamp(i32 n) { return n < 1 ? 1 : n > MAX_N ? MAX_N : n; }

EXPORT("fmatmul64")
double fmatmul64(i32 n, u32 seed) {
    n = clamp(n);
    u32 s = rng_seed(seed);
    for (i32 i = 0; i < n * n; i++) A[i] = (double)(i32)(rng_next(&s) % 2001u - 1000) / 256.0;
    for (i32 i = 0; i < n * n; i++) B[i] = (double)(i32)(rng_next(&s) % 2001u - 1000) / 512.0;
    for (i32 i = 0; i < n; i++)
        for (i32 j = 0; j < n; j++) {
            double acc = 0;
            for (i32 k = 0; k < n; k++) acc += A[i * n + k] * B[k * n + j];
            C[i * n + j] = acc;
        }
    double t = 0;
    for (i32 i = 0; i < n; i++) t += C[i * n + i] * (double)(i + 1);
    return t;
}

EXPORT("fmatmul32")
float fmatmul32(i32 n, u32 seed) {
    n = clamp(n);
    u32 s = rng_seed(seed);
    for (i32 i = 0; i < n * n; i++) A32[i] = (float)(i32)(rng_next(&s) % 201u - 100) * 0.125f;
    for (i32 i = 0; i < n * n; i++) B32[i] = (float)(i32)(rng_next(&s) % 201u - 100) * 0.0625f;
    for (i32 i = 0; i < n * n; i++) C32[i] = 0;
    for (i32 i = 0; i < n; i++)
        for (i32 k = 0; k < n; k++) {
            float a = A32[i * n + k];
            for (i32 j = 0; j < n; j++) C32[i * n + j] += a * B32[k * n + j];
        }
    float t = 0;
    for (i32 i = 0; i < n * n; i++) t += C32[i];
    return t;
}
