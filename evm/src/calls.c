/* CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE and CREATE2: the gas the caller pays and
 * passes on (EIP-150's all but one 64th, EIP-2929's access costs), then the host runs the
 * nested frame (host_call) and the caller takes back what it did not use. */
#include "frame.h"

#define MAX_INITCODE_SIZE 49152

static void write32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void write64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static uint64_t read64(const uint8_t *p) { uint64_t v = 0; for (int i = 7; i >= 0; i--) v = v << 8 | p[i]; return v; }
static uint32_t read32(const uint8_t *p) { uint32_t v = 0; for (int i = 3; i >= 0; i--) v = v << 8 | p[i]; return v; }

/* Calls the host and takes back the callee's unused gas, refund and return data. */
static int32_t call_host(evm_frame *f, uint8_t *args, uint8_t *result) {
    f->return_len = 0;
    int32_t status = host_call(args, result);
    f->gas += read64(result + EVM_RES_GAS_LEFT);
    if (status == EVM_SUCCESS) f->refund += (int64_t)read64(result + EVM_RES_REFUND);
    uint32_t len = read32(result + EVM_RES_RETURN_LEN);
    if (len) {
        f->return_data = evm_alloc(len);
        if (!f->return_data) return -1;
        host_return_data(f->return_data);
        f->return_len = len;
    }
    return status;
}

int evm_op_call(evm_frame *f, int kind) {
    int has_value = kind == EVM_KIND_CALL || kind == EVM_KIND_CALLCODE;
    int argc = has_value ? 7 : 6;
    if (f->sp < argc) return 0;
    u256 *top = &f->stack[f->sp - 1];
    u256 gas_word = top[0], target = top[-1];
    u256 value = has_value ? top[-2] : u256_from_u64(0);
    u256 in_offset = top[has_value ? -3 : -2], in_size = top[has_value ? -4 : -3];
    u256 out_offset = top[has_value ? -5 : -4], out_size = top[has_value ? -6 : -5];
    f->sp -= argc;
    uint8_t args[EVM_ARGS_SIZE], result[EVM_RES_SIZE];
    memset(args, 0, sizeof args);
    memset(result, 0, sizeof result);
    uint8_t target_bytes[32];
    u256_to_be(&target, target_bytes);
    uint8_t *address = target_bytes + 12;

    uint64_t in_end = evm_range_end(&in_offset, &in_size), out_end = evm_range_end(&out_offset, &out_size);
    uint64_t memory_cost = evm_memory_expansion_cost(f, in_end > out_end ? in_end : out_end);
    if (memory_cost == UINT64_MAX) return 0;
    uint64_t extra = host_account_access(address) ? 2600 : 100;
    int transfers = has_value && !u256_is_zero(&value);
    if (transfers) extra += 9000;
    if (kind == EVM_KIND_CALL && transfers && host_account_dead(address)) extra += 25000;
    if (f->gas < memory_cost + extra) return 0;
    uint64_t available = f->gas - memory_cost - extra;
    available -= available / 64;
    uint64_t gas = u256_fits_u64(&gas_word) && gas_word.w[0] < available ? gas_word.w[0] : available;
    f->gas -= memory_cost + extra + gas;
    if (kind == EVM_KIND_CALL && transfers && f->is_static) return 0;
    if (!evm_memory_grow(f, in_end > out_end ? in_end : out_end)) return 0;
    if (transfers) gas += 2300;

    write32(args + EVM_ARGS_KIND, (uint32_t)kind);
    write32(args + EVM_ARGS_INPUT, in_end ? (uint32_t)(uintptr_t)(f->memory + in_offset.w[0]) : 0);
    write32(args + EVM_ARGS_INPUT_LEN, in_end ? (uint32_t)in_size.w[0] : 0);
    write64(args + EVM_ARGS_GAS, gas);
    memcpy(args + EVM_ARGS_ADDRESS, address, 20);
    u256_to_be(&value, args + EVM_ARGS_VALUE);
    int32_t status = call_host(f, args, result);
    if (status < 0) return 0;
    if (out_end && f->return_len) {
        uint64_t n = out_size.w[0] < f->return_len ? out_size.w[0] : f->return_len;
        memcpy(f->memory + out_offset.w[0], f->return_data, (size_t)n);
    }
    f->stack[f->sp++] = u256_from_u64(status == EVM_SUCCESS ? 1 : 0);
    return 1;
}

int evm_op_create(evm_frame *f, int kind) {
    int argc = kind == EVM_KIND_CREATE2 ? 4 : 3;
    if (f->is_static) return 0;
    if (f->sp < argc) return 0;
    u256 *top = &f->stack[f->sp - 1];
    u256 value = top[0], offset = top[-1], size = top[-2];
    u256 salt = kind == EVM_KIND_CREATE2 ? top[-3] : u256_from_u64(0);
    f->sp -= argc;
    if (!evm_memory_expand(f, &offset, &size)) return 0;
    uint64_t n = u256_is_zero(&size) ? 0 : size.w[0];
    if (n > MAX_INITCODE_SIZE) return 0;
    uint64_t words = (n + 31) / 32;
    uint64_t cost = 32000 + 2 * words + (kind == EVM_KIND_CREATE2 ? 6 * words : 0);
    if (f->gas < cost) return 0;
    f->gas -= cost;
    uint64_t gas = f->gas - f->gas / 64;
    f->gas -= gas;

    uint8_t args[EVM_ARGS_SIZE], result[EVM_RES_SIZE];
    memset(args, 0, sizeof args);
    memset(result, 0, sizeof result);
    write32(args + EVM_ARGS_KIND, (uint32_t)kind);
    write32(args + EVM_ARGS_INPUT, n ? (uint32_t)(uintptr_t)(f->memory + offset.w[0]) : 0);
    write32(args + EVM_ARGS_INPUT_LEN, (uint32_t)n);
    write64(args + EVM_ARGS_GAS, gas);
    u256_to_be(&value, args + EVM_ARGS_VALUE);
    u256_to_be(&salt, args + EVM_ARGS_SALT);
    int32_t status = call_host(f, args, result);
    if (status < 0) return 0;
    f->stack[f->sp++] = status == EVM_SUCCESS ? u256_from_be(result + EVM_RES_ADDRESS, 20) : u256_from_u64(0);
    return 1;
}
