/* Hello world: method 2 logs "hello world" (debug.log) and returns the text "hello world". */
#include "cairn/cairn.h"

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static uint32_t hello(uint32_t params) {
    (void)params;
    cairn_log("hello world");
    cairn_buf out;
    cairn_buf_init(&out, 16);
    cairn_cbor_put_cstr(&out, "hello world");
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, hello})
