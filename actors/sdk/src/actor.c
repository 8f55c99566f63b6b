#include "cairn/actor.h"
#include "cairn/mem.h"

void cairn_abort(uint32_t code, const char *message) {
    cairn_sys_vm_exit(code, 0, (const uint8_t *)message, (uint32_t)cairn_strlen(message));
    __builtin_unreachable();
}

void cairn_abort_errno(uint32_t code, const char *message, int32_t err) {
    /* "<message> (error N)", N one or two digits as ref-fvm's error numbers are. */
    uint32_t len = (uint32_t)cairn_strlen(message);
    char *text = cairn_alloc(len + 16);
    memcpy(text, message, len);
    const char *tail = " (error ";
    uint32_t n = len;
    for (const char *t = tail; *t; t++) text[n++] = *t;
    uint32_t value = err < 0 ? 0u : (uint32_t)err;
    if (value >= 10) text[n++] = (char)('0' + (value / 10) % 10);
    text[n++] = (char)('0' + value % 10);
    text[n++] = ')';
    cairn_sys_vm_exit(code, 0, (const uint8_t *)text, n);
    __builtin_unreachable();
}

void cairn_exit_with_data(uint32_t code, const cairn_buf *data, const char *message) {
    uint32_t handle = cairn_block_create(CAIRN_CODEC_DAG_CBOR, data->data, data->len);
    cairn_sys_vm_exit(code, handle, (const uint8_t *)message, (uint32_t)cairn_strlen(message));
    __builtin_unreachable();
}

const cairn_message_context *cairn_message(void) {
    static cairn_message_context context;
    static int loaded;
    if (!loaded) {
        int32_t err = cairn_sys_vm_message_context(&context);
        if (err) cairn_abort_errno(CAIRN_USR_ASSERTION_FAILED, "vm.message_context failed", err);
        loaded = 1;
    }
    return &context;
}

void cairn_params(uint32_t params_handle, cairn_cbor *reader) {
    uint8_t *data;
    uint32_t len;
    cairn_block_read_all(params_handle, &data, &len);
    cairn_cbor_init(reader, data, len);
}

void cairn_params_done(const cairn_cbor *reader) {
    if (!cairn_cbor_done(reader)) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
}

uint32_t cairn_return(const cairn_buf *b) {
    return cairn_block_create(CAIRN_CODEC_DAG_CBOR, b->data, b->len);
}

void cairn_state_load(cairn_cbor *reader) {
    cairn_cid root;
    uint32_t len;
    int32_t err = cairn_sys_self_root(&len, root.bytes, CAIRN_MAX_CID_LEN);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "self.root failed", err);
    root.len = len;
    uint8_t *data;
    cairn_block_get(&root, &data, &len);
    cairn_cbor_init(reader, data, len);
}

void cairn_state_save(const cairn_buf *state) {
    cairn_cid root;
    cairn_block_put(CAIRN_CODEC_DAG_CBOR, state->data, state->len, &root);
    int32_t err = cairn_sys_self_set_root(root.bytes);
    if (err == CAIRN_ERR_READ_ONLY) cairn_abort(CAIRN_USR_READ_ONLY, "state change in a read-only call");
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "self.set_root failed", err);
}

uint32_t cairn_id_address(uint64_t id, uint8_t out[10]) {
    uint32_t n = 0;
    out[n++] = 0;
    do {
        uint8_t byte = (uint8_t)(id & 0x7f);
        id >>= 7;
        out[n++] = id ? (uint8_t)(byte | 0x80) : byte;
    } while (id);
    return n;
}

int cairn_resolve_address(const uint8_t *addr, uint32_t len, uint64_t *id) {
    return cairn_sys_actor_resolve_address(id, addr, len) == 0;
}

int32_t cairn_send(const uint8_t *addr, uint32_t addr_len, uint64_t method, uint32_t params_handle,
                   cairn_u128 value, uint64_t flags, cairn_send_result *result) {
    return cairn_sys_send_send(result, addr, addr_len, method, params_handle, cairn_u128_hi(value),
                               cairn_u128_lo(value), UINT64_MAX, flags);
}

void cairn_event_init(cairn_event *e) {
    e->count = 0;
    cairn_buf_init(&e->keys, 64);
    cairn_buf_init(&e->values, 64);
}

void cairn_event_add(cairn_event *e, uint64_t flags, const char *key, const void *value, uint32_t value_len) {
    if (e->count == sizeof(e->entries) / sizeof(e->entries[0])) cairn_abort(CAIRN_USR_ASSERTION_FAILED, "too many event entries");
    uint32_t key_len = (uint32_t)cairn_strlen(key);
    cairn_event_entry *entry = &e->entries[e->count++];
    entry->flags = flags;
    entry->codec = CAIRN_CODEC_RAW;
    entry->key_len = key_len;
    entry->val_len = value_len;
    cairn_buf_append(&e->keys, key, key_len);
    cairn_buf_append(&e->values, value, value_len);
}

int32_t cairn_event_emit(const cairn_event *e) {
    return cairn_sys_event_emit_event(e->entries, e->count, e->keys.data, e->keys.len, e->values.data, e->values.len);
}

void cairn_log(const char *message) {
    cairn_sys_debug_log((const uint8_t *)message, (uint32_t)cairn_strlen(message));
}

uint32_t cairn_dispatch(const cairn_method *methods, uint32_t count, uint32_t params_handle) {
    uint64_t method = cairn_message()->method_number;
    for (uint32_t i = 0; i < count; i++) {
        if (methods[i].number == method) return methods[i].fn(params_handle);
    }
    cairn_abort(CAIRN_USR_UNHANDLED_MESSAGE, "unknown method");
}

void cairn_require_caller(uint64_t id) {
    if (cairn_message()->caller != id) cairn_abort(CAIRN_USR_FORBIDDEN, "caller not allowed");
}
