/* Method 2([count, size]) makes `count` allocations of `size` bytes from the SDK's allocator,
 * writes each, and returns the sum of one byte from each (count * (size > 0)). */
#include "cairn/cairn.h"

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static uint32_t allocate(uint32_t params) {
    cairn_cbor r;
    uint32_t fields;
    uint64_t count, size;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 2) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_uint(&r, &count);
    cairn_cbor_get_uint(&r, &size);
    cairn_params_done(&r);
    uint64_t sum = 0;
    for (uint64_t i = 0; i < count; i++) {
        volatile uint8_t *p = cairn_alloc((size_t)size);
        if (size) {
            p[size - 1] = 1;
            sum += p[size - 1];
        }
    }
    cairn_buf out;
    cairn_buf_init(&out, 8);
    cairn_cbor_put_uint(&out, sum);
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, allocate})
