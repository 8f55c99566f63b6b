/* The interpreter's side of the precompiles' contract, for the wasm benchmark only
 * (scripts/evm-precompile-check.py --bench builds it with the precompiles into one module and runs
 * it on wasmtime): memcpy, memset, memcmp and a bump allocator. `bench_keep` keeps what is
 * allocated so far (the benchmark's input and output); `bench_reset` frees everything after it. */
#include <stdint.h>

extern unsigned char __heap_base;
static uintptr_t heap_top = 0, heap_floor = 0;

void *memcpy(void *dst, const void *src, unsigned long n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--) *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, unsigned long n) {
    unsigned char *d = dst;
    while (n--) *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, unsigned long n) {
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++) if (*x != *y) return *x - *y;
    return 0;
}

__attribute__((export_name("bench_reset"))) void bench_reset(void) {
    heap_top = heap_floor ? heap_floor : (uintptr_t)&__heap_base;
}

__attribute__((export_name("bench_keep"))) void bench_keep(void) { heap_floor = heap_top; }

__attribute__((export_name("evm_alloc"))) void *evm_alloc(uint32_t size) {
    if (heap_top == 0) bench_reset();
    uintptr_t at = (heap_top + 15) & ~(uintptr_t)15;
    uintptr_t end = at + size;
    uintptr_t have = __builtin_wasm_memory_size(0) * 65536;
    if (end > have) __builtin_wasm_memory_grow(0, (end - have + 65535) / 65536);
    heap_top = end;
    return (void *)at;
}
