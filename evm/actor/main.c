/* The EVM actor's methods (builtin-actors' evm::Method) and its `invoke` export. */
#include "actor.h"

/* Who is running: this actor's Ethereum address, from its f4 address. */
static void load_identity(void) { evm_eth_address_of(cairn_message()->receiver, evm_self_address); }

static void value_word(uint8_t out[32]) {
    cairn_token_amount v = cairn_message()->value_received;
    evm_token_to_word(cairn_u128_make(v.hi, v.lo), out);
}

static int read_only(void) { return (cairn_message()->flags & CAIRN_CONTEXT_READ_ONLY) != 0; }

/* 1: [creator: bytes(20), initcode: bytes]; only the init actor creates EVM actors. */
static uint32_t constructor(uint32_t params) {
    cairn_require_caller(CAIRN_INIT_ACTOR_ID);
    cairn_cbor r;
    uint32_t fields, creator_len, initcode_len;
    const uint8_t *creator, *initcode;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 2 || !cairn_cbor_get_bytes(&r, &creator, &creator_len) ||
        creator_len != 20 || !cairn_cbor_get_bytes(&r, &initcode, &initcode_len)) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_params_done(&r);
    load_identity();
    evm_state_init();
    evm_state_save();
    uint8_t value[32];
    value_word(value);
    evm_outcome outcome = evm_run_frame(initcode, initcode_len, 0, 0, creator, value, 0);
    if (outcome.status != EVM_SUCCESS) return evm_finish(outcome);
    if (outcome.output_len > EVM_MAX_CODE_SIZE) cairn_abort(CAIRN_USR_ILLEGAL_ARGUMENT, "EIP-170: code too large");
    if (outcome.output_len && outcome.output[0] == 0xef) cairn_abort(CAIRN_USR_ILLEGAL_ARGUMENT, "EIP-3541: code starts with 0xEF");
    /* A constructor that self-destructed leaves empty code (FEVM). */
    if (!evm_actor.has_tombstone) evm_state_set_bytecode(outcome.output, outcome.output_len);
    evm_state_save();
    return 0;
}

/* Runs this contract's code on `input` with the message's caller and value. */
static uint32_t run_contract(const uint8_t *input, uint32_t input_len) {
    load_identity();
    evm_state_load();
    if (evm_state_is_dead()) return evm_finish((evm_outcome){EVM_SUCCESS, 0, 0});
    uint8_t *code, caller[20], value[32];
    uint32_t code_len;
    evm_state_read_bytecode(&code, &code_len);
    evm_eth_address_of(cairn_message()->caller, caller);
    value_word(value);
    return evm_finish(evm_run_frame(code, code_len, input, input_len, caller, value, read_only()));
}

/* 3844450837: the calldata is a CBOR byte string (no parameters: empty calldata). */
static uint32_t invoke_contract(uint32_t params) {
    const uint8_t *input;
    uint32_t len;
    evm_block_payload(params, &input, &len);
    return run_contract(input, len);
}

/* 6: [code: CID, input: bytes, caller: bytes(20), value: TokenAmount], sent by this actor to
 * itself for DELEGATECALL and CALLCODE: the code runs on this actor's storage. */
static uint32_t invoke_delegate(uint32_t params) {
    if (cairn_message()->caller != cairn_message()->receiver) cairn_abort(CAIRN_USR_FORBIDDEN, "delegate calls come from this actor");
    cairn_cbor r;
    uint32_t fields, input_len, caller_len, code_len;
    const uint8_t *input, *caller;
    cairn_cid code_cid;
    cairn_u128 value;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 4 || !cairn_cbor_get_cid(&r, &code_cid) ||
        !cairn_cbor_get_bytes(&r, &input, &input_len) || !cairn_cbor_get_bytes(&r, &caller, &caller_len) ||
        caller_len != 20 || !cairn_cbor_get_token(&r, &value)) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_params_done(&r);
    load_identity();
    evm_state_load();
    uint8_t *code, value_bytes[32];
    cairn_block_get(&code_cid, &code, &code_len);
    evm_token_to_word(value, value_bytes);
    return evm_finish(evm_run_frame(code, code_len, input, input_len, caller, value_bytes, read_only()));
}

/* 3: the CID of the bytecode block, or null once self-destructed. */
static uint32_t get_bytecode(uint32_t params) {
    (void)params;
    evm_state_load();
    cairn_buf out;
    cairn_buf_init(&out, 64);
    if (evm_state_is_dead()) cairn_cbor_put_null(&out);
    else cairn_cbor_put_cid(&out, &evm_actor.bytecode);
    return cairn_return(&out);
}

/* 4: keccak-256 of the bytecode. */
static uint32_t get_bytecode_hash(uint32_t params) {
    (void)params;
    evm_state_load();
    cairn_buf out;
    cairn_buf_init(&out, 40);
    cairn_cbor_put_bytes(&out, evm_actor.bytecode_hash, 32);
    return cairn_return(&out);
}

