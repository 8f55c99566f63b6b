/* The account actor (and the burnt-funds actor, ID 99, which runs the same code). State, as
 * builtin-actors: [address], the account's f1 (secp256k1) or f3 (BLS) public-key address.
 * Methods:
 *   1           Constructor(address bytes)       caller must be the system actor
 *   2           PubkeyAddress() -> address bytes
 *   2643134072  AuthenticateMessage([signature bytes, message bytes]) -> true
 *               (FRC-42 number of "AuthenticateMessage"); aborts USR_ILLEGAL_ARGUMENT if the
 *               signature is not by this account's key
 *   3726118371  Receive (FRC-42 "Receive", the universal receiver hook): accepts anything */
#include "cairn/cairn.h"

#define METHOD_PUBKEY_ADDRESS 2u
#define METHOD_AUTHENTICATE_MESSAGE 2643134072u
#define METHOD_RECEIVE 3726118371u
#define PROTOCOL_SECP256K1 1u
#define PROTOCOL_BLS 3u
#define SIG_TYPE_SECP256K1 1u
#define SIG_TYPE_BLS 2u

static void load_address(const uint8_t **address, uint32_t *len) {
    cairn_cbor state;
    uint32_t fields;
    cairn_state_load(&state);
    if (!cairn_cbor_get_array(&state, &fields) || fields != 1 || !cairn_cbor_get_bytes(&state, address, len) ||
        !cairn_cbor_done(&state) || *len == 0) cairn_abort(CAIRN_USR_ILLEGAL_STATE, "malformed account state");
}

static uint32_t constructor(uint32_t params) {
    cairn_require_caller(CAIRN_SYSTEM_ACTOR_ID);
    cairn_cbor r;
    const uint8_t *address;
    uint32_t len;
    cairn_params(params, &r);
    cairn_cbor_get_bytes(&r, &address, &len);
    cairn_params_done(&r);
    if (len == 0 || (address[0] != PROTOCOL_SECP256K1 && address[0] != PROTOCOL_BLS))
        cairn_abort(CAIRN_USR_ILLEGAL_ARGUMENT, "an account needs a public-key (f1 or f3) address");
    cairn_buf state;
    cairn_buf_init(&state, 80);
    cairn_cbor_put_array(&state, 1);
    cairn_cbor_put_bytes(&state, address, len);
    cairn_state_save(&state);
    return 0;
}

static uint32_t pubkey_address(uint32_t params) {
    (void)params;
    const uint8_t *address;
    uint32_t len;
    load_address(&address, &len);
    cairn_buf out;
    cairn_buf_init(&out, 80);
    cairn_cbor_put_bytes(&out, address, len);
    return cairn_return(&out);
}

static uint32_t authenticate_message(uint32_t params) {
    cairn_cbor r;
    uint32_t fields, sig_len, msg_len, len;
    const uint8_t *signature, *message, *address;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 2) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_bytes(&r, &signature, &sig_len);
    cairn_cbor_get_bytes(&r, &message, &msg_len);
    cairn_params_done(&r);
    load_address(&address, &len);
    uint32_t sig_type = address[0] == PROTOCOL_SECP256K1 ? SIG_TYPE_SECP256K1 : SIG_TYPE_BLS;
    int32_t valid;
    int32_t err = cairn_sys_crypto_verify_signature(&valid, sig_type, signature, sig_len, address, len, message, msg_len);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_ARGUMENT, "signature verification failed", err);
    if (valid != 0) cairn_abort(CAIRN_USR_ILLEGAL_ARGUMENT, "invalid signature");
    cairn_buf out;
    cairn_buf_init(&out, 4);
    cairn_cbor_put_bool(&out, 1);
    return cairn_return(&out);
}

static uint32_t receive(uint32_t params) {
    (void)params;
    return 0;
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {METHOD_PUBKEY_ADDRESS, pubkey_address},
                    {METHOD_AUTHENTICATE_MESSAGE, authenticate_message}, {METHOD_RECEIVE, receive})
