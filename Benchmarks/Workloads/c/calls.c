/* calls.c: call-heavy code: many small functions that the compiler may not inline, direct
 * calls with several arguments and results passed through memory, and indirect calls
 * through a function table (call_indirect).
 *
 * Exports:
 *   calls_direct(n)      n iterations of a chain of small non-inlined direct calls, i32
 *   calls_indirect(n)    n iterations that dispatch through a table of 16 function pointers, i32
 *   calls_tree(depth)    a binary tree of calls `depth` levels deep, 6 arguments each, i64
 */
#include "bench.h"

static NOINLINE u32 f_add(u32 a, u32 b) { return a + b; }
static NOINLINE u32 f_mix(u32 a, u32 b) { return (a ^ (b << 3)) + (b >> 2); }
static NOINLINE u32 f_rot(u32 a, u32 n) { n &= 31; return (a << n) | (a >> ((32 - n) & 31)); }
static NOINLINE u32 f_sel(u32 a, u32 b, u32 c) { return (a & 1) ? b : c; }
static NOINLINE u32 f_step(u32 x, u32 i) {
    u32 y = f_add(x, i);
    y = f_mix(y, x);
    y = f_rot(y, i);
    return f_sel(i, y, y ^ 0x5bd1e995u);
}

EXPORT("calls_direct")
u32 calls_direct(i32 n) {
    u32 x = 1;
    for (i32 i = 0; i < n; i++) x = f_step(x, (u32)i);
    return x;
}

static u32 op0(u32 x, u32 y) { return x + y; }
static u32 op1(u32 x, u32 y) { return x - y; }
static u32 op2(u32 x, u32 y) { return x ^ y; }
static u32 op3(u32 x, u32 y) { return x * (y | 1); }
static u32 op4(u32 x, u32 y) { return (x << (y & 7)) | 1; }
static u32 op5(u32 x, u32 y) { return x >> (y & 7); }
static u32 op6(u32 x, u32 y) { return x | (y & 0xff); }
static u32 op7(u32 x, u32 y) { return x & ~(y & 0xff00); }
static u32 op8(u32 x, u32 y) { return x + (y >> 3); }
static u32 op9(u32 x, u32 y) { return x - (y << 1); }
static u32 op10(u32 x, u32 y) { return (x ^ y) * 3; }
static u32 op11(u32 x, u32 y) { return x + y + 0x9e3779b9u; }
static u32 op12(u32 x, u32 y) { return x < y ? y - x : x - y; }
static u32 op13(u32 x, u32 y) { return (x >> 1) ^ (-(x & 1) & 0xedb88320u) ^ y; }
static u32 op14(u32 x, u32 y) { return x * 0x01000193u ^ y; }
static u32 op15(u32 x, u32 y) { return (x + y) >> 1; }

typedef u32 (*binop)(u32, u32);
/* volatile so that the compiler cannot turn the dispatch into a switch */
static binop volatile table[16] = {
    op0, op1, op2, op3, op4, op5, op6, op7, op8, op9, op10, op11, op12, op13, op14, op15,
};

EXPORT("calls_indirect")
u32 calls_indirect(i32 n) {
    u32 x = 12345, s = 1;
    for (i32 i = 0; i < n; i++) {
        u32 r = rng_next(&s);
        x = table[r & 15](x, r >> 4);
    }
    return x;
}

static NOINLINE i64 tree(i32 depth, i64 a, i64 b, i64 c, i32 d, i32 e) {
    if (depth == 0) return a * 3 + b - c + d * e;
    i64 l = tree(depth - 1, b, c, a + 1, e, d ^ depth);
    i64 r = tree(depth - 1, c, a, b - 1, d + depth, e);
    return l ^ (r + depth);
}

EXPORT("calls_tree")
i64 calls_tree(i32 depth) { return tree(depth, 1, 2, 3, 4, 5); }