/* 5: [key: U256] -> U256 (any caller may read; FEVM admits only the system actor). */
static uint32_t get_storage_at(uint32_t params) {
    cairn_cbor r;
    uint32_t fields;
    uint8_t key[32], value[32];
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 1 || !evm_cbor_get_u256(&r, key)) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_params_done(&r);
    evm_state_load();
    if (evm_state_is_dead()) memset(value, 0, 32);
    else evm_storage_get(key, value);
    cairn_buf out;
    cairn_buf_init(&out, 40);
    evm_cbor_put_u256(&out, value);
    return cairn_return(&out);
}

/* A word of ABI output that must fit in 64 bits. */
static int output_u64(const uint8_t *out, uint32_t len, uint64_t at, uint64_t *v) {
    if (at + 32 > len) return 0;
    for (int i = 0; i < 24; i++)
        if (out[at + i]) return 0;
    *v = 0;
    for (int i = 24; i < 32; i++) *v = *v << 8 | out[at + i];
    return 1;
}

/* Methods >= 1024 reach the contract as handle_filecoin_method(uint64 method, uint64 codec,
 * bytes params) (selector 0x868e10c4), as in FEVM; the contract returns nothing, or
 * abi.encode(uint32 exit_code, uint64 codec, bytes data): a non-zero exit code ends the call
 * with it, else data is the return block (codec 0: none). */
static uint32_t filecoin_method(uint32_t params) {
    uint8_t *data = 0;
    uint32_t len = 0;
    uint64_t codec = 0;
    if (params) {
        cairn_ipld_stat stat;
        if (cairn_sys_ipld_block_stat(&stat, params) == 0) codec = stat.codec;
        cairn_block_read_all(params, &data, &len);
    }
    uint32_t padded = (len + 31) / 32 * 32;
    uint32_t total = 4 + 32 * 4 + padded;
    uint8_t *input = cairn_alloc_zeroed(total);
    static const uint8_t selector[4] = {0x86, 0x8e, 0x10, 0xc4};
    uint64_t words[4] = {cairn_message()->method_number, codec, 96, len};
    memcpy(input, selector, 4);
    for (int w = 0; w < 4; w++)
        for (int i = 0; i < 8; i++) input[4 + 32 * w + 31 - i] = (uint8_t)(words[w] >> (8 * i));
    if (len) memcpy(input + 4 + 128, data, len);
    load_identity();
    evm_state_load();
    if (evm_state_is_dead()) return 0;
    uint8_t *code, caller[20], value[32];
    uint32_t code_len;
    evm_state_read_bytecode(&code, &code_len);
    evm_eth_address_of(cairn_message()->caller, caller);
    value_word(value);
    evm_outcome outcome = evm_run_frame(code, code_len, input, total, caller, value, read_only());
    if (outcome.status != EVM_SUCCESS) return evm_finish(outcome);
    if (outcome.output_len == 0) return 0;
    uint64_t exit_code, out_codec, offset, size;
    if (!output_u64(outcome.output, outcome.output_len, 0, &exit_code) || exit_code > 0xffffffffu ||
        !output_u64(outcome.output, outcome.output_len, 32, &out_codec) ||
        !output_u64(outcome.output, outcome.output_len, 64, &offset) ||
        !output_u64(outcome.output, outcome.output_len, offset, &size) || offset + 32 + size > outcome.output_len)
        cairn_abort(CAIRN_USR_SERIALIZATION, "malformed handle_filecoin_method return");
    if (exit_code) cairn_abort((uint32_t)exit_code, "handle_filecoin_method failed");
    if (out_codec == 0) {
        if (size) cairn_abort(CAIRN_USR_SERIALIZATION, "return data without a codec");
        return 0;
    }
    if (out_codec != CAIRN_CODEC_DAG_CBOR && out_codec != 0x51 && out_codec != CAIRN_CODEC_RAW)
        cairn_abort(CAIRN_USR_SERIALIZATION, "unsupported return codec");
    return cairn_block_create(out_codec, outcome.output + offset + 32, (uint32_t)size);
}

__attribute__((__export_name__("invoke"))) uint32_t invoke(uint32_t params) {
    uint64_t method = cairn_message()->method_number;
    switch (method) {
    case EVM_METHOD_CONSTRUCTOR: return constructor(params);
    case EVM_METHOD_GET_BYTECODE: return get_bytecode(params);
    case EVM_METHOD_GET_BYTECODE_HASH: return get_bytecode_hash(params);
    case EVM_METHOD_GET_STORAGE_AT: return get_storage_at(params);
    case EVM_METHOD_INVOKE_DELEGATE: return invoke_delegate(params);
    case EVM_METHOD_INVOKE_CONTRACT: return invoke_contract(params);
    default:
        if (method >= EVM_FIRST_EXPORTED_METHOD) return filecoin_method(params);
        cairn_abort(CAIRN_USR_UNHANDLED_MESSAGE, "unknown method");
    }
}
