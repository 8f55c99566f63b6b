/* The precompiled contracts at addresses 1..10: their gas (Cancun) and dispatch. ecrecover and
 * sha256 are host imports; ripemd160, modexp, bn254 and blake2f are evm/precompiles/ (linked
 * when present: EVM_HAVE_PRECOMPILES); the point evaluation precompile (0x0a, EIP-4844) is
 * not supported and always fails (docs/evm.md). */
#include "evm.h"
#ifdef EVM_HAVE_PRECOMPILES
#include "../precompiles/precompiles.h"
#endif

static uint64_t words(uint32_t len) { return ((uint64_t)len + 31) / 32; }

/* A copy of `in` padded with zeros to at least `size` bytes. */
static uint8_t *padded(const uint8_t *in, uint32_t len, uint32_t size) {
    uint8_t *buffer = evm_alloc(len > size ? len : size);
    if (!buffer) return 0;
    memcpy(buffer, in, len);
    return buffer;
}

static uint64_t price(uint32_t id, const uint8_t *in, uint32_t len) {
    switch (id) {
    case 1: return 3000;
    case 2: return 60 + 12 * words(len);
    case 3: return 600 + 120 * words(len);
    case 4: return 15 + 3 * words(len);
#ifdef EVM_HAVE_PRECOMPILES
    case 5: return evm_precompile_modexp_gas(in, len);
#endif
    case 6: return 150;
    case 7: return 6000;
    case 8: return 45000 + 34000 * (uint64_t)(len / 192);
    case 9: return len >= 4 ? ((uint64_t)in[0] << 24 | (uint64_t)in[1] << 16 | (uint64_t)in[2] << 8 | in[3]) : 0;
    case 10: return 50000;
    default: return UINT64_MAX;
    }
}

int32_t evm_run_precompile(uint32_t id, const uint8_t *in, uint32_t len, uint64_t *gas, uint8_t **out, uint32_t *out_len) {
    uint64_t cost = price(id, in, len);
    if (cost > *gas) return EVM_FAILURE;
    *gas -= cost;
    int32_t n = -1;
    uint8_t *buffer = evm_alloc(64 + len);
    if (!buffer) return EVM_FAILURE;
    switch (id) {
    case 1: {
        uint8_t *input = padded(in, len, 128);
        if (!input) return EVM_FAILURE;
        n = host_ecrecover(input, buffer) ? 32 : 0;
        break;
    }
    case 2: host_sha256(in, len, buffer); n = 32; break;
    case 4: memcpy(buffer, in, len); n = (int32_t)len; break;
#ifdef EVM_HAVE_PRECOMPILES
    case 3: n = evm_precompile_ripemd160(in, len, buffer); break;
    case 5: {
        /* The output is as long as the modulus: at most the input's length plus what the
         * header claims, which the gas bounds; the precompile checks out_cap. */
        uint8_t *header = padded(in, len, 96);
        if (!header) return EVM_FAILURE;
        u256 mod_len = u256_from_be(header + 64, 32);
        uint32_t cap = u256_fits_u64(&mod_len) && mod_len.w[0] < 0x1000000 ? (uint32_t)mod_len.w[0] : 0;
        uint8_t *output = evm_alloc(cap + 1);
        if (!output) return EVM_FAILURE;
        n = evm_precompile_modexp(in, len, output, cap);
        buffer = output;
        break;
    }
    case 6: n = evm_precompile_bn254_add(in, len, buffer); break;
    case 7: n = evm_precompile_bn254_mul(in, len, buffer); break;
    case 8: n = len % 192 ? -1 : evm_precompile_bn254_pairing(in, len, buffer); break;
    case 9: n = evm_precompile_blake2f(in, len, buffer); break;
#endif
    default: n = -1; break;
    }
    if (n < 0) return EVM_FAILURE;
    *out = buffer;
    *out_len = (uint32_t)n;
    return EVM_SUCCESS;
}
