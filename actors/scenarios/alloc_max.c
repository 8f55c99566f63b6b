/* Linear memory at its limit. Method 2 grows memory one page at a time until memory.grow fails
 * and returns the total number of pages, after writing the last byte of memory. Method 3([pages])
 * returns memory.grow(pages): the old size in pages, or -1 if memory cannot grow that much. */
#include "cairn/cairn.h"

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static uint32_t grow_to_limit(uint32_t params) {
    (void)params;
    while (__builtin_wasm_memory_grow(0, 1) != (size_t)-1) {
    }
    size_t pages = __builtin_wasm_memory_size(0);
    volatile uint8_t *last = (volatile uint8_t *)(pages * 65536u - 1u);
    *last = 1;
    cairn_buf out;
    cairn_buf_init(&out, 8);
    cairn_cbor_put_uint(&out, pages);
    return cairn_return(&out);
}

static uint32_t grow(uint32_t params) {
    cairn_cbor r;
    uint32_t fields;
    uint64_t pages;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 1) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_uint(&r, &pages);
    cairn_params_done(&r);
    size_t old = __builtin_wasm_memory_grow(0, (size_t)pages);
    cairn_buf out;
    cairn_buf_init(&out, 8);
    cairn_cbor_put_int(&out, old == (size_t)-1 ? -1 : (int64_t)old);
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, grow_to_limit}, {3, grow})
