/* The interpreter's host functions (evm.h) over the actor syscalls, except the nested calls
 * (host_call.c). Warm sets (EIP-2929) live for one invocation: every call into a contract
 * starts with only the precompiles, this contract and its caller warm (docs/evm.md). */
#include "actor.h"

/* ---- warm addresses */

typedef struct warm_address {
    uint8_t addr[20];
    struct warm_address *next;
} warm_address;

static warm_address *warm_addresses;

static int is_precompile(const uint8_t addr[20]) {
    for (int i = 0; i < 19; i++)
        if (addr[i]) return 0;
    return addr[19] >= 1 && addr[19] <= 10;
}

int32_t host_account_access(const uint8_t *addr) {
    if (is_precompile(addr) || memcmp(addr, evm_self_address, 20) == 0 || memcmp(addr, evm_frame_caller, 20) == 0) return 0;
    for (warm_address *w = warm_addresses; w; w = w->next)
        if (memcmp(w->addr, addr, 20) == 0) return 0;
    warm_address *w = cairn_alloc(sizeof(warm_address));
    memcpy(w->addr, addr, 20);
    w->next = warm_addresses;
    warm_addresses = w;
    return 1;
}

int32_t host_storage_access(const uint8_t *key) { return evm_storage_warm(key); }

int32_t host_account_dead(const uint8_t *addr) {
    uint64_t id;
    return !evm_resolve(addr, &id);
}

void host_balance(const uint8_t *addr, uint8_t *out32) {
    cairn_token_amount balance = {0, 0};
    uint64_t id;
    if (memcmp(addr, evm_self_address, 20) == 0) cairn_sys_self_current_balance(&balance);
    else if (evm_resolve(addr, &id)) cairn_sys_actor_balance_of(&balance, id);
    evm_token_to_word(cairn_u128_make(balance.hi, balance.lo), out32);
}

/* ---- code of other actors, as FEVM answers: an EVM contract's bytecode (GetBytecode), nothing
 * for accounts and absent actors, the one byte 0xfe for other native actors. */

typedef struct code_view {
    uint8_t addr[20];
    int exists;
    uint8_t *code;
    uint32_t len;
} code_view;

static code_view last_code;
static int last_code_valid;

void evm_host_forget_code(void) { last_code_valid = 0; }

static const uint8_t native_code[1] = {0xfe};

int evm_bytecode_cid(uint64_t id, cairn_cid *cid) {
    uint8_t addr[10];
    uint32_t addr_len = cairn_id_address(id, addr);
    cairn_send_result result;
    if (cairn_sys_send_send(&result, addr, addr_len, EVM_METHOD_GET_BYTECODE, 0, 0, 0, UINT64_MAX, CAIRN_SEND_READ_ONLY) != 0 ||
        result.exit_code != 0 || !result.return_id) return -1;
    uint8_t *data;
    uint32_t len;
    cairn_block_read_all(result.return_id, &data, &len);
    cairn_cbor r;
    cairn_cbor_init(&r, data, len);
    if (cairn_cbor_is_null(&r)) return 0;
    return cairn_cbor_get_cid(&r, cid) && cairn_cbor_done(&r) ? 1 : -1;
}

static void fetch_evm_code(uint64_t id, code_view *v) {
    cairn_cid cid;
    if (evm_bytecode_cid(id, &cid) == 1) cairn_block_get(&cid, &v->code, &v->len);
}

static const code_view *code_of(const uint8_t addr[20]) {
    if (last_code_valid && memcmp(last_code.addr, addr, 20) == 0) return &last_code;
    code_view *v = &last_code;
    memset(v, 0, sizeof *v);
    memcpy(v->addr, addr, 20);
    last_code_valid = 1;
    uint64_t id;
    if (memcmp(addr, evm_self_address, 20) == 0) {
        v->exists = 1;
        if (!evm_state_is_dead()) evm_state_read_bytecode(&v->code, &v->len);
        return v;
    }
    if (!evm_resolve(addr, &id)) return v;
    v->exists = 1;
    int type = evm_actor_type(id);
    if (type == TYPE_EVM) fetch_evm_code(id, v);
    else if (type != TYPE_ACCOUNT && type != TYPE_PLACEHOLDER && type != TYPE_ETH_ACCOUNT) {
        v->code = (uint8_t *)native_code;
        v->len = 1;
    }
    return v;
}

uint32_t host_code_size(const uint8_t *addr) { return code_of(addr)->len; }

void host_code_hash(const uint8_t *addr, uint8_t *out32) {
    const code_view *v = code_of(addr);
    if (!v->exists) memset(out32, 0, 32);
    else evm_keccak256(v->code, v->len, out32);
}

void host_code_copy(const uint8_t *addr, uint32_t offset, uint8_t *out, uint32_t len) {
    const code_view *v = code_of(addr);
    for (uint32_t i = 0; i < len; i++) {
        uint64_t at = (uint64_t)offset + i;
        out[i] = at < v->len ? v->code[at] : 0;
    }
}

/* ---- storage */

void host_sload(const uint8_t *key, uint8_t *out32) { evm_storage_get(key, out32); }
void host_sload_original(const uint8_t *key, uint8_t *out32) { evm_storage_original(key, out32); }
void host_sstore(const uint8_t *key, const uint8_t *value) { evm_storage_set(key, value); }
void host_tload(const uint8_t *key, uint8_t *out32) { evm_transient_get(key, out32); }
void host_tstore(const uint8_t *key, const uint8_t *value) { evm_transient_set(key, value); }

