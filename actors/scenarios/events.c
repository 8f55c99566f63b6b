/* Method 2([count]) emits `count` events, event i with entries type = "ping" (indexed key and
 * value) and seq = i (8 bytes big-endian, indexed key); returns the last error number (0). */
#include "cairn/cairn.h"

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static uint32_t emit(uint32_t params) {
    cairn_cbor r;
    uint32_t fields;
    uint64_t count;
    int32_t err = 0;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 1) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_uint(&r, &count);
    cairn_params_done(&r);
    for (uint64_t i = 0; i < count && err == 0; i++) {
        uint8_t seq[8];
        for (int b = 0; b < 8; b++) seq[b] = (uint8_t)(i >> (56 - 8 * b));
        cairn_event e;
        cairn_event_init(&e);
        cairn_event_add(&e, CAIRN_EVENT_INDEX_KEY | CAIRN_EVENT_INDEX_VALUE, "type", "ping", 4);
        cairn_event_add(&e, CAIRN_EVENT_INDEX_KEY, "seq", seq, 8);
        err = cairn_event_emit(&e);
    }
    cairn_buf out;
    cairn_buf_init(&out, 8);
    cairn_cbor_put_int(&out, err);
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, emit})
