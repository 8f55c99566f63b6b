/* The init actor (ID 1): allocates actor IDs and maps robust (f2) addresses to them.
 * State, as builtin-actors: [address_map, next_id, network_name] where address_map is a HAMT
 * (bit width 5, SHA-256 key hash) from binary address bytes to the actor ID (CBOR unsigned).
 * The runtime resolves f2 addresses by reading this map. Methods:
 *   1  Constructor([network_name])                      caller must be the system actor
 *   2  Exec([code_cid, constructor_params bytes]) -> [id_address bytes, robust_address bytes]
 *      creates an actor running the installed code `code_cid` with the next ID and a new f2
 *      address, then calls its constructor (method 1) with the parameters and the value
 *      received; a failing constructor aborts Exec with the constructor's exit code.
 *   3  Exec4([code_cid, constructor_params bytes, subaddress bytes]) -> [id_address, robust_address]
 *      caller must be the EAM (ID 10): as Exec, and the actor also gets the delegated address
 *      f4(namespace = the caller's ID, subaddress), mapped to its ID. If that f4 address is
 *      mapped already, the actor there must be a placeholder (funds sent ahead of the deployment),
 *      which the new code replaces, keeping its ID and balance. */
#include "cairn/cairn.h"

#define FIRST_NON_SINGLETON_ID 100u
#define HAMT_BIT_WIDTH 5u
#define EAM_ACTOR_ID 10u
#define PLACEHOLDER_TYPE 13
#define PROTOCOL_DELEGATED 4u
#define MAX_SUBADDRESS_LEN 54u

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

/* Maps `key` to `id` unless it is mapped already: 1 if it was new. */
static int map_if_absent(cairn_hamt *map, const uint8_t *key, uint32_t key_len, uint64_t id) {
    const uint8_t *found;
    uint32_t found_len;
    if (cairn_hamt_get(map, key, key_len, &found, &found_len)) return 0;
    cairn_buf value;
    cairn_buf_init(&value, 9);
    cairn_cbor_put_uint(&value, id);
    cairn_hamt_set(map, key, key_len, value.data, value.len);
    return 1;
}

/* Records robust -> ID in the map and returns the ID: the ID `f4` (if given) maps to already,
 * setting *existing, else next ID (and f4 -> it). As builtin-actors' `map_addresses_to_id`. */
static uint64_t map_addresses(const uint8_t *robust, uint32_t robust_len, const uint8_t *f4, uint32_t f4_len, int *existing) {
    init_state s;
    load_state(&s);
    cairn_hamt map;
    cairn_hamt_load(&map, &s.address_map, HAMT_BIT_WIDTH);
    uint64_t id = s.next_id;
    const uint8_t *found;
    uint32_t found_len;
    *existing = 0;
    if (f4_len && cairn_hamt_get(&map, f4, f4_len, &found, &found_len)) {
        cairn_cbor r;
        cairn_cbor_init(&r, found, found_len);
        if (!cairn_cbor_get_uint(&r, &id) || !cairn_cbor_done(&r)) cairn_abort(CAIRN_USR_ILLEGAL_STATE, "malformed address map entry");
        *existing = 1;
    } else {
        s.next_id++;
        if (f4_len) map_if_absent(&map, f4, f4_len, id);
    }
    if (!map_if_absent(&map, robust, robust_len, id)) cairn_abort(CAIRN_USR_FORBIDDEN, "robust address already mapped");
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

/* Creates actor `id` running `code` (with delegated address `f4`, if any). */
static void create(uint64_t id, const cairn_cid *code, const uint8_t *f4, uint32_t f4_len) {
    int32_t err = cairn_sys_actor_create_actor(id, code->bytes, f4, f4_len);
    if (err == CAIRN_ERR_NOT_FOUND) cairn_abort(CAIRN_USR_NOT_FOUND, "no installed code with that CID");
    if (err == CAIRN_ERR_READ_ONLY) cairn_abort(CAIRN_USR_READ_ONLY, "cannot create an actor in a read-only call");
    if (err == CAIRN_ERR_FORBIDDEN) cairn_abort(CAIRN_USR_FORBIDDEN, "actor.create_actor refused the actor");
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_ARGUMENT, "actor.create_actor failed", err);
}

