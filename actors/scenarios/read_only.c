/* Read-only invocations. Each method returns a CBOR value; none aborts.
 *   2 Write()       self.set_root on a new state; returns the error number (0, or 13 ReadOnly)
 *   3 Probe()       sends to itself, read-only, method 2; returns [send error, exit code, return bytes | null]
 *   4 Emit()        event.emit_event; returns the error number
 *   5 ProbeEmit()   sends to itself, read-only, method 4; returns as Probe
 *   6 ProbeValue()  sends 1 atto to itself read-only (method 2); returns the send error number
 *                   (a value transfer in read-only mode is refused: 13 ReadOnly) */
#include "cairn/cairn.h"

static uint32_t returning_int(int64_t v) {
    cairn_buf out;
    cairn_buf_init(&out, 12);
    cairn_cbor_put_int(&out, v);
    return cairn_return(&out);
}

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static uint32_t write(uint32_t params) {
    (void)params;
    cairn_buf state;
    cairn_cid root;
    cairn_buf_init(&state, 8);
    cairn_cbor_put_array(&state, 1);
    cairn_cbor_put_cstr(&state, "written");
    cairn_block_put(CAIRN_CODEC_DAG_CBOR, state.data, state.len, &root);
    return returning_int(cairn_sys_self_set_root(root.bytes));
}

static uint32_t emit(uint32_t params) {
    (void)params;
    cairn_event e;
    cairn_event_init(&e);
    cairn_event_add(&e, CAIRN_EVENT_INDEX_KEY, "probe", "1", 1);
    return returning_int(cairn_event_emit(&e));
}

static uint32_t probe_method(uint64_t method, cairn_u128 value) {
    uint8_t self[10];
    uint32_t len = cairn_id_address(cairn_message()->receiver, self);
    cairn_send_result result;
    int32_t err = cairn_send(self, len, method, 0, value, CAIRN_SEND_READ_ONLY, &result);
    cairn_buf out;
    cairn_buf_init(&out, 32);
    cairn_cbor_put_array(&out, 3);
    cairn_cbor_put_int(&out, err);
    cairn_cbor_put_uint(&out, err ? 0 : result.exit_code);
    if (err || result.return_id == 0) {
        cairn_cbor_put_null(&out);
    } else {
        uint8_t *data;
        uint32_t data_len;
        cairn_block_read_all(result.return_id, &data, &data_len);
        cairn_cbor_put_bytes(&out, data, data_len);
    }
    return cairn_return(&out);
}

static uint32_t probe(uint32_t params) { (void)params; return probe_method(2, 0); }
static uint32_t probe_emit(uint32_t params) { (void)params; return probe_method(4, 0); }

static uint32_t probe_value(uint32_t params) {
    (void)params;
    uint8_t self[10];
    uint32_t len = cairn_id_address(cairn_message()->receiver, self);
    cairn_send_result result;
    return returning_int(cairn_send(self, len, 2, 0, 1, CAIRN_SEND_READ_ONLY, &result));
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, write}, {3, probe}, {4, emit},
                    {5, probe_emit}, {6, probe_value})
