/* common.h: shared helpers for the freestanding example programs (no libc).
 * Every example is compiled with clang --target=wasm32 -nostdlib; exported functions carry
 * EXPORT("name"). The pseudo-random generator is deterministic so that every run of every
 * engine sees the same data. */
#ifndef CAIRN_EXAMPLES_COMMON_H
#define CAIRN_EXAMPLES_COMMON_H

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

/* xorshift32: never returns 0 for a non-zero state. */
static inline u32 xorshift32(u32 *state) {
    u32 x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

static inline u32 seed_state(u32 seed) { return seed ? seed : 0x9e3779b9u; }

/* Linear memory helpers: the pages the module has now, and growth to at least `bytes`. */
static inline usize memory_bytes(void) { return __builtin_wasm_memory_size(0) * 65536ul; }

/* Makes sure [0, end) is addressable; returns 0 when memory.grow refuses. */
static inline int ensure_memory(usize end) {
    usize have = memory_bytes();
    if (end <= have) return 1;
    usize pages = (end - have + 65535ul) / 65536ul;
    return __builtin_wasm_memory_grow(0, pages) != (usize)-1;
}

/* The first free byte after the program's data and stack (set by wasm-ld). */
extern u8 __heap_base;

#endif