/* The return of Exec and Exec4: [id_address, robust_address]. */
static uint32_t exec_return(uint64_t id, const uint8_t *robust, uint32_t robust_len) {
    uint8_t id_address[10];
    uint32_t id_len = cairn_id_address(id, id_address);
    cairn_buf out;
    cairn_buf_init(&out, 96);
    cairn_cbor_put_array(&out, 2);
    cairn_cbor_put_bytes(&out, id_address, id_len);
    cairn_cbor_put_bytes(&out, robust, robust_len);
    return cairn_return(&out);
}

static uint32_t next_robust_address(uint8_t robust[CAIRN_MAX_ADDRESS_LEN]) {
    uint32_t robust_len;
    int32_t err = cairn_sys_actor_next_actor_address(&robust_len, robust, CAIRN_MAX_ADDRESS_LEN);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "actor.next_actor_address failed", err);
    return robust_len;
}

static uint32_t exec(uint32_t params) {
    cairn_cbor r;
    uint32_t fields, ctor_len;
    cairn_cid code;
    const uint8_t *ctor_params;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 2) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_cid(&r, &code);
    cairn_cbor_get_bytes(&r, &ctor_params, &ctor_len);
    cairn_params_done(&r);

    uint8_t robust[CAIRN_MAX_ADDRESS_LEN];
    uint32_t robust_len = next_robust_address(robust);
    int existing;
    uint64_t id = map_addresses(robust, robust_len, 0, 0, &existing);
    create(id, &code, 0, 0);
    construct(id, ctor_params, ctor_len);
    return exec_return(id, robust, robust_len);
}

/* Writes f4(namespace, subaddress) into `out`; returns its length. */
static uint32_t delegated_address(uint64_t namespace, const uint8_t *sub, uint32_t sub_len, uint8_t *out) {
    uint32_t n = 0;
    out[n++] = PROTOCOL_DELEGATED;
    do {
        uint8_t byte = namespace & 0x7f;
        namespace >>= 7;
        out[n++] = namespace ? (byte | 0x80) : byte;
    } while (namespace);
    memcpy(out + n, sub, sub_len);
    return n + sub_len;
}

/* Aborts unless actor `id`, mapped before this Exec4, is a placeholder it may replace. */
static void require_placeholder(uint64_t id) {
    uint8_t code[CAIRN_MAX_CID_LEN], placeholder[CAIRN_MAX_CID_LEN];
    uint32_t code_len, placeholder_len;
    if (cairn_sys_actor_get_actor_code_cid(&code_len, id, code, sizeof code))
        cairn_abort(CAIRN_USR_FORBIDDEN, "cannot redeploy a deleted actor");
    if (cairn_sys_actor_get_code_cid_for_type(&placeholder_len, PLACEHOLDER_TYPE, placeholder, sizeof placeholder) ||
        code_len != placeholder_len || memcmp(code, placeholder, code_len) != 0)
        cairn_abort(CAIRN_USR_FORBIDDEN, "cannot replace an existing actor that is not a placeholder");
}

static uint32_t exec4(uint32_t params) {
    cairn_require_caller(EAM_ACTOR_ID);
    cairn_cbor r;
    uint32_t fields, ctor_len, sub_len;
    cairn_cid code;
    const uint8_t *ctor_params, *sub;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 3) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_cid(&r, &code);
    cairn_cbor_get_bytes(&r, &ctor_params, &ctor_len);
    cairn_cbor_get_bytes(&r, &sub, &sub_len);
    cairn_params_done(&r);
    if (sub_len > MAX_SUBADDRESS_LEN) cairn_abort(CAIRN_USR_ILLEGAL_ARGUMENT, "invalid delegated address: subaddress too long");

    uint8_t f4[1 + 10 + MAX_SUBADDRESS_LEN];
    uint32_t f4_len = delegated_address(cairn_message()->caller, sub, sub_len, f4);
    uint8_t robust[CAIRN_MAX_ADDRESS_LEN];
    uint32_t robust_len = next_robust_address(robust);
    int existing;
    uint64_t id = map_addresses(robust, robust_len, f4, f4_len, &existing);
    if (existing) require_placeholder(id);
    create(id, &code, f4, f4_len);
    construct(id, ctor_params, ctor_len);
    return exec_return(id, robust, robust_len);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, exec}, {3, exec4})
