/* The EVM actor's internal declarations (evm/actor/): its state, the frame it runs, addresses.
 * The actor is the interpreter of evm/src/ built with EVM_ACTOR_HOST, so that the interpreter's
 * host imports (evm.h) are the ordinary C functions of host.c and host_call.c; see docs/evm.md,
 * "The EVM actor". */
#ifndef CAIRN_EVM_ACTOR_H
#define CAIRN_EVM_ACTOR_H
#include "cairn/cairn.h"
#include "../src/evm.h"
#include "kamt.h"

/* Methods (builtin-actors' evm::Method). */
#define EVM_METHOD_CONSTRUCTOR 1u
#define EVM_METHOD_RESURRECT 2u
#define EVM_METHOD_GET_BYTECODE 3u
#define EVM_METHOD_GET_BYTECODE_HASH 4u
#define EVM_METHOD_GET_STORAGE_AT 5u
#define EVM_METHOD_INVOKE_DELEGATE 6u
#define EVM_METHOD_INVOKE_CONTRACT 3844450837u
#define EVM_FIRST_EXPORTED_METHOD 1024u
/* EAM methods and identity; builtin actor types (BuiltinActors.Kind). */
#define EAM_ACTOR_ID 10u
#define EAM_METHOD_CREATE 2u
#define EAM_METHOD_CREATE2 3u
#define EVM_ADDRESS_NAMESPACE 10u
#define TYPE_ACCOUNT 4
#define TYPE_PLACEHOLDER 13
#define TYPE_EVM 14
#define TYPE_ETH_ACCOUNT 16
/* FEVM's exit codes. */
#define EVM_EXIT_REVERTED 33u
#define EVM_EXIT_FAILED 34u
/* EIP-170. */
#define EVM_MAX_CODE_SIZE 24576u

/* The actor's state (builtin-actors' evm::State) as loaded, and what changed since. */
typedef struct evm_state {
    cairn_cid bytecode;
    uint8_t bytecode_hash[32];
    kamt storage;
    uint64_t nonce;
    /* transient_data and tombstone: kept as their encoded items unless this message changed them */
    const uint8_t *transient_item;
    uint32_t transient_item_len;
    int transient_current;  /* the stored transient map belongs to this message */
    cairn_cid transient_root;
    kamt transient;
    int transient_loaded, transient_dirty;
    const uint8_t *tombstone_item;
    uint32_t tombstone_item_len;
    int has_tombstone;
    uint64_t tombstone_origin, tombstone_nonce;
    int tombstone_dirty;
    int dirty;              /* nonce, bytecode or slots changed since saved */
    cairn_cid saved_root;
} evm_state;

extern evm_state evm_actor;
/* This actor's Ethereum address (its f4 subaddress, or its masked ID address). */
extern uint8_t evm_self_address[20];
/* The running frame's CALLER and CALLVALUE (DELEGATECALL passes them on). */
extern uint8_t evm_frame_caller[20];
extern uint8_t evm_frame_value[32];
extern int evm_frame_static;

/* state.c: loading, the storage slot cache, saving. */
void evm_state_load(void);
/* A fresh state (constructor): empty bytecode and storage, nonce 1. */
void evm_state_init(void);
/* Whether the contract self-destructed in an earlier message (FEVM's tombstone). */
int evm_state_is_dead(void);
/* Writes every change and sets the root (a no-op when nothing changed). */
void evm_state_save(void);
/* After a call that may have re-entered this actor: reloads the state if its root moved. */
void evm_state_reload(void);
void evm_state_set_bytecode(const uint8_t *code, uint32_t len);
void evm_state_read_bytecode(uint8_t **code, uint32_t *len);
void evm_storage_get(const uint8_t key[32], uint8_t out[32]);
void evm_storage_original(const uint8_t key[32], uint8_t out[32]);
void evm_storage_set(const uint8_t key[32], const uint8_t value[32]);
int evm_storage_warm(const uint8_t key[32]);
void evm_transient_get(const uint8_t key[32], uint8_t out[32]);
void evm_transient_set(const uint8_t key[32], const uint8_t value[32]);
void evm_state_mark_destroyed(void);
/* Whether the contract was created in this message (its transient map's lifespan is this
 * message's: the constructor writes it; a TSTORE in a later message makes it so too). */
int evm_state_created_in_this_message(void);

/* frame.c: one EVM frame over this actor. */
typedef struct evm_outcome {
    int status; /* EVM_SUCCESS, EVM_REVERT, EVM_FAILURE */
    const uint8_t *output;
    uint32_t output_len;
} evm_outcome;
evm_outcome evm_run_frame(const uint8_t *code, uint32_t code_len, const uint8_t *input, uint32_t input_len,
                          const uint8_t caller[20], const uint8_t value[32], int is_static);
/* Ends the invocation with a frame's outcome: exit 0 with the output as a CBOR byte string,
 * 33 with the revert data, 34 on failure. */
uint32_t evm_finish(evm_outcome outcome);

/* address.c */
/* The Ethereum address of an actor: its f4 subaddress in namespace 10, else its masked ID. */
void evm_eth_address_of(uint64_t id, uint8_t out[20]);
/* The Filecoin address an Ethereum address names (masked ID -> f0, else f4 in namespace 10). */
uint32_t evm_fil_address(const uint8_t eth[20], uint8_t out[32]);
/* The actor an Ethereum address names: 1 and its ID, or 0 when none. */
int evm_resolve(const uint8_t eth[20], uint64_t *id);
/* The builtin type of an actor (0 if not built in). */
int evm_actor_type(uint64_t id);
/* 32-byte big-endian word <-> 128-bit token amount; 0 when the word does not fit. */
int evm_word_to_token(const uint8_t word[32], cairn_u128 *out);
void evm_token_to_word(cairn_u128 v, uint8_t out[32]);
/* The message's origin ID and nonce (the lifespan of transient storage and tombstones). */
uint64_t evm_message_origin(void);
uint64_t evm_message_nonce(void);

/* host_call.c: the data of the last nested call, for RETURNDATACOPY. */
extern const uint8_t *evm_last_return;
extern uint32_t evm_last_return_len;
/* host.c: a call may have created or changed the code at an address. */
void evm_host_forget_code(void);
/* host.c: asks EVM actor `id` for its bytecode's CID (GetBytecode, read-only): 1 with *cid set,
 * 0 when it has no code (null), -1 when the call fails or the answer is malformed. */
int evm_bytecode_cid(uint64_t id, cairn_cid *cid);
/* A block's content as call data: a CBOR byte string's bytes, or the raw block. */
void evm_block_payload(uint32_t handle, const uint8_t **data, uint32_t *len);
#endif
