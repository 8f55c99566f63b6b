/* The Ethereum Address Manager (EAM, ID 10, builtin type 15): creates EVM contracts at
 * Ethereum addresses, as builtin-actors' `eam`. A contract gets the f4 address f410… whose
 * subaddress is its 20-byte Ethereum address, computed by Ethereum's rules:
 *   CREATE   keccak256(rlp([sender, nonce]))[12:]
 *   CREATE2  keccak256(0xff ‖ sender ‖ salt ‖ keccak256(initcode))[12:]
 * The EAM asks the init actor to create it (Exec4) with the EVM actor's code and constructor
 * parameters [creator: bytes(20), initcode: bytes]. No state (the empty state). Methods:
 *   1  Constructor()                               caller must be the system actor, at ID 10
 *   2  Create([initcode: bytes, nonce: u64])        caller must be an EVM contract (its CREATE)
 *   3  Create2([initcode: bytes, salt: bytes(32)])  caller must be an EVM contract (its CREATE2)
 *   4  CreateExternal(initcode: bytes)             caller must be an Ethereum account; the nonce
 *                                                   is the message's sequence
 * Each returns [actor_id: u64, robust_address: bytes | null, eth_address: bytes(20)]. The value
 * received goes to the new contract. An address Ethereum reserves (null, the precompiles
 * 0x00…/0xfe… ‖ 18 zero bytes ‖ index, a masked ID 0xff ‖ 11 zero bytes ‖ id) is USR_FORBIDDEN;
 * an address held by a contract already is resurrected (EVM method 2), one held by a
 * placeholder (funds sent ahead) is deployed over by init. */
#include "cairn/cairn.h"

#define EAM_ACTOR_ID 10u
#define PROTOCOL_DELEGATED 4u
#define TYPE_EVM 14
#define TYPE_ETH_ACCOUNT 16
#define INIT_EXEC4 3u
#define EVM_RESURRECT 2u
#define ETH_ADDRESS_LEN 20u

typedef struct eth_address {
    uint8_t bytes[ETH_ADDRESS_LEN];
} eth_address;

static void keccak256(const uint8_t *data, uint32_t len, uint8_t digest[32]) {
    uint32_t written;
    int32_t err = cairn_sys_crypto_hash(&written, CAIRN_HASH_KECCAK_256, data, len, digest, 32);
    if (err || written != 32) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "crypto.hash(keccak-256) failed", err);
}

/* The last 20 bytes of keccak256(data). */
static eth_address hash_20(const uint8_t *data, uint32_t len) {
    uint8_t digest[32];
    eth_address a;
    keccak256(data, len, digest);
    memcpy(a.bytes, digest + 12, ETH_ADDRESS_LEN);
    return a;
}

/* RLP of a u64: 0x80 for zero, the byte itself below 0x80, else 0x80+n then n big-endian bytes. */
static uint32_t rlp_uint(uint64_t v, uint8_t *out) {
    if (v != 0 && v < 0x80) {
        out[0] = (uint8_t)v;
        return 1;
    }
    uint32_t n = 0;
    for (uint64_t t = v; t; t >>= 8) n++;
    out[0] = (uint8_t)(0x80 + n);
    for (uint32_t i = 0; i < n; i++) out[1 + i] = (uint8_t)(v >> (8 * (n - 1 - i)));
    return 1 + n;
}

/* CREATE: keccak256(rlp([sender, nonce]))[12:]. The list's payload is at most 21 + 9 bytes,
 * under RLP's 56-byte short form. */
static eth_address create_address(const eth_address *sender, uint64_t nonce) {
    uint8_t rlp[1 + 1 + ETH_ADDRESS_LEN + 9];
    uint32_t n = 1;
    rlp[n++] = 0x80 + ETH_ADDRESS_LEN;
    memcpy(rlp + n, sender->bytes, ETH_ADDRESS_LEN);
    n += ETH_ADDRESS_LEN;
    n += rlp_uint(nonce, rlp + n);
    rlp[0] = (uint8_t)(0xc0 + (n - 1));
    return hash_20(rlp, n);
}

/* CREATE2: keccak256(0xff ‖ sender ‖ salt ‖ keccak256(initcode))[12:]. */
static eth_address create2_address(const eth_address *sender, const uint8_t salt[32], const uint8_t *initcode, uint32_t len) {
    uint8_t preimage[1 + ETH_ADDRESS_LEN + 32 + 32];
    preimage[0] = 0xff;
    memcpy(preimage + 1, sender->bytes, ETH_ADDRESS_LEN);
    memcpy(preimage + 1 + ETH_ADDRESS_LEN, salt, 32);
    keccak256(initcode, len, preimage + 1 + ETH_ADDRESS_LEN + 32);
    return hash_20(preimage, sizeof preimage);
}

