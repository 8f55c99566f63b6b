/* The EVM's byte-addressed memory: expansion gas (3 per word plus words²/512) and growth in
 * the frame's arena. */
#include "frame.h"

int evm_alloc_is_last(const void *block, uint32_t size);
int evm_alloc_extend(uint32_t extra);

/* Memory beyond this many bytes is out of gas (its cost exceeds any block's gas). */
#define EVM_MEMORY_LIMIT 0x40000000ULL

uint64_t evm_memory_cost(uint64_t words) { return 3 * words + words * words / 512; }

uint64_t evm_range_end(const u256 *offset, const u256 *size) {
    if (u256_is_zero(size)) return 0;
    if (!u256_fits_u64(offset) || !u256_fits_u64(size)) return UINT64_MAX;
    if (offset->w[0] > EVM_MEMORY_LIMIT || size->w[0] > EVM_MEMORY_LIMIT) return UINT64_MAX;
    return offset->w[0] + size->w[0];
}

uint64_t evm_memory_expansion_cost(const evm_frame *f, uint64_t end) {
    if (end == UINT64_MAX || end > EVM_MEMORY_LIMIT) return UINT64_MAX;
    if (end <= f->memory_size) return 0;
    uint64_t words = (end + 31) / 32;
    return evm_memory_cost(words) - evm_memory_cost(f->memory_size / 32);
}

int evm_memory_grow(evm_frame *f, uint64_t end) {
    if (end <= f->memory_size) return 1;
    uint64_t size = (end + 31) / 32 * 32;
    if (size > f->memory_cap) {
        uint64_t cap = f->memory_cap * 2;
        if (cap < size) cap = size;
        if (cap < 4096) cap = 4096;
        if (f->memory && evm_alloc_is_last(f->memory, (uint32_t)f->memory_cap)) {
            if (!evm_alloc_extend((uint32_t)(cap - f->memory_cap))) return 0;
        } else {
            uint8_t *fresh = evm_alloc((uint32_t)cap);
            if (!fresh) return 0;
            if (f->memory_size) memcpy(fresh, f->memory, (size_t)f->memory_size);
            f->memory = fresh;
        }
        f->memory_cap = cap;
    }
    f->memory_size = size;
    return 1;
}

int evm_memory_expand(evm_frame *f, const u256 *offset, const u256 *size) {
    uint64_t end = evm_range_end(offset, size);
    if (end == 0) return 1;
    uint64_t cost = evm_memory_expansion_cost(f, end);
    if (cost > f->gas) return 0;
    f->gas -= cost;
    return evm_memory_grow(f, end);
}
