/* Helpers shared by the precompiles (internal; not part of precompiles.h). */
#ifndef EVM_PRECOMPILES_UTIL_H
#define EVM_PRECOMPILES_UTIL_H

#include <stdint.h>

/* The interpreter provides these in wasm; libc provides them natively. */
void *memcpy(void *dst, const void *src, __SIZE_TYPE__ n);
void *memset(void *dst, int c, __SIZE_TYPE__ n);

/* Copies n bytes of the call data from `offset` on, reading zeros past its end (the EIPs pad
 * short inputs with zeros). */
static inline void read_padded(const uint8_t *in, uint32_t len, uint64_t offset, uint8_t *dst, uint32_t n) {
    uint32_t have = 0;
    if (offset < len) {
        uint64_t available = len - offset;
        have = available < n ? (uint32_t)available : n;
        memcpy(dst, in + offset, have);
    }
    if (have < n) memset(dst + have, 0, n - have);
}

/* (hi, lo) = a * b: unsigned __int128 natively; on wasm32, where a 128-bit multiply would call
 * compiler-rt's __multi3 (absent with -nostdlib), four 32-bit products. */
static inline void mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo) {
#if defined(__SIZEOF_INT128__) && !defined(__wasm__)
    unsigned __int128 product = (unsigned __int128)a * b;
    *hi = (uint64_t)(product >> 64);
    *lo = (uint64_t)product;
#else
    uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t middle = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
    *lo = (middle << 32) | (uint32_t)p00;
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
#endif
}

static inline uint32_t load32_le(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t load64_le(const uint8_t *p) {
    return (uint64_t)load32_le(p) | (uint64_t)load32_le(p + 4) << 32;
}

static inline void store32_le(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static inline void store64_le(uint8_t *p, uint64_t v) {
    store32_le(p, (uint32_t)v);
    store32_le(p + 4, (uint32_t)(v >> 32));
}

static inline uint32_t load32_be(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

#endif
