/* Nested calls, as FEVM makes them (docs/evm.md, "Calls"): CALL and STATICCALL send
 * InvokeContract to the callee (a plain transfer, method 0, to accounts and absent actors);
 * DELEGATECALL and CALLCODE fetch the callee's bytecode and send InvokeContractDelegate to this
 * actor itself; CREATE and CREATE2 ask the EAM; the precompiles 1..10 run here. The state is
 * saved before every send (a callee may re-enter this actor) and reloaded after a successful
 * one. The EVM gas passed becomes the send's gas limit; the gas the callee used (the drop of
 * gas.available across the send) is charged to the frame. */
#include "actor.h"

const uint8_t *evm_last_return;
uint32_t evm_last_return_len;
/* The call could not start (the VM refused the send, or the balance was short): the EVM gives
 * the gas back, as for a call that is too deep or too poor. */
static int not_started;

static uint32_t get32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p) { return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32; }

static void put32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static int precompile_id(const uint8_t addr[20]) {
    for (int i = 0; i < 19; i++)
        if (addr[i]) return 0;
    return addr[19] >= 1 && addr[19] <= 10 ? addr[19] : 0;
}

void evm_block_payload(uint32_t handle, const uint8_t **data, uint32_t *len) {
    uint8_t *raw;
    uint32_t raw_len;
    *data = 0;
    *len = 0;
    if (!handle) return;
    cairn_block_read_all(handle, &raw, &raw_len);
    cairn_cbor r;
    cairn_cbor_init(&r, raw, raw_len);
    if (cairn_cbor_get_bytes(&r, data, len) && cairn_cbor_done(&r)) return;
    *data = raw;
    *len = raw_len;
}

/* A CBOR byte string block (DAG-CBOR codec) for call data. */
static uint32_t bytes_block(const uint8_t *data, uint32_t len) {
    cairn_buf b;
    cairn_buf_init(&b, len + 9);
    cairn_cbor_put_bytes(&b, data, len);
    return cairn_block_create(CAIRN_CODEC_DAG_CBOR, b.data, b.len);
}

/* The send's outcome as an EVM status; keeps the return (or revert) data. */
static int32_t send_status(int32_t err, const cairn_send_result *result) {
    if (err) {
        not_started = 1;
        return EVM_FAILURE;
    }
    if (result->exit_code == 0) {
        evm_state_reload();
        evm_block_payload(result->return_id, &evm_last_return, &evm_last_return_len);
        return EVM_SUCCESS;
    }
    if (result->exit_code == EVM_EXIT_REVERTED) {
        evm_block_payload(result->return_id, &evm_last_return, &evm_last_return_len);
        return EVM_REVERT;
    }
    return EVM_FAILURE;
}

/* Sends with the frame's state saved and measures the gas the callee used. */
static int32_t send_measured(const uint8_t *addr, uint32_t addr_len, uint64_t method, uint32_t params, cairn_u128 value,
                             uint64_t gas, uint64_t flags, cairn_send_result *result, uint64_t *used) {
    evm_state_save();
    evm_host_forget_code();
    uint64_t before = 0, after = 0;
    cairn_sys_gas_available(&before);
    int32_t err = cairn_sys_send_send(result, addr, addr_len, method, params, cairn_u128_hi(value), cairn_u128_lo(value), gas, flags);
    cairn_sys_gas_available(&after);
    *used = before > after ? before - after : 0;
    return err;
}

static int32_t call_precompile(int id, const uint8_t *input, uint32_t len, uint64_t *gas) {
    uint8_t *out = 0;
    uint32_t out_len = 0;
    int32_t status = evm_run_precompile((uint32_t)id, input, len, gas, &out, &out_len);
    if (status == EVM_SUCCESS) {
        evm_last_return = out;
        evm_last_return_len = out_len;
    } else {
        *gas = 0;
    }
    return status;
}

/* ---- FEVM's call_actor_id precompile (0xfe00..0005), reached by DELEGATECALL: input
 * abi.encode(uint64 method, uint256 value, uint64 flags, uint64 codec, bytes params, uint64 id),
 * output abi.encode(int256 exit, uint64 codec, bytes data); exit is the callee's exit code, or
 * minus the syscall error number when the VM refused the send. */

static int is_call_actor_id(const uint8_t addr[20]) {
    if (addr[0] != 0xfe || addr[19] != 5) return 0;
    for (int i = 1; i < 19; i++)
        if (addr[i]) return 0;
    return 1;
}

/* A word of the ABI input that must fit in 64 bits. */
static int abi_u64(const uint8_t *input, uint32_t len, uint32_t at, uint64_t *out) {
    uint8_t w[32];
    memset(w, 0, 32);
    for (uint32_t i = 0; i < 32; i++)
        if ((uint64_t)at + i < len) w[i] = input[at + i];
    for (int i = 0; i < 24; i++)
        if (w[i]) return 0;
    *out = 0;
    for (int i = 24; i < 32; i++) *out = *out << 8 | w[i];
    return 1;
}

static void abi_word(uint8_t *out, uint64_t v, int negative) {
    memset(out, negative ? 0xff : 0, 32);
    for (int i = 0; i < 8; i++) out[31 - i] = (uint8_t)(v >> (8 * i));
}

