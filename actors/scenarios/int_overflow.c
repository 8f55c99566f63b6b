/* Integer overflow. Method 2([a, b]) returns a + b modulo 2^64 (Wasm integers wrap; no trap).
 * Method 3([a, b]) checks: aborts with USR_ILLEGAL_ARGUMENT when a + b overflows, else returns
 * it. Method 4([a, b]) computes (int32)a / (int32)b with i32.div_s: INT32_MIN / -1 traps
 * (integer overflow). */
#include "cairn/cairn.h"

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static void read_pair(uint32_t params, uint64_t *a, uint64_t *b) {
    cairn_cbor r;
    uint32_t fields;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 2) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_uint(&r, a);
    cairn_cbor_get_uint(&r, b);
    cairn_params_done(&r);
}

static uint32_t returning_int(int64_t v, int is_signed, uint64_t u) {
    cairn_buf out;
    cairn_buf_init(&out, 12);
    if (is_signed) cairn_cbor_put_int(&out, v);
    else cairn_cbor_put_uint(&out, u);
    return cairn_return(&out);
}

static uint32_t wrapping_add(uint32_t params) {
    uint64_t a, b;
    read_pair(params, &a, &b);
    return returning_int(0, 0, a + b);
}

static uint32_t checked_add(uint32_t params) {
    uint64_t a, b, sum;
    read_pair(params, &a, &b);
    if (__builtin_add_overflow(a, b, &sum)) cairn_abort(CAIRN_USR_ILLEGAL_ARGUMENT, "integer overflow");
    return returning_int(0, 0, sum);
}

static uint32_t signed_divide(uint32_t params) {
    uint64_t a, b;
    read_pair(params, &a, &b);
    volatile int32_t x = (int32_t)(uint32_t)a, y = (int32_t)(uint32_t)b;
    return returning_int(x / y, 1, 0);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, wrapping_add}, {3, checked_add}, {4, signed_divide})
