/* keccak.c: Keccak-f[1600] and Keccak-256 (the original padding, as Ethereum uses) over a
 * generated buffer: 64-bit rotations, xors and and-nots on a 25-lane state in memory.
 *
 * Exports:
 *   keccak256_buf(len, seed)   the first 8 bytes (little-endian) of Keccak-256 of `len`
 *                              pseudo-random bytes (len <= 1 MiB), i64
 *   keccak_empty()             the first 8 bytes of Keccak-256("") = c5d2460186f7233c...
 *                              read little-endian: 0x3c23f7860146d2c5
 *   keccak_perm(rounds)        applies Keccak-f[1600] `rounds` times to a fixed state; returns lane 0
 */
#include "bench.h"

#define MAX_LEN (1024 * 1024)
static u8 input[MAX_LEN];

static const u64 RC[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull,
    0x000000000000808bull, 0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull,
    0x000000000000008aull, 0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull, 0x8000000000008003ull,
    0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};

static const u8 ROT[25] = {
    0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
};

static inline u64 rotl(u64 x, u32 n) { return n ? (x << n) | (x >> (64 - n)) : x; }

static NOINLINE void keccak_f(u64 a[25]) {
    for (i32 round = 0; round < 24; round++) {
        u64 c[5], d[5], b[25];
        for (i32 x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        for (i32 x = 0; x < 5; x++) d[x] = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
        for (i32 i = 0; i < 25; i++) a[i] ^= d[i % 5];
        /* rho and pi: b[y, 2x + 3y] = rot(a[x, y], r[x, y]) */
        for (i32 x = 0; x < 5; x++)
            for (i32 y = 0; y < 5; y++)
                b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], ROT[x + 5 * y]);
        for (i32 y = 0; y < 5; y++)
            for (i32 x = 0; x < 5; x++)
                a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
        a[0] ^= RC[round];
    }
}

static inline u64 load64le(const u8 *p) {
    u64 v = 0;
    for (i32 i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

/* Keccak-256: rate 136 bytes, padding 0x01 ... 0x80. Returns the first 8 output bytes. */
static u64 keccak256(const u8 *data, u32 len) {
    u64 a[25] = {0};
    const u32 rate = 136;
    while (len >= rate) {
        for (u32 i = 0; i < rate / 8; i++) a[i] ^= load64le(data + 8 * i);
        keccak_f(a);
        data += rate;
        len -= rate;
    }
    u8 last[136] = {0};
    for (u32 i = 0; i < len; i++) last[i] = data[i];
    last[len] ^= 0x01;
    last[rate - 1] ^= 0x80;
    for (u32 i = 0; i < rate / 8; i++) a[i] ^= load64le(last + 8 * i);
    keccak_f(a);
    return a[0];
}

EXPORT("keccak256_buf")
u64 keccak256_buf(u32 len, u32 seed) {
    if (len > MAX_LEN) len = MAX_LEN;
    u32 s = rng_seed(seed);
    for (u32 i = 0; i < len; i++) input[i] = (u8)(rng_next(&s) >> 11);
    return keccak256(input, len);
}

EXPORT("keccak_empty")
u64 keccak_empty(void) { return keccak256(input, 0); }

EXPORT("keccak_perm")
u64 keccak_perm(i32 rounds) {
    u64 a[25];
    for (i32 i = 0; i < 25; i++) a[i] = (u64)i * 0x0101010101010101ull;
    for (i32 r = 0; r < rounds; r++) keccak_f(a);
    return a[0];
}
