/* Keccak-256 (the original padding, as Ethereum uses it) for SHA3 and code hashes. */
#include "evm.h"

static const uint64_t round_constants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808AULL, 0x8000000080008000ULL,
    0x000000000000808BULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008AULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000AULL,
    0x000000008000808BULL, 0x800000000000008BULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800AULL, 0x800000008000000AULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};
/* The rotation of each lane in the rho step, by lane index x + 5y. */
static const uint8_t rho[25] = {0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14};

static uint64_t rotl(uint64_t x, unsigned n) { return n == 0 ? x : (x << n) | (x >> (64 - n)); }

/* The permutation with every index a constant once the loops are unrolled, so that the state
 * lives in Wasm locals instead of linear memory (a load and a store per lane access). */
static void keccak_f(uint64_t st[25]) {
    uint64_t a[25], b[25], c[5], d[5];
#pragma clang loop unroll(full)
    for (int i = 0; i < 25; i++) a[i] = st[i];
    for (int round = 0; round < 24; round++) {
#pragma clang loop unroll(full)
        for (int x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
#pragma clang loop unroll(full)
        for (int x = 0; x < 5; x++) d[x] = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
#pragma clang loop unroll(full)
        for (int i = 0; i < 25; i++) a[i] ^= d[i % 5];
        /* rho and pi: lane (x, y) moves to (y, 2x + 3y). */
#pragma clang loop unroll(full)
        for (int i = 0; i < 25; i++) b[i / 5 + 5 * ((2 * (i % 5) + 3 * (i / 5)) % 5)] = rotl(a[i], rho[i]);
        /* chi, row by row. */
#pragma clang loop unroll(full)
        for (int i = 0; i < 25; i++) {
            int row = i - i % 5;
            a[i] = b[i] ^ (~b[row + (i % 5 + 1) % 5] & b[row + (i % 5 + 2) % 5]);
        }
        a[0] ^= round_constants[round];
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < 25; i++) st[i] = a[i];
}

/* Wasm is little-endian: a lane is the 8 bytes as one load. */
static void absorb(uint64_t st[25], const uint8_t *block) {
    for (int i = 0; i < 17; i++) {
        uint64_t lane;
        __builtin_memcpy(&lane, block + i * 8, 8);
        st[i] ^= lane;
    }
    keccak_f(st);
}

void evm_keccak256(const uint8_t *in, uint32_t len, uint8_t out[32]) {
    uint64_t st[25];
    uint8_t last[136];
    for (int i = 0; i < 25; i++) st[i] = 0;
    while (len >= 136) { absorb(st, in); in += 136; len -= 136; }
    __builtin_memset(last, 0, sizeof last);
    __builtin_memcpy(last, in, len);
    last[len] ^= 0x01;
    last[135] ^= 0x80;
    absorb(st, last);
    __builtin_memcpy(out, st, 32);
}
