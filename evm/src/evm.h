/* The EVM interpreter's shared declarations: 256-bit words, the host imports (docs/evm.md,
 * "Host interface"), the frame-local allocator and the freestanding libc subset. */
#ifndef CAIRN_EVM_H
#define CAIRN_EVM_H

#include <stdint.h>
#include <stddef.h>

/* A 256-bit word: w[0] is the least significant 64 bits. */
typedef struct { uint64_t w[4]; } u256;

/* ---- host imports (module "evm") ---- */
#ifdef EVM_ACTOR_HOST
/* The EVM actor (evm/actor/) implements the host as ordinary C functions and exports only
 * `invoke`: the interpreter's own exports (evm_input, evm_run) become hidden symbols. */
#define EVM_IMPORT(name)
#define export_name(name) visibility("hidden")
#else
#define EVM_IMPORT(name) __attribute__((import_module("evm"), import_name(name)))
#endif

/* Marks `addr` warm; returns 1 if it was cold (EIP-2929). */
EVM_IMPORT("account_access") int32_t host_account_access(const uint8_t *addr);
/* Marks the current contract's slot `key` warm; returns 1 if it was cold. */
EVM_IMPORT("storage_access") int32_t host_storage_access(const uint8_t *key);
/* 1 when `addr` is dead (absent, or no code, zero nonce and zero balance: EIP-161). */
EVM_IMPORT("account_dead") int32_t host_account_dead(const uint8_t *addr);
EVM_IMPORT("balance") void host_balance(const uint8_t *addr, uint8_t *out32);
EVM_IMPORT("code_size") uint32_t host_code_size(const uint8_t *addr);
/* keccak of the code, or zero for a dead account (EIP-1052). */
EVM_IMPORT("code_hash") void host_code_hash(const uint8_t *addr, uint8_t *out32);
/* Copies code[offset, offset+len) of `addr`, zero-padded past its end. */
EVM_IMPORT("code_copy") void host_code_copy(const uint8_t *addr, uint32_t offset, uint8_t *out, uint32_t len);
EVM_IMPORT("sload") void host_sload(const uint8_t *key, uint8_t *out32);
/* The slot's value at the start of the transaction (EIP-2200). */
EVM_IMPORT("sload_original") void host_sload_original(const uint8_t *key, uint8_t *out32);
EVM_IMPORT("sstore") void host_sstore(const uint8_t *key, const uint8_t *value);
EVM_IMPORT("tload") void host_tload(const uint8_t *key, uint8_t *out32);
EVM_IMPORT("tstore") void host_tstore(const uint8_t *key, const uint8_t *value);
EVM_IMPORT("log") void host_log(const uint8_t *data, uint32_t len, uint32_t topic_count, const uint8_t *topics);
/* Runs a nested frame described by the call block at `args` (evm_call_args); writes an
 * evm_call_result at `result`; returns its status. */
EVM_IMPORT("call") int32_t host_call(const uint8_t *args, uint8_t *result);
/* Copies the return data of the last host_call into `out` (result.return_length bytes). */
EVM_IMPORT("return_data") void host_return_data(uint8_t *out);
EVM_IMPORT("selfdestruct") void host_selfdestruct(const uint8_t *beneficiary);
/* Writes the block and transaction context: 10 big-endian words (EVM_CTX_*). */
EVM_IMPORT("context") void host_context(uint8_t *out320);
EVM_IMPORT("block_hash") void host_block_hash(uint64_t number, uint8_t *out32);
/* Writes blob hash `index`; returns 0 when there is none. */
EVM_IMPORT("blob_hash") int32_t host_blob_hash(uint32_t index, uint8_t *out32);
EVM_IMPORT("sha256") void host_sha256(const uint8_t *in, uint32_t len, uint8_t *out32);
/* ecrecover's 128-byte input; writes the 32-byte padded address, returns 0 when none. */
EVM_IMPORT("ecrecover") int32_t host_ecrecover(const uint8_t *in128, uint8_t *out32);

