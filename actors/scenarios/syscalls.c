/* Calls every supported syscall once on its success path (those not covered by the other
 * actors) and returns what each answered. Method 2([hash_input bytes, secp_hash bytes(32),
 * secp_signature bytes(65)]) returns an array of:
 *    0 network.context -> [epoch, timestamp, base fee, chain id, network version]
 *    1 actor.get_actor_code_cid(self) -> CID bytes
 *    2 actor.get_builtin_actor_type(own code) -> int
 *    3 actor.lookup_delegated_address(self) -> address bytes (empty if none)
 *    4 actor.balance_of(self) -> big integer
 *    5 self.current_balance -> big integer
 *    6 crypto.hash sha2-256, 7 blake2b-256, 8 keccak-256 of hash_input -> digests
 *    9 crypto.recover_secp_public_key(secp_hash, secp_signature) -> 65 bytes, or the error number
 *   10 rand.get_chain_randomness(epoch), 11 rand.get_beacon_randomness(epoch) -> 32 bytes
 *   12 gas.available before, 13 after gas.charge("probe", 1000) -> ints
 *   14 debug.enabled -> int; debug.log and debug.store_artifact are called, their error numbers
 *   15 and 16 returned
 *   17 network.tipset_cid(epoch - 1) -> CID bytes, or the error number (epoch 0 has no parent)
 * Any failing syscall among 0-8 and 10-14 aborts with USR_ASSERTION_FAILED naming it. */
#include "cairn/cairn.h"

static void must(int32_t err, const char *what) {
    if (err) cairn_abort_errno(CAIRN_USR_ASSERTION_FAILED, what, err);
}

static void put_amount(cairn_buf *out, const cairn_token_amount *a) {
    cairn_cbor_put_token(out, cairn_u128_make(a->hi, a->lo));
}

static void put_hash(cairn_buf *out, uint64_t code, const uint8_t *data, uint32_t len) {
    uint8_t digest[32];
    uint32_t written;
    must(cairn_sys_crypto_hash(&written, code, data, len, digest, sizeof digest), "crypto.hash");
    cairn_cbor_put_bytes(out, digest, written);
}

static void put_network(cairn_buf *out, cairn_network_context *net) {
    must(cairn_sys_network_context(net), "network.context");
    cairn_cbor_put_array(out, 5);
    cairn_cbor_put_int(out, net->epoch);
    cairn_cbor_put_uint(out, net->timestamp);
    put_amount(out, &net->base_fee);
    cairn_cbor_put_uint(out, net->chain_id);
    cairn_cbor_put_uint(out, net->network_version);
}

static void put_actor(cairn_buf *out, uint64_t self) {
    uint8_t buf[CAIRN_MAX_CID_LEN];
    uint32_t len;
    int32_t type;
    cairn_token_amount amount;
    must(cairn_sys_actor_get_actor_code_cid(&len, self, buf, sizeof buf), "actor.get_actor_code_cid");
    cairn_cbor_put_bytes(out, buf, len);
    must(cairn_sys_actor_get_builtin_actor_type(&type, buf), "actor.get_builtin_actor_type");
    cairn_cbor_put_int(out, type);
    must(cairn_sys_actor_lookup_delegated_address(&len, self, buf, sizeof buf), "actor.lookup_delegated_address");
    cairn_cbor_put_bytes(out, buf, len);
    must(cairn_sys_actor_balance_of(&amount, self), "actor.balance_of");
    put_amount(out, &amount);
    must(cairn_sys_self_current_balance(&amount), "self.current_balance");
    put_amount(out, &amount);
}

static void put_random(cairn_buf *out, int64_t epoch) {
    cairn_randomness r;
    must(cairn_sys_rand_get_chain_randomness(&r, epoch), "rand.get_chain_randomness");
    cairn_cbor_put_bytes(out, r.bytes, 32);
    must(cairn_sys_rand_get_beacon_randomness(&r, epoch), "rand.get_beacon_randomness");
    cairn_cbor_put_bytes(out, r.bytes, 32);
}

static void put_gas_and_debug(cairn_buf *out) {
    uint64_t before, after;
    int32_t enabled;
    must(cairn_sys_gas_available(&before), "gas.available");
    must(cairn_sys_gas_charge((const uint8_t *)"probe", 5, 1000), "gas.charge");
    must(cairn_sys_gas_available(&after), "gas.available");
    cairn_cbor_put_uint(out, before);
    cairn_cbor_put_uint(out, after);
    must(cairn_sys_debug_enabled(&enabled), "debug.enabled");
    cairn_cbor_put_int(out, enabled);
    cairn_cbor_put_int(out, cairn_sys_debug_log((const uint8_t *)"syscalls probe", 14));
    cairn_cbor_put_int(out, cairn_sys_debug_store_artifact((const uint8_t *)"probe", 5, (const uint8_t *)"data", 4));
}

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static uint32_t probe(uint32_t params) {
    cairn_cbor r;
    uint32_t fields, input_len, hash_len, sig_len;
    const uint8_t *input, *hash, *sig;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 3) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_bytes(&r, &input, &input_len);
    cairn_cbor_get_bytes(&r, &hash, &hash_len);
    cairn_cbor_get_bytes(&r, &sig, &sig_len);
    cairn_params_done(&r);
    if (hash_len != 32 || sig_len != 65) cairn_abort(CAIRN_USR_ILLEGAL_ARGUMENT, "hash must be 32 bytes, signature 65");

    cairn_buf out;
    cairn_network_context net;
    cairn_buf_init(&out, 512);
    cairn_cbor_put_array(&out, 18);
    put_network(&out, &net);
    put_actor(&out, cairn_message()->receiver);
    put_hash(&out, CAIRN_HASH_SHA2_256, input, input_len);
    put_hash(&out, CAIRN_HASH_BLAKE2B_256, input, input_len);
    put_hash(&out, CAIRN_HASH_KECCAK_256, input, input_len);
    cairn_secp_public_key key;
    int32_t err = cairn_sys_crypto_recover_secp_public_key(&key, hash, sig);
    if (err) cairn_cbor_put_int(&out, err);
    else cairn_cbor_put_bytes(&out, key.bytes, 65);
    put_random(&out, net.epoch);
    put_gas_and_debug(&out);
    uint8_t tipset[CAIRN_MAX_CID_LEN];
    uint32_t tipset_len;
    err = cairn_sys_network_tipset_cid(&tipset_len, net.epoch - 1, tipset, sizeof tipset);
    if (err) cairn_cbor_put_int(&out, err);
    else cairn_cbor_put_bytes(&out, tipset, tipset_len);
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, probe})
