/* The system actor (ID 0). State, as builtin-actors: [builtin_actors] where builtin_actors is
 * the CID of the manifest of built-in actor code; Cairn has no manifest, so it links an empty
 * list. Methods: 1 Constructor (caller must be the system actor itself). */
#include "cairn/cairn.h"

static uint32_t constructor(uint32_t params) {
    (void)params;
    cairn_require_caller(CAIRN_SYSTEM_ACTOR_ID);
    cairn_buf empty;
    cairn_cid manifest;
    cairn_buf_init(&empty, 4);
    cairn_cbor_put_array(&empty, 0);
    cairn_block_put(CAIRN_CODEC_DAG_CBOR, empty.data, empty.len, &manifest);
    cairn_buf state;
    cairn_buf_init(&state, 64);
    cairn_cbor_put_array(&state, 1);
    cairn_cbor_put_cid(&state, &manifest);
    cairn_state_save(&state);
    return 0;
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor})