/* ---- logs: an actor event with entries t1..t4 (topics) and d (data, when not empty) */

void host_log(const uint8_t *data, uint32_t len, uint32_t topic_count, const uint8_t *topics) {
    static const char *keys[4] = {"t1", "t2", "t3", "t4"};
    cairn_event e;
    cairn_event_init(&e);
    for (uint32_t i = 0; i < topic_count && i < 4; i++)
        cairn_event_add(&e, CAIRN_EVENT_INDEX_KEY | CAIRN_EVENT_INDEX_VALUE, keys[i], topics + 32 * i, 32);
    if (len) cairn_event_add(&e, CAIRN_EVENT_INDEX_KEY | CAIRN_EVENT_INDEX_VALUE, "d", data, len);
    int32_t err = cairn_event_emit(&e);
    if (err) cairn_abort_errno(EVM_EXIT_FAILED, "event.emit_event failed", err);
}

/* ---- self-destruct (EIP-6780): the balance goes to the beneficiary; a contract created in
 * this message also gets FEVM's tombstone, and behaves as deleted (no code, no storage) from
 * the next message on. */

void host_selfdestruct(const uint8_t *beneficiary) {
    cairn_token_amount balance = {0, 0};
    cairn_sys_self_current_balance(&balance);
    if (balance.lo || balance.hi) {
        uint8_t addr[32];
        uint32_t len = evm_fil_address(beneficiary, addr);
        cairn_send_result result;
        evm_state_save();
        cairn_sys_send_send(&result, addr, len, 0, 0, balance.hi, balance.lo, UINT64_MAX, 0);
    }
    if (evm_state_created_in_this_message()) evm_state_mark_destroyed();
}

/* ---- block and transaction context */

static void word_u64(uint8_t *out, uint64_t v) {
    memset(out, 0, 32);
    for (int i = 0; i < 8; i++) out[31 - i] = (uint8_t)(v >> (8 * i));
}

#define FEVM_BLOCK_GAS_LIMIT 10000000000ull

void host_context(uint8_t *out320) {
    const cairn_message_context *m = cairn_message();
    cairn_network_context net;
    memset(&net, 0, sizeof net);
    cairn_sys_network_context(&net);
    memset(out320, 0, 320);
    uint8_t *w = out320;
    evm_eth_address_of(m->origin, w + 32 * EVM_CTX_ORIGIN + 12);
    cairn_u128 base_fee = cairn_u128_make(net.base_fee.hi, net.base_fee.lo);
    evm_token_to_word(base_fee + cairn_u128_make(m->gas_premium.hi, m->gas_premium.lo), w + 32 * EVM_CTX_GAS_PRICE);
    word_u64(w + 32 * EVM_CTX_TIMESTAMP, net.timestamp);
    word_u64(w + 32 * EVM_CTX_NUMBER, (uint64_t)net.epoch);
    cairn_randomness randomness;
    if (cairn_sys_rand_get_beacon_randomness(&randomness, net.epoch) == 0) memcpy(w + 32 * EVM_CTX_PREVRANDAO, randomness.bytes, 32);
    word_u64(w + 32 * EVM_CTX_GAS_LIMIT, FEVM_BLOCK_GAS_LIMIT);
    word_u64(w + 32 * EVM_CTX_CHAIN_ID, net.chain_id);
    evm_token_to_word(base_fee, w + 32 * EVM_CTX_BASE_FEE);
    word_u64(w + 32 * EVM_CTX_BLOB_BASE_FEE, 1);
}

/* BLOCKHASH: the digest of the tipset CID at that epoch (FEVM), zero when there is none. */
void host_block_hash(uint64_t number, uint8_t *out32) {
    uint8_t cid[CAIRN_MAX_CID_LEN];
    uint32_t len = 0;
    memset(out32, 0, 32);
    if (cairn_sys_network_tipset_cid(&len, (int64_t)number, cid, sizeof cid) != 0 || len < 32) return;
    memcpy(out32, cid + len - 32, 32);
}

int32_t host_blob_hash(uint32_t index, uint8_t *out32) {
    (void)index;
    memset(out32, 0, 32);
    return 0;
}

/* ---- cryptography through syscalls */

void host_sha256(const uint8_t *in, uint32_t len, uint8_t *out32) {
    uint32_t written;
    int32_t err = cairn_sys_crypto_hash(&written, CAIRN_HASH_SHA2_256, in, len, out32, 32);
    if (err) cairn_abort_errno(EVM_EXIT_FAILED, "sha256 failed", err);
}

/* ecrecover: hash(32) v(32) r(32) s(32) -> the signer's address, left-padded. */
int32_t host_ecrecover(const uint8_t *in128, uint8_t *out32) {
    memset(out32, 0, 32);
    for (int i = 32; i < 63; i++)
        if (in128[i]) return 0;
    if (in128[63] != 27 && in128[63] != 28) return 0;
    uint8_t signature[65];
    memcpy(signature, in128 + 64, 64);
    signature[64] = (uint8_t)(in128[63] - 27);
    cairn_secp_public_key key;
    if (cairn_sys_crypto_recover_secp_public_key(&key, in128, signature) != 0) return 0;
    uint8_t hash[32];
    evm_keccak256(key.bytes + 1, 64, hash);
    memcpy(out32 + 12, hash + 12, 20);
    return 1;
}
