#include "cairn/ipld.h"
#include "cairn/actor.h"
#include "cairn/mem.h"
#include "cairn/sys.h"

int cairn_cid_equal(const cairn_cid *a, const cairn_cid *b) {
    return a->len == b->len && memcmp(a->bytes, b->bytes, a->len) == 0;
}

uint32_t cairn_block_create(uint64_t codec, const uint8_t *data, uint32_t len) {
    uint32_t handle;
    int32_t err = cairn_sys_ipld_block_create(&handle, codec, data, len);
    /* Data that is not what its codec says usually came from a caller (parameters to pass on). */
    if (err == CAIRN_ERR_SERIALIZATION) cairn_abort(CAIRN_USR_SERIALIZATION, "block is not valid DAG-CBOR");
    if (err == CAIRN_ERR_ILLEGAL_CODEC) cairn_abort(CAIRN_USR_ILLEGAL_ARGUMENT, "unsupported codec");
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "ipld.block_create failed", err);
    return handle;
}

uint32_t cairn_block_put(uint64_t codec, const uint8_t *data, uint32_t len, cairn_cid *cid) {
    uint32_t handle = cairn_block_create(codec, data, len);
    uint32_t cid_len;
    int32_t err = cairn_sys_ipld_block_link(&cid_len, handle, CAIRN_HASH_BLAKE2B_256, 32, cid->bytes,
                                            CAIRN_MAX_CID_LEN);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "ipld.block_link failed", err);
    cid->len = cid_len;
    return handle;
}

void cairn_block_read_all(uint32_t handle, uint8_t **data, uint32_t *len) {
    if (handle == 0) {
        *data = 0;
        *len = 0;
        return;
    }
    cairn_ipld_stat stat;
    int32_t err = cairn_sys_ipld_block_stat(&stat, handle);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "ipld.block_stat failed", err);
    uint8_t *buf = cairn_alloc(stat.size ? stat.size : 1);
    int32_t remaining;
    err = cairn_sys_ipld_block_read(&remaining, handle, 0, buf, stat.size);
    if (err || remaining != 0) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "ipld.block_read failed", err);
    *data = buf;
    *len = stat.size;
}

void cairn_block_get(const cairn_cid *cid, uint8_t **data, uint32_t *len) {
    cairn_ipld_open opened;
    int32_t err = cairn_sys_ipld_block_open(&opened, cid->bytes);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "ipld.block_open failed", err);
    uint8_t *buf = cairn_alloc(opened.size ? opened.size : 1);
    int32_t remaining;
    err = cairn_sys_ipld_block_read(&remaining, opened.id, 0, buf, opened.size);
    if (err || remaining != 0) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "ipld.block_read failed", err);
    *data = buf;
    *len = opened.size;
}
