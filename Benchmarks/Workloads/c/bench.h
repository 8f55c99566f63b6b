/* bench.h: shared helpers for the freestanding benchmark workloads (no libc).
 * Every workload is compiled with clang --target=wasm32 -O2 -nostdlib; exported functions
 * carry EXPORT("name"). Data comes from a deterministic generator so that every run of every
 * engine sees the same input and must return the same result. */
#ifndef CAIRN_BENCH_H
#define CAIRN_BENCH_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char i8;
typedef short i16;
typedef int i32;
typedef long long i64;
typedef unsigned long usize;

#define EXPORT(name) __attribute__((export_name(name)))
#define NOINLINE __attribute__((noinline))
#define LEN(a) ((i32)(sizeof(a) / sizeof((a)[0])))

/* xorshift32: never returns 0 for a non-zero state. */
static inline u32 rng_next(u32 *state) {
    u32 x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

static inline u32 rng_seed(u32 seed) { return seed ? seed : 0x2545f491u; }

/* FNV-1a over a byte range. */
static inline u32 fnv1a(const void *data, u32 n) {
    const u8 *p = (const u8 *)data;
    u32 h = 2166136261u;
    for (u32 i = 0; i < n; i++) { h ^= p[i]; h *= 16777619u; }
    return h;
}

#endif
