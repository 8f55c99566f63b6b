/* IPLD round trips. Each check that fails aborts with USR_ASSERTION_FAILED naming it.
 *   2 Store([data]): `data` is a DAG-CBOR encoding. Creates a block of it, links it
 *     (blake2b-256), checks block_stat, reads it whole and in 3-byte chunks (checking
 *     block_read's "remaining" return), reads past its end (negative return), opens it again by
 *     CID, then makes it the state ([cid]) and checks self.root. Returns [cid bytes, size].
 *   3 Load(): opens the state's linked block (in a later invocation) and returns its bytes. */
#include "cairn/cairn.h"

static void check(int ok, const char *what) {
    if (!ok) cairn_abort(CAIRN_USR_ASSERTION_FAILED, what);
}

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static void check_chunked_read(uint32_t handle, const uint8_t *data, uint32_t len) {
    uint8_t chunk[3];
    for (uint32_t offset = 0; offset < len; offset += 3) {
        int32_t remaining;
        check(cairn_sys_ipld_block_read(&remaining, handle, offset, chunk, 3) == 0, "chunked read failed");
        check(remaining == (int32_t)len - (int32_t)(offset + 3), "wrong remaining count");
        uint32_t got = len - offset < 3 ? len - offset : 3;
        check(memcmp(chunk, data + offset, got) == 0, "chunk differs");
    }
    int32_t remaining;
    check(cairn_sys_ipld_block_read(&remaining, handle, len + 10, chunk, 3) == 0, "read past the end failed");
    check(remaining == -13, "read past the end: wrong remaining count");
}

static uint32_t store(uint32_t params) {
    cairn_cbor r;
    uint32_t fields, len;
    const uint8_t *data;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 1) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_bytes(&r, &data, &len);
    cairn_params_done(&r);

    cairn_cid cid;
    uint32_t handle = cairn_block_put(CAIRN_CODEC_DAG_CBOR, data, len, &cid);
    cairn_ipld_stat stat;
    check(cairn_sys_ipld_block_stat(&stat, handle) == 0, "block_stat failed");
    check(stat.codec == CAIRN_CODEC_DAG_CBOR && stat.size == len, "block_stat: wrong codec or size");
    uint8_t *copy;
    uint32_t copy_len;
    cairn_block_read_all(handle, &copy, &copy_len);
    check(copy_len == len && memcmp(copy, data, len) == 0, "read back differs");
    check_chunked_read(handle, data, len);

    cairn_ipld_open opened;
    check(cairn_sys_ipld_block_open(&opened, cid.bytes) == 0, "block_open of a linked block failed");
    check(opened.id != handle && opened.codec == CAIRN_CODEC_DAG_CBOR && opened.size == len, "block_open: wrong answer");
    cairn_block_read_all(opened.id, &copy, &copy_len);
    check(copy_len == len && memcmp(copy, data, len) == 0, "reopened block differs");

    cairn_buf state;
    cairn_buf_init(&state, 64);
    cairn_cbor_put_array(&state, 1);
    cairn_cbor_put_cid(&state, &cid);
    cairn_state_save(&state);
    cairn_cid root;
    cairn_block_put(CAIRN_CODEC_DAG_CBOR, state.data, state.len, &root);
    cairn_cid current;
    uint32_t current_len;
    check(cairn_sys_self_root(&current_len, current.bytes, CAIRN_MAX_CID_LEN) == 0, "self.root failed");
    current.len = current_len;
    check(cairn_cid_equal(&current, &root), "self.root is not the root just set");

    cairn_buf out;
    cairn_buf_init(&out, 64);
    cairn_cbor_put_array(&out, 2);
    cairn_cbor_put_bytes(&out, cid.bytes, cid.len);
    cairn_cbor_put_uint(&out, len);
    return cairn_return(&out);
}

static uint32_t load(uint32_t params) {
    (void)params;
    cairn_cbor state;
    uint32_t fields, len;
    cairn_cid cid;
    uint8_t *data;
    cairn_state_load(&state);
    check(cairn_cbor_get_array(&state, &fields) && fields == 1 && cairn_cbor_get_cid(&state, &cid) &&
          cairn_cbor_done(&state), "malformed state");
    cairn_block_get(&cid, &data, &len);
    cairn_buf out;
    cairn_buf_init(&out, len + 8);
    cairn_cbor_put_bytes(&out, data, len);
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, store}, {3, load})
