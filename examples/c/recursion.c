/* recursion.c: deeply and widely recursive functions.
 *
 * Exports:
 *   ackermann(m, n)      the Ackermann function A(m, n) (keep m <= 3 and n small)
 *   fib_rec(n)           doubly recursive Fibonacci
 *   hanoi(n)             moves made solving the towers of Hanoi with n discs (2^n - 1), counted
 *   tak(x, y, z)         the Takeuchi function
 *   count_partitions(n)  the number of partitions of n, by the recursive p(n, k) definition
 *   depth(n)             recursion n frames deep, each with a frame in the shadow stack;
 *                        returns a checksum (large n exhausts the stack: a trap)
 */
#include "common.h"

EXPORT("ackermann")
u32 ackermann(u32 m, u32 n) {
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

EXPORT("fib_rec")
i32 fib_rec(i32 n) { return n < 2 ? n : fib_rec(n - 1) + fib_rec(n - 2); }

static u32 moves;

static NOINLINE void move_tower(i32 n, i32 from, i32 to, i32 via) {
    if (n == 0) return;
    move_tower(n - 1, from, via, to);
    moves++;
    move_tower(n - 1, via, to, from);
}

EXPORT("hanoi")
u32 hanoi(i32 n) {
    moves = 0;
    move_tower(n, 0, 2, 1);
    return moves;
}

EXPORT("tak")
i32 tak(i32 x, i32 y, i32 z) {
    if (y >= x) return z;
    return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

static i64 partitions(i32 n, i32 k) {
    if (n == 0) return 1;
    if (n < 0 || k == 0) return 0;
    return partitions(n - k, k) + partitions(n, k - 1);
}

EXPORT("count_partitions")
i64 count_partitions(i32 n) { return partitions(n, n); }

/* Each frame keeps a small array in linear memory (the shadow stack) that the callee sees
 * through a pointer, so the compiler cannot turn the recursion into a loop. */
static NOINLINE u32 deep(i32 n, volatile u32 *parent) {
    volatile u32 local[4];
    local[0] = (u32)n;
    local[1] = parent ? parent[0] * 31u + parent[1] : 17u;
    local[2] = local[1] ^ (u32)n;
    local[3] = 0;
    if (n == 0) return local[2];
    u32 below = deep(n - 1, local);
    return below + local[2];
}

EXPORT("depth")
u32 depth(i32 n) { return deep(n, 0); }