static int all_zero(const uint8_t *p, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

/* Null, a precompile (0x00 or 0xfe, 18 zero bytes, an index) or a masked actor ID. */
static int is_reserved(const eth_address *a) {
    if ((a->bytes[0] == 0x00 || a->bytes[0] == 0xfe) && all_zero(a->bytes + 1, 18)) return 1;
    return a->bytes[0] == 0xff && all_zero(a->bytes + 1, 11);
}

/* The builtin type of actor `id`'s code (0 when none). */
static int32_t actor_type(uint64_t id) {
    uint8_t cid[CAIRN_MAX_CID_LEN];
    uint32_t len;
    int32_t type = 0;
    if (cairn_sys_actor_get_actor_code_cid(&len, id, cid, sizeof cid)) return 0;
    if (cairn_sys_actor_get_builtin_actor_type(&type, cid)) return 0;
    return type;
}

/* The caller's Ethereum address: its f410 subaddress. Aborts USR_FORBIDDEN unless the caller
 * is of builtin type `type` and has one. */
static eth_address caller_eth_address(int32_t type, const char *why) {
    uint64_t caller = cairn_message()->caller;
    if (actor_type(caller) != type) cairn_abort(CAIRN_USR_FORBIDDEN, why);
    uint8_t address[CAIRN_MAX_ADDRESS_LEN];
    uint32_t len = 0;
    int32_t err = cairn_sys_actor_lookup_delegated_address(&len, caller, address, sizeof address);
    if (err || len != 2 + ETH_ADDRESS_LEN || address[0] != PROTOCOL_DELEGATED || address[1] != EAM_ACTOR_ID)
        cairn_abort(CAIRN_USR_FORBIDDEN, "the caller has no Ethereum (f410) address");
    eth_address a;
    memcpy(a.bytes, address + 2, ETH_ADDRESS_LEN);
    return a;
}

static cairn_u128 value_received(void) {
    const cairn_message_context *m = cairn_message();
    return cairn_u128_make(m->value_received.hi, m->value_received.lo);
}

/* Sends and ends this call with the callee's exit code and data if it failed; returns the
 * return block's handle. */
static uint32_t send_or_exit(const uint8_t *to, uint32_t to_len, uint64_t method, const cairn_buf *params, const char *what) {
    uint32_t handle = cairn_block_create(CAIRN_CODEC_DAG_CBOR, params->data, params->len);
    cairn_send_result result;
    int32_t err = cairn_send(to, to_len, method, handle, value_received(), 0, &result);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, what, err);
    if (result.exit_code != 0) cairn_sys_vm_exit(result.exit_code, result.return_id, (const uint8_t *)what, cairn_strlen(what));
    return result.return_id;
}

/* The return [actor_id, robust_address | null, eth_address]. */
static uint32_t create_return(uint64_t id, const uint8_t *robust, uint32_t robust_len, const eth_address *a) {
    cairn_buf out;
    cairn_buf_init(&out, 128);
    cairn_cbor_put_array(&out, 3);
    cairn_cbor_put_uint(&out, id);
    if (robust) cairn_cbor_put_bytes(&out, robust, robust_len);
    else cairn_cbor_put_null(&out);
    cairn_cbor_put_bytes(&out, a->bytes, ETH_ADDRESS_LEN);
    return cairn_return(&out);
}

/* Reads init's Exec4 return [id_address, robust_address] and answers with the EAM's return. */
static uint32_t exec4_return(uint32_t handle, const eth_address *a) {
    uint8_t *data;
    uint32_t len, fields, id_len, robust_len;
    const uint8_t *id_address, *robust;
    cairn_block_read_all(handle, &data, &len);
    cairn_cbor r;
    cairn_cbor_init(&r, data, len);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 2 || !cairn_cbor_get_bytes(&r, &id_address, &id_len) ||
        !cairn_cbor_get_bytes(&r, &robust, &robust_len) || !cairn_cbor_done(&r) || id_len < 2 || id_address[0] != 0)
        cairn_abort(CAIRN_USR_ILLEGAL_STATE, "malformed Exec4 return");
    uint64_t id = 0;
    for (uint32_t i = id_len; i-- > 1;) id = (id << 7) | (id_address[i] & 0x7f);
    return create_return(id, robust, robust_len, a);
}

