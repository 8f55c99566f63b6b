/* One allocator for the whole actor: the interpreter's evm_alloc (evm.h), which the state-test
 * build takes from evm/src/runtime.c, is served here by the SDK's bump allocator (cairn_alloc),
 * so the two never hand out the same memory. evm/src/memory.c grows the EVM memory in place
 * when it is the last block: that holds when nothing was allocated after it, which
 * cairn_alloc(0) tells (it returns the next free byte, blocks being 8-aligned). */
#include "cairn/mem.h"
#include <stdint.h>

void *evm_alloc(uint32_t size) { return cairn_alloc(size); }

int evm_alloc_is_last(const void *block, uint32_t size) {
    return (uintptr_t)block + size == (uintptr_t)cairn_alloc(0);
}

int evm_alloc_extend(uint32_t extra) {
    cairn_alloc(extra);
    return 1;
}
