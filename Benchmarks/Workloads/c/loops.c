/* loops.c: tight integer loops with no memory traffic: locals, arithmetic, compares and
 * branches only.
 *
 * Exports:
 *   int_loop(n)        n rounds of a 32-bit mixing step (LCG, shifts, xor, rotate), i32
 *   collatz_steps(n)   total Collatz steps of every start below n (data-dependent branches), i64
 *   gcd_sum(n)         sum of gcd(i, j) for 1 <= i, j <= n (remainder-heavy), i64
 */
#include "bench.h"

EXPORT("int_loop")
u32 int_loop(i32 n) {
    u32 x = 1, y = 0x9e3779b9u, acc = 0;
    for (i32 i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        y ^= x >> 7;
        y = (y << 5) | (y >> 27);
        acc += (x ^ y) + (u32)i;
        if (acc & 0x100) acc -= y; else acc ^= x;
    }
    return acc ^ x ^ y;
}

EXPORT("collatz_steps")
u64 collatz_steps(u32 n) {
    u64 total = 0;
    for (u32 start = 1; start < n; start++) {
        u64 x = start;
        while (x != 1) {
            x = (x & 1) ? 3 * x + 1 : x >> 1;
            total++;
        }
    }
    return total;
}

static inline u32 gcd(u32 a, u32 b) {
    while (b) { u32 t = a % b; a = b; b = t; }
    return a;
}

EXPORT("gcd_sum")
u64 gcd_sum(u32 n) {
    u64 s = 0;
    for (u32 i = 1; i <= n; i++)
        for (u32 j = 1; j <= n; j++) s += gcd(i, j);
    return s;
}