/* Creates the contract at `a` (or resurrects the one there) with `initcode`, `creator` as its
 * creator, and the value received. */
static uint32_t create_contract(const eth_address *creator, const eth_address *a, const uint8_t *initcode, uint32_t len) {
    if (is_reserved(a)) cairn_abort(CAIRN_USR_FORBIDDEN, "cannot create an address with a reserved prefix");
    cairn_buf ctor;
    cairn_buf_init(&ctor, len + 40);
    cairn_cbor_put_array(&ctor, 2);
    cairn_cbor_put_bytes(&ctor, creator->bytes, ETH_ADDRESS_LEN);
    cairn_cbor_put_bytes(&ctor, initcode, len);

    uint8_t f4[2 + ETH_ADDRESS_LEN];
    f4[0] = PROTOCOL_DELEGATED;
    f4[1] = EAM_ACTOR_ID;
    memcpy(f4 + 2, a->bytes, ETH_ADDRESS_LEN);
    uint64_t existing;
    if (cairn_resolve_address(f4, sizeof f4, &existing) && actor_type(existing) == TYPE_EVM) {
        uint8_t id_address[10];
        uint32_t id_len = cairn_id_address(existing, id_address);
        send_or_exit(id_address, id_len, EVM_RESURRECT, &ctor, "resurrecting the contract failed");
        return create_return(existing, 0, 0, a);
    }
    uint8_t code[CAIRN_MAX_CID_LEN];
    uint32_t code_len;
    if (cairn_sys_actor_get_code_cid_for_type(&code_len, TYPE_EVM, code, sizeof code))
        cairn_abort(CAIRN_USR_ILLEGAL_STATE, "no EVM actor code is installed");
    cairn_cid code_cid;
    code_cid.len = code_len;
    memcpy(code_cid.bytes, code, code_len);
    cairn_buf exec4;
    cairn_buf_init(&exec4, ctor.len + 150);
    cairn_cbor_put_array(&exec4, 3);
    cairn_cbor_put_cid(&exec4, &code_cid);
    cairn_cbor_put_bytes(&exec4, ctor.data, ctor.len);
    cairn_cbor_put_bytes(&exec4, a->bytes, ETH_ADDRESS_LEN);
    uint8_t init_address[10];
    uint32_t init_len = cairn_id_address(CAIRN_INIT_ACTOR_ID, init_address);
    uint32_t handle = send_or_exit(init_address, init_len, INIT_EXEC4, &exec4, "init Exec4 failed");
    return exec4_return(handle, a);
}

static uint32_t constructor(uint32_t params) {
    (void)params;
    if (cairn_message()->receiver != EAM_ACTOR_ID) cairn_abort(CAIRN_USR_FORBIDDEN, "the EAM must be deployed at ID 10");
    cairn_require_caller(CAIRN_SYSTEM_ACTOR_ID);
    return 0;
}

static uint32_t create(uint32_t params) {
    eth_address sender = caller_eth_address(TYPE_EVM, "only EVM contracts may call Create");
    cairn_cbor r;
    uint32_t fields, len;
    const uint8_t *initcode;
    uint64_t nonce;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 2) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_bytes(&r, &initcode, &len);
    cairn_cbor_get_uint(&r, &nonce);
    cairn_params_done(&r);
    eth_address a = create_address(&sender, nonce);
    return create_contract(&sender, &a, initcode, len);
}

static uint32_t create2(uint32_t params) {
    eth_address sender = caller_eth_address(TYPE_EVM, "only EVM contracts may call Create2");
    cairn_cbor r;
    uint32_t fields, len, salt_len = 0;
    const uint8_t *initcode, *salt = 0;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 2) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_bytes(&r, &initcode, &len);
    cairn_cbor_get_bytes(&r, &salt, &salt_len);
    cairn_params_done(&r);
    if (salt_len != 32) cairn_abort(CAIRN_USR_SERIALIZATION, "the salt must be 32 bytes");
    eth_address a = create2_address(&sender, salt, initcode, len);
    return create_contract(&sender, &a, initcode, len);
}

static uint32_t create_external(uint32_t params) {
    eth_address sender = caller_eth_address(TYPE_ETH_ACCOUNT, "only Ethereum accounts may call CreateExternal");
    cairn_cbor r;
    uint32_t len;
    const uint8_t *initcode;
    cairn_params(params, &r);
    cairn_cbor_get_bytes(&r, &initcode, &len);
    cairn_params_done(&r);
    eth_address a = create_address(&sender, cairn_message()->nonce);
    return create_contract(&sender, &a, initcode, len);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, create}, {3, create2}, {4, create_external})
