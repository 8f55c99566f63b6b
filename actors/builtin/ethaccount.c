/* The Ethereum account actor (builtin type 16): an externally owned Ethereum account, an actor
 * with an f4 address in the EAM's namespace (f410…). It has no state of its own (the empty
 * state), as builtin-actors' `ethaccount`. Most Ethereum accounts never run this constructor:
 * the VM turns a placeholder whose f410 address sends its first message into an EthAccount
 * (docs/actors.md, "Ethereum addresses"). Methods:
 *   1          Constructor()   caller must be the system actor; the actor's delegated address
 *                              must be an f410 address (else USR_ILLEGAL_ARGUMENT)
 *   >= 2^24    any exported method (FRC-42 numbers: Receive, InvokeEVM sent by a contract's CALL,
 *              ...): accepted, nothing returned, as builtin-actors' fallback */
#include "cairn/cairn.h"

#define EAM_ACTOR_ID 10u
#define PROTOCOL_DELEGATED 4u
#define FIRST_EXPORTED_METHOD (1ull << 24)

static uint32_t constructor(uint32_t params) {
    (void)params;
    cairn_require_caller(CAIRN_SYSTEM_ACTOR_ID);
    uint8_t address[CAIRN_MAX_ADDRESS_LEN];
    uint32_t len = 0;
    int32_t err = cairn_sys_actor_lookup_delegated_address(&len, cairn_message()->receiver, address, sizeof address);
    /* f4, namespace 10 (one LEB128 byte), 20-byte subaddress. */
    if (err || len != 22 || address[0] != PROTOCOL_DELEGATED || address[1] != EAM_ACTOR_ID)
        cairn_abort(CAIRN_USR_ILLEGAL_ARGUMENT, "an Ethereum account needs an f410 address");
    return 0;
}

__attribute__((export_name("invoke"))) uint32_t invoke(uint32_t params) {
    uint64_t method = cairn_message()->method_number;
    if (method == CAIRN_METHOD_CONSTRUCTOR) return constructor(params);
    if (method >= FIRST_EXPORTED_METHOD) return 0;
    cairn_abort(CAIRN_USR_UNHANDLED_MESSAGE, "the Ethereum account has no such method");
}
