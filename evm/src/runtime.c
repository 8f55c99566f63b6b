/* The freestanding runtime: a bump allocator over linear memory (each frame runs in a fresh
 * instance, so nothing is ever freed) and the libc functions clang and the precompiles call. */
#include "evm.h"

extern unsigned char __heap_base;
static uintptr_t heap_top;

void *evm_alloc(uint32_t size) {
    if (heap_top == 0) heap_top = (uintptr_t)&__heap_base;
    uintptr_t start = (heap_top + 15) & ~(uintptr_t)15;
    uint64_t end = (uint64_t)start + size;
    uint64_t available = (uint64_t)__builtin_wasm_memory_size(0) * 65536;
    if (end > available) {
        uint64_t pages = (end - available + 65535) / 65536;
        if (end > 0xffff0000ULL || __builtin_wasm_memory_grow(0, (uintptr_t)pages) == (size_t)-1) return 0;
    }
    heap_top = (uintptr_t)end;
    return (void *)start;
}

/* Whether `block` ends at the top of the heap (so it can grow in place). */
int evm_alloc_is_last(const void *block, uint32_t size) { return (uintptr_t)block + size == heap_top; }

/* Grows the last block by `extra` bytes in place; 0 when memory cannot grow. */
int evm_alloc_extend(uint32_t extra) {
    uintptr_t old = heap_top;
    uint64_t end = (uint64_t)old + extra;
    uint64_t available = (uint64_t)__builtin_wasm_memory_size(0) * 65536;
    if (end > available) {
        uint64_t pages = (end - available + 65535) / 65536;
        if (end > 0xffff0000ULL || __builtin_wasm_memory_grow(0, (uintptr_t)pages) == (size_t)-1) return 0;
    }
    heap_top = (uintptr_t)end;
    return 1;
}

/* memcpy, memmove and memset as Wasm's bulk memory instructions (memory.copy handles overlap,
 * so it is memmove too): one instruction where a byte loop ran a few per byte. */
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
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++) if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}