static int32_t call_actor_id(const uint8_t *input, uint32_t len, uint64_t gas, uint64_t frame_flags, uint64_t *used) {
    uint64_t method, flags, codec, offset, id, params_len;
    cairn_u128 value;
    uint8_t value_word[32];
    memset(value_word, 0, 32);
    for (uint32_t i = 0; i < 32 && 32 + i < len; i++) value_word[i] = input[32 + i];
    if (!abi_u64(input, len, 0, &method) || !evm_word_to_token(value_word, &value) || !abi_u64(input, len, 64, &flags) ||
        !abi_u64(input, len, 96, &codec) || !abi_u64(input, len, 128, &offset) || !abi_u64(input, len, 160, &id) ||
        offset > len || !abi_u64(input, len, (uint32_t)offset, &params_len) || offset + 32 + params_len > len)
        return EVM_FAILURE;
    const uint8_t *params_data = input + offset + 32;
    uint32_t params = 0;
    if (codec == 0) {
        if (params_len) return EVM_FAILURE;
    } else if (codec == CAIRN_CODEC_DAG_CBOR || codec == 0x51 || codec == CAIRN_CODEC_RAW) {
        if (cairn_sys_ipld_block_create(&params, codec, params_data, (uint32_t)params_len) != 0) return EVM_FAILURE;
    } else {
        return EVM_FAILURE;
    }
    uint8_t addr[10];
    uint32_t addr_len = cairn_id_address(id, addr);
    cairn_send_result result;
    int32_t err = send_measured(addr, addr_len, method, params, value, gas, (flags & CAIRN_SEND_READ_ONLY) | frame_flags,
                                &result, used);
    uint8_t *data = 0;
    uint32_t data_len = 0;
    uint64_t return_codec = 0;
    if (!err) {
        if (result.exit_code == 0) evm_state_reload();
        if (result.return_id) {
            cairn_block_read_all(result.return_id, &data, &data_len);
            return_codec = result.return_codec;
        }
    }
    uint32_t padded = (data_len + 31) / 32 * 32;
    uint8_t *out = cairn_alloc_zeroed(128 + padded);
    abi_word(out, err ? (uint64_t)-(int64_t)err : result.exit_code, err != 0);
    abi_word(out + 32, return_codec, 0);
    abi_word(out + 64, 96, 0);
    abi_word(out + 96, data_len, 0);
    if (data_len) memcpy(out + 128, data, data_len);
    evm_last_return = out;
    evm_last_return_len = 128 + padded;
    return EVM_SUCCESS;
}

/* CALL, STATICCALL: InvokeContract on the callee, or a plain transfer to a non-contract. */
static int32_t call_actor(const uint8_t *target, const uint8_t *input, uint32_t len, cairn_u128 value, uint64_t gas,
                          uint64_t flags, uint64_t *used) {
    uint64_t id;
    int exists = evm_resolve(target, &id);
    if (!exists && value == 0) return EVM_SUCCESS;
    int type = exists ? evm_actor_type(id) : 0;
    int transfer = !exists || type == TYPE_ACCOUNT || type == TYPE_PLACEHOLDER || type == TYPE_ETH_ACCOUNT;
    uint8_t addr[32];
    uint32_t addr_len = evm_fil_address(target, addr);
    uint32_t params = transfer ? 0 : bytes_block(input, len);
    /* A plain transfer runs no code: it gets no gas limit (the EVM's 2,300 stipend would not
     * pay for the VM's transfer, which costs the caller a fixed price anyway). */
    if (transfer) gas = UINT64_MAX;
    cairn_send_result result;
    int32_t err = send_measured(addr, addr_len, transfer ? 0 : EVM_METHOD_INVOKE_CONTRACT, params, value, gas, flags, &result, used);
    if (transfer) *used = 0;
    return send_status(err, &result);
}

/* DELEGATECALL, CALLCODE: the callee's code runs on this actor (InvokeContractDelegate). */
static int32_t call_delegate(const uint8_t *target, const uint8_t *input, uint32_t len, const uint8_t caller[20],
                             const uint8_t value[32], uint64_t gas, uint64_t flags, uint64_t *used) {
    uint64_t id;
    if (!evm_resolve(target, &id) || evm_actor_type(id) != TYPE_EVM) return EVM_SUCCESS;
    cairn_cid code;
    int has_code = evm_bytecode_cid(id, &code);
    if (has_code == 0) return EVM_SUCCESS;
    if (has_code < 0) return EVM_FAILURE;
    cairn_u128 amount;
    if (!evm_word_to_token(value, &amount)) return EVM_FAILURE;
    cairn_buf b;
    cairn_buf_init(&b, len + 128);
    cairn_cbor_put_array(&b, 4);
    cairn_cbor_put_cid(&b, &code);
    cairn_cbor_put_bytes(&b, input, len);
    cairn_cbor_put_bytes(&b, caller, 20);
    cairn_cbor_put_token(&b, amount);
    uint32_t params = cairn_block_create(CAIRN_CODEC_DAG_CBOR, b.data, b.len);
    uint8_t self[10];
    uint32_t self_len = cairn_id_address(cairn_message()->receiver, self);
    cairn_send_result result;
    int32_t err = send_measured(self, self_len, EVM_METHOD_INVOKE_DELEGATE, params, 0, gas, flags, &result, used);
    return send_status(err, &result);
}

