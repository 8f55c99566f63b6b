/* Method 2([n]) returns 100 / n with i32.div_u: n = 0 traps (integer divide by zero). */
#include "cairn/cairn.h"

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static uint32_t divide(uint32_t params) {
    cairn_cbor r;
    uint32_t fields;
    uint64_t n;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 1) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_uint(&r, &n);
    cairn_params_done(&r);
    volatile uint32_t hundred = 100;
    uint32_t quotient = hundred / (uint32_t)n;
    cairn_buf out;
    cairn_buf_init(&out, 8);
    cairn_cbor_put_uint(&out, quotient);
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, divide})
