/* Method 2([burn_unspent bool]) calls self.self_destruct and returns its error number (0, or
 * e.g. 2 IllegalOperation when the balance is not zero and burn_unspent is false). Method 3
 * returns the actor's balance (big integer). */
#include "cairn/cairn.h"

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static uint32_t destruct(uint32_t params) {
    cairn_cbor r;
    uint32_t fields;
    int burn = 0;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 1) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_bool(&r, &burn);
    cairn_params_done(&r);
    int32_t err = cairn_sys_self_self_destruct(burn ? 1u : 0u);
    cairn_buf out;
    cairn_buf_init(&out, 8);
    cairn_cbor_put_int(&out, err);
    return cairn_return(&out);
}

static uint32_t balance(uint32_t params) {
    (void)params;
    cairn_token_amount amount;
    int32_t err = cairn_sys_self_current_balance(&amount);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "self.current_balance failed", err);
    cairn_buf out;
    cairn_buf_init(&out, 20);
    cairn_cbor_put_token(&out, cairn_u128_make(amount.hi, amount.lo));
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, destruct}, {3, balance})
