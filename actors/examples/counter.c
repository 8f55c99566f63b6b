/* A counter: state [count]. Methods: 1 Constructor (count = 0), 2 Increment (returns the new
 * count), 3 Get (returns the count). */
#include "cairn/cairn.h"

static uint64_t load_count(void) {
    cairn_cbor state;
    uint32_t fields;
    uint64_t count;
    cairn_state_load(&state);
    if (!cairn_cbor_get_array(&state, &fields) || fields != 1 || !cairn_cbor_get_uint(&state, &count) ||
        !cairn_cbor_done(&state)) cairn_abort(CAIRN_USR_ILLEGAL_STATE, "malformed counter state");
    return count;
}

static void save_count(uint64_t count) {
    cairn_buf state;
    cairn_buf_init(&state, 16);
    cairn_cbor_put_array(&state, 1);
    cairn_cbor_put_uint(&state, count);
    cairn_state_save(&state);
}

static uint32_t returning(uint64_t count) {
    cairn_buf out;
    cairn_buf_init(&out, 16);
    cairn_cbor_put_uint(&out, count);
    return cairn_return(&out);
}

static uint32_t constructor(uint32_t params) {
    (void)params;
    save_count(0);
    return 0;
}

static uint32_t increment(uint32_t params) {
    (void)params;
    uint64_t count = load_count();
    if (count == UINT64_MAX) cairn_abort(CAIRN_USR_ILLEGAL_STATE, "counter overflow");
    save_count(count + 1);
    return returning(count + 1);
}

static uint32_t get(uint32_t params) {
    (void)params;
    return returning(load_count());
}

CAIRN_ACTOR_METHODS({1, constructor}, {2, increment}, {3, get})
