/* floats.c: f32 and f64 workloads whose results the differential test compares bit for bit.
 * Only IEEE-754 basic operations (+ - * / sqrt, min/max, conversions) are used, so every
 * conforming engine must produce the same bits.
 *
 * Exports:
 *   mandelbrot(size, iters)    points of a size x size grid over [-2,1]x[-1.5,1.5] that stay
 *                              bounded for `iters` iterations (i32)
 *   nbody_energy(steps)        energy of the 5-body solar system after `steps` steps (f64)
 *   pi_leibniz(n)              sum of n terms of the Leibniz series times 4 (f64)
 *   sqrt_newton(x)             Newton iteration for sqrt(x) in f32, from an f32 argument
 *   harmonic32(n)              sum of 1/k for k = 1..n in f32 (order-dependent rounding)
 *   dot_f64(n, seed)           dot product of two pseudo-random f64 vectors
 *   f64_to_i32(x)              a C cast (saturating conversion: never traps)
 *   spectral_norm(n)           the spectral-norm benchmark (f64)
 */
#include "common.h"

EXPORT("mandelbrot")
i32 mandelbrot(i32 size, i32 iters) {
    i32 inside = 0;
    for (i32 py = 0; py < size; py++) {
        double ci = -1.5 + 3.0 * py / size;
        for (i32 px = 0; px < size; px++) {
            double cr = -2.0 + 3.0 * px / size;
            double zr = 0, zi = 0;
            i32 k = 0;
            while (k < iters && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                k++;
            }
            if (k == iters) inside++;
        }
    }
    return inside;
}

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

typedef struct { double x, y, z, vx, vy, vz, mass; } body;

static void init_bodies(body b[5]) {
    const body init[5] = {
        {0, 0, 0, 0, 0, 0, SOLAR_MASS},
        {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
         -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
        {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
         2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
        {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
         -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
        {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
         -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
    };
    for (int i = 0; i < 5; i++) b[i] = init[i];
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < 5; i++) {
        px += b[i].vx * b[i].mass; py += b[i].vy * b[i].mass; pz += b[i].vz * b[i].mass;
    }
    b[0].vx = -px / SOLAR_MASS; b[0].vy = -py / SOLAR_MASS; b[0].vz = -pz / SOLAR_MASS;
}

static void advance(body b[5], double dt) {
    for (int i = 0; i < 5; i++)
        for (int j = i + 1; j < 5; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * __builtin_sqrt(d2));
            b[i].vx -= dx * b[j].mass * mag; b[i].vy -= dy * b[j].mass * mag; b[i].vz -= dz * b[j].mass * mag;
            b[j].vx += dx * b[i].mass * mag; b[j].vy += dy * b[i].mass * mag; b[j].vz += dz * b[i].mass * mag;
        }
    for (int i = 0; i < 5; i++) { b[i].x += dt * b[i].vx; b[i].y += dt * b[i].vy; b[i].z += dt * b[i].vz; }
}

static double energy(const body b[5]) {
    double e = 0;
    for (int i = 0; i < 5; i++) {
        e += 0.5 * b[i].mass * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < 5; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].mass * b[j].mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

EXPORT("nbody_energy")
double nbody_energy(i32 steps) {
    body b[5];
    init_bodies(b);
    for (i32 i = 0; i < steps; i++) advance(b, 0.01);
    return energy(b);
}

EXPORT("pi_leibniz")
double pi_leibniz(i32 n) {
    double s = 0, sign = 1;
    for (i32 k = 0; k < n; k++) { s += sign / (2.0 * k + 1.0); sign = -sign; }
    return 4 * s;
}

EXPORT("sqrt_newton")
float sqrt_newton(float x) {
    if (!(x > 0)) return x == 0 ? 0.0f : (x - x) / (x - x); /* NaN for negative or NaN input */
    float g = x > 1 ? x / 2 : 1;
    for (int i = 0; i < 40; i++) g = 0.5f * (g + x / g);
    return g;
}

EXPORT("harmonic32")
float harmonic32(i32 n) {
    float s = 0;
    for (i32 k = 1; k <= n; k++) s += 1.0f / (float)k;
    return s;
}

EXPORT("dot_f64")
double dot_f64(i32 n, u32 seed) {
    u32 s = seed_state(seed);
    double acc = 0;
    for (i32 i = 0; i < n; i++) {
        double a = (double)(i32)xorshift32(&s) / 2147483648.0;
        double b = (double)xorshift32(&s) * 1e-3;
        acc += a * b;
    }
    return acc;
}

EXPORT("f64_to_i32")
i32 f64_to_i32(double x) { return (i32)x; }

static double eval_a(i32 i, i32 j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }

static void mul_av(i32 n, const double *v, double *out) {
    for (i32 i = 0; i < n; i++) {
        double s = 0;
        for (i32 j = 0; j < n; j++) s += eval_a(i, j) * v[j];
        out[i] = s;
    }
}

static void mul_atv(i32 n, const double *v, double *out) {
    for (i32 i = 0; i < n; i++) {
        double s = 0;
        for (i32 j = 0; j < n; j++) s += eval_a(j, i) * v[j];
        out[i] = s;
    }
}

static double U[256], V[256], T[256];

EXPORT("spectral_norm")
double spectral_norm(i32 n) {
    if (n < 1) n = 1;
    if (n > 256) n = 256;
    for (i32 i = 0; i < n; i++) U[i] = 1;
    for (i32 k = 0; k < 10; k++) {
        mul_av(n, U, T); mul_atv(n, T, V);
        mul_av(n, V, T); mul_atv(n, T, U);
    }
    double vbv = 0, vv = 0;
    for (i32 i = 0; i < n; i++) { vbv += U[i] * V[i]; vv += V[i] * V[i]; }
    return __builtin_sqrt(vbv / vv);
}
