/* Sends a message to another actor and returns what came back.
 * Methods:
 *   1 Constructor()
 *   2 Forward([to address, method, params bytes or null, value, flags]) -> [exit_code, return bytes or null]
 *     `params` is the DAG-CBOR encoding of the callee's parameters (null: none), `value` a big
 *     integer, `flags` the send flags (1 = read-only). A send the VM refuses (a syscall error
 *     such as ReadOnly or InsufficientFunds) aborts with USR_UNSPECIFIED and the error number in
 *     the message; the callee's own failure is returned as its exit code. */
#include "cairn/cairn.h"

static uint32_t constructor(uint32_t params) {
    (void)params;
    return 0;
}

static uint32_t forward(uint32_t params) {
    cairn_cbor r;
    uint32_t fields, to_len, inner_len = 0;
    const uint8_t *to, *inner = 0;
    uint64_t method, flags;
    cairn_u128 value;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 5) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_bytes(&r, &to, &to_len);
    cairn_cbor_get_uint(&r, &method);
    if (cairn_cbor_is_null(&r)) cairn_cbor_get_null(&r);
    else cairn_cbor_get_bytes(&r, &inner, &inner_len);
    cairn_cbor_get_token(&r, &value);
    cairn_cbor_get_uint(&r, &flags);
    cairn_params_done(&r);

    uint32_t handle = inner ? cairn_block_create(CAIRN_CODEC_DAG_CBOR, inner, inner_len) : 0;
    cairn_send_result result;
    int32_t err = cairn_send(to, to_len, method, handle, value, flags, &result);
    if (err) cairn_abort_errno(CAIRN_USR_UNSPECIFIED, "send failed", err);

    cairn_buf out;
    cairn_buf_init(&out, 64);
    cairn_cbor_put_array(&out, 2);
    cairn_cbor_put_uint(&out, result.exit_code);
    if (result.return_id == 0) {
        cairn_cbor_put_null(&out);
    } else {
        uint8_t *data;
        uint32_t len;
        cairn_block_read_all(result.return_id, &data, &len);
        cairn_cbor_put_bytes(&out, data, len);
    }
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, forward})
