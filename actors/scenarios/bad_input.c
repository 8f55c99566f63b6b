/* Syscalls with bad input must answer with an error number, never crash the host. Method 2 makes
 * each call below and returns the error numbers, in this order, as a CBOR array (expected value
 * in brackets; see docs/syscalls.md, "Bad input"):
 *   0 ipld.block_open, CID pointer past the end of memory            [1 IllegalArgument]
 *   1 ipld.block_open, bytes that are not a CID                      [1 IllegalArgument]
 *   2 ipld.block_open, a well-formed CID outside the reachable set   [6 NotFound]
 *   3 ipld.block_read, unknown handle                                [7 InvalidHandle]
 *   4 ipld.block_stat, unknown handle                                [7 InvalidHandle]
 *   5 ipld.block_create, unknown codec 0x1234                        [9 IllegalCodec]
 *   6 ipld.block_create, DAG-CBOR that does not decode               [10 Serialization]
 *   7 ipld.block_create, data pointer past the end of memory         [1 IllegalArgument]
 *   8 ipld.block_link, unsupported hash code 0x99                    [8 IllegalCid]
 *   9 ipld.block_link, 1-byte output buffer                          [12 BufferTooSmall]
 *  10 self.root, 1-byte output buffer                                [12 BufferTooSmall]
 *  11 self.set_root, a CID outside the reachable set                 [6 NotFound]
 *  12 actor.resolve_address, bytes that are not an address           [1 IllegalArgument]
 *  13 actor.resolve_address, an f2 address nobody has                [6 NotFound]
 *  14 crypto.hash, unknown hash code 0x99                            [1 IllegalArgument]
 *  15 crypto.hash, data pointer past the end of memory               [1 IllegalArgument]
 *  16 send.send, recipient bytes that are not an address             [1 IllegalArgument]
 *  17 send.send, unknown parameters handle                           [7 InvalidHandle]
 *  18 event.emit_event, entry lengths that do not add up             [1 IllegalArgument]
 *  19 vm.message_context, result pointer past the end of memory      [1 IllegalArgument]
 *  20 gas.charge, name pointer past the end of memory                [1 IllegalArgument]
 *  21 actor.get_actor_code_cid, unknown actor ID                     [6 NotFound]
 *  22 crypto.verify_bls_aggregate (unsupported)                      [2 IllegalOperation] */
#include "cairn/cairn.h"

#define FAR ((uint8_t *)0xfffffff0u)
#define RESULTS 23

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

/* A CIDv1 DAG-CBOR blake2b-256 whose digest names no block. */
static void unknown_cid(uint8_t out[38]) {
    static const uint8_t prefix[6] = {0x01, 0x71, 0xa0, 0xe4, 0x02, 0x20};
    memcpy(out, prefix, 6);
    for (int i = 0; i < 32; i++) out[6 + i] = (uint8_t)(0xa5 ^ i);
}

static uint32_t probe(uint32_t params) {
    (void)params;
    int32_t e[RESULTS];
    uint8_t cid[38], garbage[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, small[1];
    cairn_ipld_open opened;
    cairn_ipld_stat stat;
    int32_t remaining, verdict;
    uint32_t u32;
    uint64_t id;
    cairn_send_result sent;
    unknown_cid(cid);

    e[0] = cairn_sys_ipld_block_open(&opened, FAR);
    e[1] = cairn_sys_ipld_block_open(&opened, garbage);
    e[2] = cairn_sys_ipld_block_open(&opened, cid);
    e[3] = cairn_sys_ipld_block_read(&remaining, 0x7fff, 0, small, 1);
    e[4] = cairn_sys_ipld_block_stat(&stat, 0x7fff);
    static const uint8_t empty_list[1] = {0x80};
    e[5] = cairn_sys_ipld_block_create(&u32, 0x1234, empty_list, 1);
    static const uint8_t bad_cbor[2] = {0x82, 0x01};
    e[6] = cairn_sys_ipld_block_create(&u32, CAIRN_CODEC_DAG_CBOR, bad_cbor, 2);
    e[7] = cairn_sys_ipld_block_create(&u32, CAIRN_CODEC_DAG_CBOR, FAR, 64);
    uint32_t handle = cairn_block_create(CAIRN_CODEC_DAG_CBOR, empty_list, 1);
    uint8_t cid_out[CAIRN_MAX_CID_LEN];
    e[8] = cairn_sys_ipld_block_link(&u32, handle, 0x99, 32, cid_out, sizeof cid_out);
    e[9] = cairn_sys_ipld_block_link(&u32, handle, CAIRN_HASH_BLAKE2B_256, 32, small, 1);
    e[10] = cairn_sys_self_root(&u32, small, 1);
    e[11] = cairn_sys_self_set_root(cid);
    e[12] = cairn_sys_actor_resolve_address(&id, garbage, sizeof garbage);
    uint8_t f2[21] = {2};
    for (int i = 1; i < 21; i++) f2[i] = (uint8_t)(0x5a + i);
    e[13] = cairn_sys_actor_resolve_address(&id, f2, sizeof f2);
    uint8_t digest[32];
    e[14] = cairn_sys_crypto_hash(&u32, 0x99, garbage, sizeof garbage, digest, 32);
    e[15] = cairn_sys_crypto_hash(&u32, CAIRN_HASH_SHA2_256, FAR, 64, digest, 32);
    e[16] = cairn_sys_send_send(&sent, garbage, sizeof garbage, 0, 0, 0, 0, UINT64_MAX, 0);
    uint8_t me[10];
    uint32_t me_len = cairn_id_address(cairn_message()->receiver, me);
    e[17] = cairn_sys_send_send(&sent, me, me_len, 2, 0x7fff, 0, 0, UINT64_MAX, 0);
    cairn_event_entry entry = {CAIRN_EVENT_INDEX_KEY, CAIRN_CODEC_RAW, 40, 1};
    e[18] = cairn_sys_event_emit_event(&entry, 1, (const uint8_t *)"key", 3, (const uint8_t *)"v", 1);
    e[19] = cairn_sys_vm_message_context((cairn_message_context *)FAR);
    e[20] = cairn_sys_gas_charge(FAR, 64, 1);
    e[21] = cairn_sys_actor_get_actor_code_cid(&u32, 0xffffffffffull, cid_out, sizeof cid_out);
    e[22] = cairn_sys_crypto_verify_bls_aggregate(&verdict, 1, small, small, small);

    cairn_buf out;
    cairn_buf_init(&out, 64);
    cairn_cbor_put_array(&out, RESULTS);
    for (int i = 0; i < RESULTS; i++) cairn_cbor_put_int(&out, e[i]);
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, probe})