/* CREATE, CREATE2 through the EAM: [initcode, nonce] / [initcode, salt]; the state's nonce is
 * bumped first (for both, as FEVM does). */
static int32_t create(int kind, const uint8_t *initcode, uint32_t len, cairn_u128 value, const uint8_t *salt, uint64_t gas,
                      uint64_t *used, uint8_t created[20]) {
    cairn_token_amount balance = {0, 0};
    cairn_sys_self_current_balance(&balance);
    if (value > cairn_u128_make(balance.hi, balance.lo)) {
        not_started = 1;
        return EVM_FAILURE;
    }
    uint64_t nonce = evm_actor.nonce++;
    evm_actor.dirty = 1;
    cairn_buf b;
    cairn_buf_init(&b, len + 48);
    cairn_cbor_put_array(&b, 2);
    cairn_cbor_put_bytes(&b, initcode, len);
    if (kind == EVM_KIND_CREATE) cairn_cbor_put_uint(&b, nonce);
    else cairn_cbor_put_bytes(&b, salt, 32);
    uint32_t params = cairn_block_create(CAIRN_CODEC_DAG_CBOR, b.data, b.len);
    uint8_t eam[10];
    uint32_t eam_len = cairn_id_address(EAM_ACTOR_ID, eam);
    cairn_send_result result;
    int32_t err = send_measured(eam, eam_len, kind == EVM_KIND_CREATE ? EAM_METHOD_CREATE : EAM_METHOD_CREATE2, params, value,
                                gas, 0, &result, used);
    if (err || result.exit_code != 0) return send_status(err, &result);
    evm_state_reload();
    uint8_t *data;
    uint32_t data_len, fields, eth_len;
    uint64_t actor_id;
    const uint8_t *eth, *skipped;
    cairn_block_read_all(result.return_id, &data, &data_len);
    cairn_cbor r;
    cairn_cbor_init(&r, data, data_len);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 3 || !cairn_cbor_get_uint(&r, &actor_id) ||
        !cairn_cbor_skip(&r, &skipped, &eth_len) || !cairn_cbor_get_bytes(&r, &eth, &eth_len) || eth_len != 20)
        return EVM_FAILURE;
    memcpy(created, eth, 20);
    return EVM_SUCCESS;
}

int32_t host_call(const uint8_t *args, uint8_t *result) {
    uint32_t kind = get32(args + EVM_ARGS_KIND);
    const uint8_t *input = (const uint8_t *)(uintptr_t)get32(args + EVM_ARGS_INPUT);
    uint32_t len = get32(args + EVM_ARGS_INPUT_LEN);
    uint64_t gas = get64(args + EVM_ARGS_GAS), used = 0;
    const uint8_t *target = args + EVM_ARGS_ADDRESS, *value = args + EVM_ARGS_VALUE;
    uint64_t flags = evm_frame_static || kind == EVM_KIND_STATICCALL ? CAIRN_SEND_READ_ONLY : 0;
    uint8_t created[20];
    memset(created, 0, sizeof created);
    evm_last_return = 0;
    evm_last_return_len = 0;
    not_started = 0;
    cairn_u128 amount = 0;
    int32_t status;
    int pre = kind <= EVM_KIND_STATICCALL ? precompile_id(target) : 0;
    if (!evm_word_to_token(value, &amount)) {
        status = EVM_FAILURE;
    } else if (pre) {
        uint64_t left = gas;
        status = call_precompile(pre, input, len, &left);
        used = gas - left;
    } else if (kind == EVM_KIND_CALL || kind == EVM_KIND_STATICCALL) {
        status = call_actor(target, input, len, amount, gas, flags, &used);
    } else if (kind == EVM_KIND_DELEGATECALL && is_call_actor_id(target)) {
        status = call_actor_id(input, len, gas, flags, &used);
    } else if (kind == EVM_KIND_DELEGATECALL) {
        status = call_delegate(target, input, len, evm_frame_caller, evm_frame_value, gas, flags, &used);
    } else if (kind == EVM_KIND_CALLCODE) {
        status = call_delegate(target, input, len, evm_self_address, value, gas, flags, &used);
    } else {
        status = create((int)kind, input, len, amount, args + EVM_ARGS_SALT, gas, &used, created);
    }
    uint64_t left = status == EVM_FAILURE && !not_started ? 0 : (gas > used ? gas - used : 0);
    put64(result + EVM_RES_GAS_LEFT, left);
    put64(result + EVM_RES_REFUND, 0);
    put32(result + EVM_RES_RETURN_LEN, evm_last_return_len);
    memcpy(result + EVM_RES_ADDRESS, created, 20);
    return status;
}

void host_return_data(uint8_t *out) {
    if (evm_last_return_len) memcpy(out, evm_last_return, evm_last_return_len);
}
