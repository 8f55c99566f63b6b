/* memcpy.c: memory-bound work: block copies of many sizes (memcpy/memmove/memset, which clang
 * lowers to the bulk-memory instructions memory.copy and memory.fill), byte-wise copy loops,
 * and a rolling checksum over the results.
 *
 * Exports:
 *   memcpy_bench(rounds, seed)  `rounds` rounds of copies between two 256 KiB buffers at
 *                               pseudo-random offsets and sizes (16 B to 16 KiB); returns a hash
 *   bytecopy_bench(rounds)      the same traffic with hand-written byte and word loops (no bulk
 *                               instructions); returns a hash
 */
#include "bench.h"

#define SIZE (256 * 1024)
#define MAX_BLOCK (16 * 1024)
static u8 a[SIZE];
static u8 b[SIZE];

static void init(void) {
    for (u32 i = 0; i < SIZE; i++) a[i] = (u8)(i * 31 + (i >> 9));
    __builtin_memset(b, 0x5a, SIZE);
}

static inline u32 block_size(u32 r) {
    /* sizes spread over 16 B .. 16 KiB, small ones more often */
    u32 shift = 4 + (r % 11);
    return (1u << shift) - (r & 7);
}

EXPORT("memcpy_bench")
u32 memcpy_bench(i32 rounds, u32 seed) {
    init();
    u32 s = rng_seed(seed), h = 0;
    for (i32 r = 0; r < rounds; r++) {
        u32 n = block_size(rng_next(&s));
        u32 src = rng_next(&s) % (SIZE - MAX_BLOCK), dst = rng_next(&s) % (SIZE - MAX_BLOCK);
        switch (r & 3) {
        case 0: __builtin_memcpy(b + dst, a + src, n); break;
        case 1: __builtin_memcpy(a + dst, b + src, n); break;
        case 2: __builtin_memmove(a + dst, a + src, n); break;
        default: __builtin_memset(b + dst, (int)(r & 0xff), n); break;
        }
        h = (h ^ b[dst + n / 2] ^ ((u32)a[src] << 8)) * 16777619u;
    }
    return h ^ fnv1a(a, 4096) ^ fnv1a(b + SIZE - 4096, 4096);
}

static NOINLINE __attribute__((no_builtin)) void copy_bytes(u8 *restrict d, const u8 *restrict s, u32 n) {
    /* a word loop for the aligned middle, bytes at the ends (what a simple libc does) */
    while (n && ((usize)d & 3)) { *d++ = *s++; n--; }
    if (((usize)s & 3) == 0) {
        for (; n >= 16; n -= 16, d += 16, s += 16) {
            u32 *dw = (u32 *)d;
            const u32 *sw = (const u32 *)s;
            u32 w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];
            dw[0] = w0; dw[1] = w1; dw[2] = w2; dw[3] = w3;
        }
    }
    while (n--) *d++ = *s++;
}

static NOINLINE __attribute__((no_builtin)) void fill_bytes(u8 *d, u8 v, u32 n) {
    for (u32 i = 0; i < n; i++) d[i] = v;
}

EXPORT("bytecopy_bench")
u32 bytecopy_bench(i32 rounds) {
    init();
    u32 s = rng_seed(7), h = 0;
    for (i32 r = 0; r < rounds; r++) {
        u32 n = block_size(rng_next(&s));
        u32 src = rng_next(&s) % (SIZE - MAX_BLOCK), dst = rng_next(&s) % (SIZE - MAX_BLOCK);
        if (r & 1) copy_bytes(b + dst, a + src, n);
        else fill_bytes(a + dst, (u8)r, n);
        h = (h ^ b[dst + n / 2] ^ ((u32)a[src] << 8)) * 16777619u;
    }
    return h ^ fnv1a(a, 4096) ^ fnv1a(b + SIZE - 4096, 4096);
}
