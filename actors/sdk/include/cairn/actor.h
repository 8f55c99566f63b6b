/* The actor side of an invocation: exit codes, aborting, the message context, parameters and
 * return values, the state root, sends, events, addresses and method dispatch. */
#ifndef CAIRN_ACTOR_H
#define CAIRN_ACTOR_H

#include <stdint.h>
#include "cairn/cbor.h"
#include "cairn/ipld.h"
#include "cairn/sys.h"

/* Exit codes (ref-fvm's ExitCode). Actors exit with 0 or a user code >= 16. */
enum cairn_exit_code {
    CAIRN_OK_EXIT = 0,
    CAIRN_SYS_OUT_OF_GAS = 7,
    CAIRN_SYS_ILLEGAL_EXIT_CODE = 9,
    CAIRN_USR_ILLEGAL_ARGUMENT = 16,
    CAIRN_USR_NOT_FOUND = 17,
    CAIRN_USR_FORBIDDEN = 18,
    CAIRN_USR_INSUFFICIENT_FUNDS = 19,
    CAIRN_USR_ILLEGAL_STATE = 20,
    CAIRN_USR_SERIALIZATION = 21,
    CAIRN_USR_UNHANDLED_MESSAGE = 22,
    CAIRN_USR_UNSPECIFIED = 23,
    CAIRN_USR_ASSERTION_FAILED = 24,
    CAIRN_USR_READ_ONLY = 25,
    CAIRN_USR_NOT_PAYABLE = 26,
};

#define CAIRN_SYSTEM_ACTOR_ID 0u
#define CAIRN_INIT_ACTOR_ID 1u
#define CAIRN_BURNT_FUNDS_ACTOR_ID 99u
#define CAIRN_METHOD_CONSTRUCTOR 1u
#define CAIRN_SEND_READ_ONLY 1u
#define CAIRN_CONTEXT_READ_ONLY 1u
#define CAIRN_MAX_ADDRESS_LEN 65u

/* Ends the invocation with `code` and a debug message (vm.exit). */
__attribute__((noreturn)) void cairn_abort(uint32_t code, const char *message);
/* The same, naming the syscall error number in the message. */
__attribute__((noreturn)) void cairn_abort_errno(uint32_t code, const char *message, int32_t err);
/* Ends the invocation with `code` and a DAG-CBOR data block. */
__attribute__((noreturn)) void cairn_exit_with_data(uint32_t code, const cairn_buf *data, const char *message);

/* The message context, read once per invocation. */
const cairn_message_context *cairn_message(void);

/* Reads the parameters block into `data` (kept alive) and starts `reader` on it. */
void cairn_params(uint32_t params_handle, cairn_cbor *reader);
/* Aborts with USR_SERIALIZATION unless the reader decoded everything. */
void cairn_params_done(const cairn_cbor *reader);
/* A DAG-CBOR return block from `b`, for `invoke` to return. */
uint32_t cairn_return(const cairn_buf *b);

/* The state root: loading reads and parses the root block; saving writes it and sets the root. */
void cairn_state_load(cairn_cbor *reader);
void cairn_state_save(const cairn_buf *state);

/* Writes the binary ID address (protocol 0, LEB128 ID) of `id`; returns its length (<= 10). */
uint32_t cairn_id_address(uint64_t id, uint8_t out[10]);
/* Resolves a binary address to an actor ID: 1 if found. */
int cairn_resolve_address(const uint8_t *addr, uint32_t len, uint64_t *id);

/* Calls another actor; returns the syscall's error number (0 = sent; the callee's exit code is
 * in result->exit_code). `gas_limit` UINT64_MAX gives the callee all remaining gas. */
int32_t cairn_send(const uint8_t *addr, uint32_t addr_len, uint64_t method, uint32_t params_handle,
                   cairn_u128 value, uint64_t flags, cairn_send_result *result);

/* An event under construction: entries with UTF-8 keys and raw (0x55) values. */
typedef struct cairn_event {
    cairn_event_entry entries[16];
    uint32_t count;
    cairn_buf keys;
    cairn_buf values;
} cairn_event;
#define CAIRN_EVENT_INDEX_KEY 1u
#define CAIRN_EVENT_INDEX_VALUE 2u
void cairn_event_init(cairn_event *e);
void cairn_event_add(cairn_event *e, uint64_t flags, const char *key, const void *value, uint32_t value_len);
/* Emits the event; returns the syscall's error number. */
int32_t cairn_event_emit(const cairn_event *e);

/* Logs through debug.log (a no-op unless debugging is on). */
void cairn_log(const char *message);

/* Method dispatch: `CAIRN_ACTOR_METHODS({1, constructor}, {2, increment})` defines `invoke`,
 * which calls the function registered for the message's method number (with the parameters
 * handle) and returns its result; an unknown method aborts with USR_UNHANDLED_MESSAGE. */
typedef uint32_t (*cairn_method_fn)(uint32_t params_handle);
typedef struct cairn_method {
    uint64_t number;
    cairn_method_fn fn;
} cairn_method;
uint32_t cairn_dispatch(const cairn_method *methods, uint32_t count, uint32_t params_handle);
#define CAIRN_ACTOR_METHODS(...)                                                              \
    static const cairn_method cairn_actor_methods_[] = {__VA_ARGS__};                         \
    __attribute__((export_name("invoke"))) uint32_t invoke(uint32_t params_handle) {           \
        return cairn_dispatch(cairn_actor_methods_,                                            \
                              sizeof(cairn_actor_methods_) / sizeof(cairn_actor_methods_[0]),  \
                              params_handle);                                                  \
    }

/* Aborts with USR_FORBIDDEN unless the caller is `id`. */
void cairn_require_caller(uint64_t id);

#endif
