/* One call frame of the interpreter (interpreter.c, calls.c). */
#ifndef CAIRN_EVM_FRAME_H
#define CAIRN_EVM_FRAME_H
#include "evm.h"

#define EVM_STACK_LIMIT 1024

typedef struct {
    const uint8_t *code;
    uint32_t code_len;
    const uint8_t *input;
    uint32_t input_len;
    uint8_t *jumpdests;      /* bitmap of valid JUMPDEST offsets */
    u256 *stack;
    int sp;                  /* number of words on the stack */
    uint8_t *memory;
    uint64_t memory_size;    /* bytes, a multiple of 32 */
    uint64_t memory_cap;
    uint8_t *return_data;    /* the last call's return data */
    uint32_t return_len;
    uint64_t gas;
    int64_t refund;
    uint8_t address[20];
    uint8_t caller[20];
    uint8_t value[32];
    uint32_t is_static;
    uint32_t depth;
    uint8_t context[EVM_CTX_WORDS * 32];
    int context_loaded;
    uint8_t *output;         /* RETURN/REVERT data */
    uint32_t output_len;
} evm_frame;

/* Charges the expansion of memory to cover [offset, offset+size); 0 when out of gas. */
int evm_memory_expand(evm_frame *f, const u256 *offset, const u256 *size);
/* The memory cost of `words` 32-byte words. */
uint64_t evm_memory_cost(uint64_t words);
/* Expansion cost to cover `end` bytes (no charge, no growth); UINT64_MAX when too large. */
uint64_t evm_memory_expansion_cost(const evm_frame *f, uint64_t end);
/* Grows memory to cover `end` bytes (already paid for); 0 when the host has no memory left. */
int evm_memory_grow(evm_frame *f, uint64_t end);
/* The end of [offset, offset+size) if it fits in 32 bits; 0 for an empty range; UINT64_MAX when huge. */
uint64_t evm_range_end(const u256 *offset, const u256 *size);

/* CALL, CALLCODE, DELEGATECALL, STATICCALL (calls.c); 0 for an exceptional halt. */
int evm_op_call(evm_frame *f, int kind);
/* CREATE, CREATE2 (calls.c); 0 for an exceptional halt. */
int evm_op_create(evm_frame *f, int kind);

#endif
