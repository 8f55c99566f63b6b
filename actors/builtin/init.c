/* The init actor (ID 1): allocates actor IDs and maps robust (f2) addresses to them.
 * State, as builtin-actors: [address_map, next_id, network_name] where address_map is a HAMT
 * (bit width 5, SHA-256 key hash) from binary address bytes to the actor ID (CBOR unsigned).
 * The runtime resolves f2 addresses by reading this map. Methods:
 *   1  Constructor([network_name])                      caller must be the system actor
 *   2  Exec([code_cid, constructor_params bytes]) -> [id_address bytes, robust_address bytes]
 *      creates an actor running the installed code `code_cid` with the next ID and a new f2
 *      address, then calls its constructor (method 1) with the parameters and the value
 *      received; a failing constructor aborts Exec with the constructor's exit code. */
#include "cairn/cairn.h"

#define FIRST_NON_SINGLETON_ID 100u
#define HAMT_BIT_WIDTH 5u

typedef struct init_state {
    cairn_cid address_map;
    uint64_t next_id;
    const char *network_name;
    uint32_t network_name_len;
} init_state;

static void save_state(const init_state *s) {
    cairn_buf state;
    cairn_buf_init(&state, 128);
    cairn_cbor_put_array(&state, 3);
    cairn_cbor_put_cid(&state, &s->address_map);
    cairn_cbor_put_uint(&state, s->next_id);
    cairn_cbor_put_text(&state, s->network_name, s->network_name_len);
    cairn_state_save(&state);
}

static void load_state(init_state *s) {
    cairn_cbor r;
    uint32_t fields;
    cairn_state_load(&r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 3 || !cairn_cbor_get_cid(&r, &s->address_map) ||
        !cairn_cbor_get_uint(&r, &s->next_id) || !cairn_cbor_get_text(&r, &s->network_name, &s->network_name_len) ||
        !cairn_cbor_done(&r)) cairn_abort(CAIRN_USR_ILLEGAL_STATE, "malformed init state");
}

static uint32_t constructor(uint32_t params) {
    cairn_require_caller(CAIRN_SYSTEM_ACTOR_ID);
    cairn_cbor r;
    uint32_t fields;
    init_state s;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 1) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_text(&r, &s.network_name, &s.network_name_len);
    cairn_params_done(&r);
    cairn_hamt map;
    cairn_hamt_new(&map, HAMT_BIT_WIDTH);
    cairn_hamt_flush(&map, &s.address_map);
    s.next_id = FIRST_NON_SINGLETON_ID;
    save_state(&s);
    return 0;
}

/* Records robust -> next ID in the map and returns the ID. */
static uint64_t map_new_address(const uint8_t *robust, uint32_t robust_len) {
    init_state s;
    load_state(&s);
    uint64_t id = s.next_id++;
    cairn_hamt map;
    cairn_buf value;
    cairn_hamt_load(&map, &s.address_map, HAMT_BIT_WIDTH);
    cairn_buf_init(&value, 9);
    cairn_cbor_put_uint(&value, id);
    cairn_hamt_set(&map, robust, robust_len, value.data, value.len);
    cairn_hamt_flush(&map, &s.address_map);
    save_state(&s);
    return id;
}

static void construct(uint64_t id, const uint8_t *params, uint32_t params_len) {
    uint8_t address[10];
    uint32_t address_len = cairn_id_address(id, address);
    uint32_t handle = params_len ? cairn_block_create(CAIRN_CODEC_DAG_CBOR, params, params_len) : 0;
    const cairn_message_context *m = cairn_message();
    cairn_u128 value = cairn_u128_make(m->value_received.hi, m->value_received.lo);
    cairn_send_result result;
    int32_t err = cairn_send(address, address_len, CAIRN_METHOD_CONSTRUCTOR, handle, value, 0, &result);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "sending to the constructor failed", err);
    if (result.exit_code != 0) {
        cairn_sys_vm_exit(result.exit_code, result.return_id, (const uint8_t *)"constructor failed", 18);
    }
}

static uint32_t exec(uint32_t params) {
    cairn_cbor r;
    uint32_t fields, ctor_len, robust_len;
    cairn_cid code;
    const uint8_t *ctor_params;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 2) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_cid(&r, &code);
    cairn_cbor_get_bytes(&r, &ctor_params, &ctor_len);
    cairn_params_done(&r);

    uint8_t robust[CAIRN_MAX_ADDRESS_LEN];
    int32_t err = cairn_sys_actor_next_actor_address(&robust_len, robust, sizeof robust);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "actor.next_actor_address failed", err);
    uint64_t id = map_new_address(robust, robust_len);
    err = cairn_sys_actor_create_actor(id, code.bytes, 0, 0);
    if (err == CAIRN_ERR_NOT_FOUND) cairn_abort(CAIRN_USR_NOT_FOUND, "no installed code with that CID");
    if (err == CAIRN_ERR_READ_ONLY) cairn_abort(CAIRN_USR_READ_ONLY, "cannot create an actor in a read-only call");
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_ARGUMENT, "actor.create_actor failed", err);
    construct(id, ctor_params, ctor_len);

    uint8_t id_address[10];
    uint32_t id_len = cairn_id_address(id, id_address);
    cairn_buf out;
    cairn_buf_init(&out, 96);
    cairn_cbor_put_array(&out, 2);
    cairn_cbor_put_bytes(&out, id_address, id_len);
    cairn_cbor_put_bytes(&out, robust, robust_len);
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, exec})
