/* The EVM precompiles the interpreter links (issue 24; docs/evm-precompiles.md): freestanding C,
 * no libc, no floating point, for wasm32 and native builds alike.
 *
 * Each function reads `len` bytes of call data at `in` (bytes past `len` read as zero, as the EIPs
 * say for short inputs) and returns the number of output bytes written, or -1 when the input is
 * invalid (a point off the curve or outside the subgroup, a coordinate >= p, a wrong length for
 * pairing or blake2f, a bad final-flag byte); the EVM call then fails and consumes its gas.
 *
 * The interpreter provides memcpy, memset and memcmp, and `evm_alloc` (never freed within a call;
 * modexp asks it for scratch space proportional to the operand lengths). */
#ifndef EVM_PRECOMPILES_H
#define EVM_PRECOMPILES_H

#include <stdint.h>

/* Scratch memory from the interpreter (native tests define it with malloc). */
void *evm_alloc(uint32_t size);

/* 0x03: RIPEMD-160 of the input, as 12 zero bytes then the 20-byte digest. Returns 32. */
int32_t evm_precompile_ripemd160(const uint8_t *in, uint32_t len, uint8_t out[32]);

/* 0x05 (EIP-198): base^exp mod modulus, as many bytes as the modulus (the caller guarantees
 * out_cap >= the modulus length and that gas was paid). Returns the modulus length. */
int32_t evm_precompile_modexp(const uint8_t *in, uint32_t len, uint8_t *out, uint32_t out_cap);

/* The gas of a modexp call (EIP-2565; at least 200), saturating at UINT64_MAX. */
uint64_t evm_precompile_modexp_gas(const uint8_t *in, uint32_t len);

/* 0x06 (EIP-196): the sum of two alt_bn128 G1 points (x1, y1, x2, y2, 32 bytes each). Returns 64. */
int32_t evm_precompile_bn254_add(const uint8_t *in, uint32_t len, uint8_t out[64]);

/* 0x07 (EIP-196): a G1 point (x, y) times a 256-bit scalar. Returns 64. */
int32_t evm_precompile_bn254_mul(const uint8_t *in, uint32_t len, uint8_t out[64]);

/* 0x08 (EIP-197): 1 (as a 32-byte word) when the product of the pairings of the (G1, G2) pairs is
 * one, else 0; the input must be a multiple of 192 bytes. Returns 32. */
int32_t evm_precompile_bn254_pairing(const uint8_t *in, uint32_t len, uint8_t out[32]);

/* 0x09 (EIP-152): the BLAKE2b compression function F; the input must be exactly 213 bytes
 * (rounds, h, m, t, final flag 0 or 1). Returns 64. */
int32_t evm_precompile_blake2f(const uint8_t *in, uint32_t len, uint8_t out[64]);

#endif
