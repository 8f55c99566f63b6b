#include "cairn/mem.h"

/* wasm-ld places the heap after the data and the stack. */
extern unsigned char __heap_base;

static uintptr_t next_free;

void *cairn_alloc(size_t size) {
    if (next_free == 0) next_free = (uintptr_t)&__heap_base;
    uintptr_t start = (next_free + 7u) & ~(uintptr_t)7u;
    if (size > UINTPTR_MAX - start) __builtin_trap();
    uintptr_t end = start + size;
    uintptr_t limit = (uintptr_t)__builtin_wasm_memory_size(0) * 65536u;
    if (end > limit) {
        size_t pages = (size_t)((end - limit + 65535u) / 65536u);
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) __builtin_trap();
    }
    next_free = end;
    return (void *)start;
}

void *cairn_alloc_zeroed(size_t size) {
    /* A fresh instance's heap is zero and a bump allocator never hands out a byte twice, so
     * this is already zero; clearing keeps the promise independent of that reasoning. */
    void *p = cairn_alloc(size);
    memset(p, 0, size);
    return p;
}

void *cairn_dup(const void *data, size_t size) {
    void *p = cairn_alloc(size);
    memcpy(p, data, size);
    return p;
}

size_t cairn_strlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

/* With bulk memory enabled (-mcpu=generic), these builtins lower to memory.copy / memory.fill,
 * so they cannot call themselves. */
void *memcpy(void *dst, const void *src, size_t n) {
    __builtin_memmove(dst, src, n);
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
    __builtin_memmove(dst, src, n);
    return dst;
}

void *memset(void *dst, int c, size_t n) {
    __builtin_memset(dst, c, n);
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}