/* Context words, in the order host_context writes them. */
enum {
    EVM_CTX_ORIGIN, EVM_CTX_GAS_PRICE, EVM_CTX_COINBASE, EVM_CTX_TIMESTAMP, EVM_CTX_NUMBER,
    EVM_CTX_PREVRANDAO, EVM_CTX_GAS_LIMIT, EVM_CTX_CHAIN_ID, EVM_CTX_BASE_FEE, EVM_CTX_BLOB_BASE_FEE,
    EVM_CTX_WORDS
};

/* Call kinds of evm_call_args. */
enum { EVM_KIND_CALL, EVM_KIND_CALLCODE, EVM_KIND_DELEGATECALL, EVM_KIND_STATICCALL, EVM_KIND_CREATE, EVM_KIND_CREATE2 };

/* Frame statuses (evm_run's result and host_call's answer). */
enum { EVM_SUCCESS = 0, EVM_REVERT = 1, EVM_FAILURE = 2 };

/* The call block host_call reads (little-endian, packed, 128 bytes). */
#define EVM_ARGS_KIND 0      /* u32 */
#define EVM_ARGS_INPUT 4     /* u32 pointer */
#define EVM_ARGS_INPUT_LEN 8 /* u32 */
#define EVM_ARGS_GAS 16      /* u64 */
#define EVM_ARGS_ADDRESS 24  /* 20 bytes: callee (unused for creation) */
#define EVM_ARGS_VALUE 44    /* 32 bytes big-endian */
#define EVM_ARGS_SALT 76     /* 32 bytes (CREATE2) */
#define EVM_ARGS_SIZE 108
/* The result block host_call writes (little-endian, packed, 48 bytes). */
#define EVM_RES_GAS_LEFT 0   /* u64 */
#define EVM_RES_REFUND 8     /* i64 */
#define EVM_RES_RETURN_LEN 16 /* u32 */
#define EVM_RES_ADDRESS 20   /* 20 bytes: the created contract */
#define EVM_RES_SIZE 40

/* ---- allocator and libc subset (runtime.c) ---- */
void *evm_alloc(uint32_t size);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* ---- words (u256.c) ---- */
u256 u256_from_u64(uint64_t v);
u256 u256_from_be(const uint8_t *bytes, uint32_t len);
void u256_to_be(const u256 *a, uint8_t out[32]);
int u256_is_zero(const u256 *a);
int u256_eq(const u256 *a, const u256 *b);
int u256_lt(const u256 *a, const u256 *b);
int u256_slt(const u256 *a, const u256 *b);
int u256_fits_u64(const u256 *a);
u256 u256_add(const u256 *a, const u256 *b);
u256 u256_sub(const u256 *a, const u256 *b);
u256 u256_mul(const u256 *a, const u256 *b);
u256 u256_div(const u256 *a, const u256 *b);
u256 u256_mod(const u256 *a, const u256 *b);
u256 u256_sdiv(const u256 *a, const u256 *b);
u256 u256_smod(const u256 *a, const u256 *b);
u256 u256_addmod(const u256 *a, const u256 *b, const u256 *m);
u256 u256_mulmod(const u256 *a, const u256 *b, const u256 *m);
u256 u256_exp(const u256 *base, const u256 *exponent);
u256 u256_signextend(const u256 *byte_index, const u256 *value);
u256 u256_shl(const u256 *shift, const u256 *value);
u256 u256_shr(const u256 *shift, const u256 *value);
u256 u256_sar(const u256 *shift, const u256 *value);
u256 u256_byte(const u256 *index, const u256 *value);
uint32_t u256_byte_length(const u256 *a);

/* ---- keccak (keccak.c) ---- */
void evm_keccak256(const uint8_t *in, uint32_t len, uint8_t out[32]);

/* ---- precompiles (precompile.c) ---- */
/* Runs precompile `id` (1..10); returns the status and sets *gas, *out, *out_len. */
int32_t evm_run_precompile(uint32_t id, const uint8_t *in, uint32_t len, uint64_t *gas, uint8_t **out, uint32_t *out_len);

#endif
