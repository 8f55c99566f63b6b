/* The EVM interpreter (Cancun): runs one call frame's bytecode. Everything outside the frame
 * (accounts, storage, nested calls, logs, block context) is a host import (evm.h). */
#include "frame.h"

/* The frame header the host writes before calling evm_run (docs/evm.md, "Frames"). */
#define HDR_KIND 0
#define HDR_STATIC 4
#define HDR_DEPTH 8
#define HDR_CODE_LEN 12
#define HDR_INPUT_LEN 16
#define HDR_GAS 24
#define HDR_ADDRESS 32
#define HDR_CALLER 52
#define HDR_VALUE 72
#define HDR_SIZE 104

/* evm_run's result block. */
typedef struct {
    uint32_t status;
    uint32_t pad;
    uint64_t gas_left;
    int64_t refund;
    uint32_t output;
    uint32_t output_len;
} evm_result;

static uint32_t read32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t read64(const uint8_t *p) { return (uint64_t)read32(p) | (uint64_t)read32(p + 4) << 32; }

/* Reserves `size` bytes for the host to write a frame header, code and input into. */
__attribute__((export_name("evm_input"))) uint8_t *evm_input(uint32_t size) { return evm_alloc(size); }

static void analyse_jumpdests(evm_frame *f) {
    f->jumpdests = evm_alloc(f->code_len / 8 + 1);
    for (uint32_t pc = 0; pc < f->code_len; pc++) {
        uint8_t op = f->code[pc];
        if (op == 0x5b) f->jumpdests[pc / 8] |= (uint8_t)(1 << (pc % 8));
        else if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
    }
}

static int is_jumpdest(const evm_frame *f, const u256 *target) {
    if (!u256_fits_u64(target) || target->w[0] >= f->code_len) return 0;
    uint32_t pc = (uint32_t)target->w[0];
    return (f->jumpdests[pc / 8] >> (pc % 8)) & 1;
}

static const uint8_t *context_word(evm_frame *f, int index) {
    if (!f->context_loaded) { host_context(f->context); f->context_loaded = 1; }
    return f->context + index * 32;
}

/* Copies data[offset, offset+size) into memory at dest, zero-padding past `len` (the *COPY ops). */
static void copy_padded(evm_frame *f, uint64_t dest, const uint8_t *data, uint32_t len, const u256 *offset, uint64_t size) {
    uint64_t start = u256_fits_u64(offset) ? offset->w[0] : UINT64_MAX;
    for (uint64_t i = 0; i < size; i++) {
        uint64_t at = start + i;
        f->memory[dest + i] = (start != UINT64_MAX && at >= start && at < len) ? data[at] : 0;
    }
}

static uint64_t words(uint64_t bytes) { return (bytes + 31) / 32; }

static int run(evm_frame *f);

__attribute__((export_name("evm_run"))) evm_result *evm_run(const uint8_t *header) {
    static evm_result result;
    evm_frame frame;
    memset(&frame, 0, sizeof frame);
    evm_frame *f = &frame;
    uint32_t kind = read32(header + HDR_KIND);
    f->is_static = read32(header + HDR_STATIC);
    f->depth = read32(header + HDR_DEPTH);
    f->code_len = read32(header + HDR_CODE_LEN);
    f->input_len = read32(header + HDR_INPUT_LEN);
    f->gas = read64(header + HDR_GAS);
    memcpy(f->address, header + HDR_ADDRESS, 20);
    memcpy(f->caller, header + HDR_CALLER, 20);
    memcpy(f->value, header + HDR_VALUE, 32);
    f->code = header + HDR_SIZE;
    f->input = f->code + f->code_len;
    int status;
    if (kind != 0) {
        uint8_t *out = 0; uint32_t out_len = 0;
        status = evm_run_precompile(kind, f->input, f->input_len, &f->gas, &out, &out_len);
        f->output = out; f->output_len = out_len;
    } else {
        f->stack = evm_alloc(EVM_STACK_LIMIT * sizeof(u256));
        analyse_jumpdests(f);
        status = (f->stack && f->jumpdests) ? run(f) : EVM_FAILURE;
    }
    if (status == EVM_FAILURE) { f->gas = 0; f->output_len = 0; }
    if (status != EVM_SUCCESS) f->refund = 0;
    result.status = (uint32_t)status;
    result.gas_left = f->gas;
    result.refund = f->refund;
    result.output = (uint32_t)(uintptr_t)f->output;
    result.output_len = f->output_len;
    return &result;
}

#define CHARGE(g) do { uint64_t cost_ = (uint64_t)(g); if (f->gas < cost_) return EVM_FAILURE; f->gas -= cost_; } while (0)
#define NEED(n) do { if (f->sp < (n)) return EVM_FAILURE; } while (0)
#define ROOM(n) do { if (f->sp + (n) > EVM_STACK_LIMIT) return EVM_FAILURE; } while (0)
#define TOP(i) (f->stack[f->sp - 1 - (i)])
#define PUSH(v) (f->stack[f->sp++] = (v))
#define EXPAND(o, s) do { if (!evm_memory_expand(f, &(o), &(s))) return EVM_FAILURE; } while (0)
#define BINARY(expr) do { NEED(2); CHARGE(gas_cost); u256 a = TOP(0), b = TOP(1); f->sp--; TOP(0) = (expr); } while (0)

static u256 word_from_bytes32(const uint8_t *b) { return u256_from_be(b, 32); }
static u256 address_word(const uint8_t *a) { return u256_from_be(a, 20); }
static void word_address(const u256 *w, uint8_t out[20]) { uint8_t b[32]; u256_to_be(w, b); memcpy(out, b + 12, 20); }
static u256 u256_not(const u256 *a) { u256 r; for (int i = 0; i < 4; i++) r.w[i] = ~a->w[i]; return r; }

/* Finishes a frame with RETURN or REVERT: the output is a copy of memory. */
static int finish(evm_frame *f, int status) {
    NEED(2);
    u256 offset = TOP(0), size = TOP(1);
    f->sp -= 2;
    EXPAND(offset, size);
    if (!u256_is_zero(&size)) {
        f->output_len = (uint32_t)size.w[0];
        f->output = f->memory + offset.w[0];
    }
    return status;
}

static int op_sstore(evm_frame *f) {
    if (f->is_static) return EVM_FAILURE;
    NEED(2);
    if (f->gas <= 2300) return EVM_FAILURE; /* EIP-2200's stipend guard */
    uint8_t key[32], value[32], current[32], original[32];
    u256_to_be(&TOP(0), key);
    u256_to_be(&TOP(1), value);
    f->sp -= 2;
    uint64_t cost = host_storage_access(key) ? 2100 : 0;
    host_sload(key, current);
    host_sload_original(key, original);
    u256 v = word_from_bytes32(value), c = word_from_bytes32(current), o = word_from_bytes32(original);
    if (u256_eq(&c, &v)) cost += 100;
    else if (u256_eq(&o, &c)) cost += u256_is_zero(&o) ? 20000 : 2900;
    else cost += 100;
    CHARGE(cost);
    if (!u256_eq(&c, &v)) {
        if (u256_eq(&o, &c)) {
            if (!u256_is_zero(&o) && u256_is_zero(&v)) f->refund += 4800;
        } else {
            if (!u256_is_zero(&o)) {
                if (u256_is_zero(&c)) f->refund -= 4800;
                else if (u256_is_zero(&v)) f->refund += 4800;
            }
            if (u256_eq(&o, &v)) f->refund += u256_is_zero(&o) ? 19900 : 2800;
        }
    }
    host_sstore(key, value);
    return -1;
}

static int op_log(evm_frame *f, int topics) {
    if (f->is_static) return EVM_FAILURE;
    NEED(2 + topics);
    u256 offset = TOP(0), size = TOP(1);
    uint8_t topic_bytes[4 * 32];
    for (int i = 0; i < topics; i++) u256_to_be(&TOP(2 + i), topic_bytes + 32 * i);
    f->sp -= 2 + topics;
    EXPAND(offset, size);
    if (!u256_is_zero(&size)) CHARGE(8 * size.w[0]);
    CHARGE(375 + 375 * (uint64_t)topics);
    host_log(u256_is_zero(&size) ? f->memory : f->memory + offset.w[0], u256_is_zero(&size) ? 0 : (uint32_t)size.w[0], (uint32_t)topics, topic_bytes);
    return -1;
}

/* The *COPY ops: reads dest, offset, size; charges `base` + 3/word + memory; returns the size or -1. */
static int64_t copy_prologue(evm_frame *f, int stack_offset, uint64_t base, u256 *dest, u256 *offset) {
    *dest = TOP(stack_offset);
    *offset = TOP(stack_offset + 1);
    u256 size = TOP(stack_offset + 2);
    if (!evm_memory_expand(f, dest, &size)) return -1;
    uint64_t n = u256_is_zero(&size) ? 0 : size.w[0];
    uint64_t cost = base + 3 * words(n);
    if (f->gas < cost) return -1;
    f->gas -= cost;
    return (int64_t)n;
}

static int op_selfdestruct(evm_frame *f) {
    if (f->is_static) return EVM_FAILURE;
    NEED(1);
    uint8_t beneficiary[20];
    word_address(&TOP(0), beneficiary);
    f->sp--;
    uint64_t cost = 5000;
    if (host_account_access(beneficiary)) cost += 2600;
    uint8_t balance[32];
    host_balance(f->address, balance);
    u256 b = word_from_bytes32(balance);
    if (!u256_is_zero(&b) && host_account_dead(beneficiary)) cost += 25000;
    CHARGE(cost);
    host_selfdestruct(beneficiary);
    return EVM_SUCCESS;
}

static int run(evm_frame *f) {
    uint32_t pc = 0;
    for (;;) {
        uint8_t op = pc < f->code_len ? f->code[pc] : 0x00;
        uint64_t gas_cost = 3;
        int r;
        switch (op) {
        case 0x00: return EVM_SUCCESS;
        case 0x01: BINARY(u256_add(&a, &b)); break;
        case 0x02: gas_cost = 5; BINARY(u256_mul(&a, &b)); break;
        case 0x03: BINARY(u256_sub(&a, &b)); break;
        case 0x04: gas_cost = 5; BINARY(u256_div(&a, &b)); break;
        case 0x05: gas_cost = 5; BINARY(u256_sdiv(&a, &b)); break;
        case 0x06: gas_cost = 5; BINARY(u256_mod(&a, &b)); break;
        case 0x07: gas_cost = 5; BINARY(u256_smod(&a, &b)); break;
        case 0x08: case 0x09: {
            NEED(3); CHARGE(8);
            u256 a = TOP(0), b = TOP(1), m = TOP(2);
            f->sp -= 2;
            TOP(0) = op == 0x08 ? u256_addmod(&a, &b, &m) : u256_mulmod(&a, &b, &m);
            break;
        }
        case 0x0a: {
            NEED(2);
            u256 a = TOP(0), e = TOP(1);
            CHARGE(10 + 50 * (uint64_t)u256_byte_length(&e));
            f->sp--;
            TOP(0) = u256_exp(&a, &e);
            break;
        }
        case 0x0b: gas_cost = 5; BINARY(u256_signextend(&a, &b)); break;
        case 0x10: BINARY(u256_from_u64((uint64_t)u256_lt(&a, &b))); break;
        case 0x11: BINARY(u256_from_u64((uint64_t)u256_lt(&b, &a))); break;
        case 0x12: BINARY(u256_from_u64((uint64_t)u256_slt(&a, &b))); break;
        case 0x13: BINARY(u256_from_u64((uint64_t)u256_slt(&b, &a))); break;
        case 0x14: BINARY(u256_from_u64((uint64_t)u256_eq(&a, &b))); break;
        case 0x15: NEED(1); CHARGE(3); TOP(0) = u256_from_u64((uint64_t)u256_is_zero(&TOP(0))); break;
        case 0x16: { NEED(2); CHARGE(3); for (int i = 0; i < 4; i++) TOP(1).w[i] &= TOP(0).w[i]; f->sp--; break; }
        case 0x17: { NEED(2); CHARGE(3); for (int i = 0; i < 4; i++) TOP(1).w[i] |= TOP(0).w[i]; f->sp--; break; }
        case 0x18: { NEED(2); CHARGE(3); for (int i = 0; i < 4; i++) TOP(1).w[i] ^= TOP(0).w[i]; f->sp--; break; }
        case 0x19: NEED(1); CHARGE(3); TOP(0) = u256_not(&TOP(0)); break;
        case 0x1a: BINARY(u256_byte(&a, &b)); break;
        case 0x1b: BINARY(u256_shl(&a, &b)); break;
        case 0x1c: BINARY(u256_shr(&a, &b)); break;
        case 0x1d: BINARY(u256_sar(&a, &b)); break;
        case 0x20: {
            NEED(2);
            u256 offset = TOP(0), size = TOP(1);
            EXPAND(offset, size);
            uint64_t n = u256_is_zero(&size) ? 0 : size.w[0];
            CHARGE(30 + 6 * words(n));
            uint8_t hash[32];
            evm_keccak256(n ? f->memory + offset.w[0] : f->memory, (uint32_t)n, hash);
            f->sp--;
            TOP(0) = word_from_bytes32(hash);
            break;
        }
        case 0x30: ROOM(1); CHARGE(2); PUSH(address_word(f->address)); break;
        case 0x31: {
            NEED(1);
            uint8_t addr[20], balance[32];
            word_address(&TOP(0), addr);
            CHARGE(host_account_access(addr) ? 2600 : 100);
            host_balance(addr, balance);
            TOP(0) = word_from_bytes32(balance);
            break;
        }
        case 0x32: ROOM(1); CHARGE(2); PUSH(word_from_bytes32(context_word(f, EVM_CTX_ORIGIN))); break;
        case 0x33: ROOM(1); CHARGE(2); PUSH(address_word(f->caller)); break;
        case 0x34: ROOM(1); CHARGE(2); PUSH(word_from_bytes32(f->value)); break;
        case 0x35: {
            NEED(1); CHARGE(3);
            u256 offset = TOP(0);
            uint8_t bytes[32];
            for (uint32_t i = 0; i < 32; i++) {
                uint64_t at = offset.w[0] + i;
                bytes[i] = (u256_fits_u64(&offset) && at >= offset.w[0] && at < f->input_len) ? f->input[at] : 0;
            }
            TOP(0) = word_from_bytes32(bytes);
            break;
        }
        case 0x36: ROOM(1); CHARGE(2); PUSH(u256_from_u64(f->input_len)); break;
        case 0x37: case 0x39: case 0x3e: {
            NEED(3);
            u256 dest, offset;
            if (op == 0x3e) {
                /* Reading past the return data is an exceptional halt, even for size 0. */
                u256 end = u256_add(&TOP(1), &TOP(2)), limit = u256_from_u64(f->return_len);
                if (u256_lt(&end, &TOP(1)) || u256_lt(&limit, &end)) return EVM_FAILURE;
            }
            int64_t n = copy_prologue(f, 0, 3, &dest, &offset);
            if (n < 0) return EVM_FAILURE;
            f->sp -= 3;
            if (n == 0) break;
            if (op == 0x37) copy_padded(f, dest.w[0], f->input, f->input_len, &offset, (uint64_t)n);
            else if (op == 0x39) copy_padded(f, dest.w[0], f->code, f->code_len, &offset, (uint64_t)n);
            else memcpy(f->memory + dest.w[0], f->return_data + offset.w[0], (size_t)n);
            break;
        }
        case 0x38: ROOM(1); CHARGE(2); PUSH(u256_from_u64(f->code_len)); break;
        case 0x3a: ROOM(1); CHARGE(2); PUSH(word_from_bytes32(context_word(f, EVM_CTX_GAS_PRICE))); break;
        case 0x3b: {
            NEED(1);
            uint8_t addr[20];
            word_address(&TOP(0), addr);
            CHARGE(host_account_access(addr) ? 2600 : 100);
            TOP(0) = u256_from_u64(host_code_size(addr));
            break;
        }
        case 0x3c: {
            NEED(4);
            uint8_t addr[20];
            word_address(&TOP(0), addr);
            u256 dest, offset;
            /* No base cost: EIP-2929's access cost replaced it. */
            int64_t n = copy_prologue(f, 1, 0, &dest, &offset);
            if (n < 0) return EVM_FAILURE;
            CHARGE(host_account_access(addr) ? 2600 : 100);
            f->sp -= 4;
            if (n == 0) break;
            if (!u256_fits_u64(&offset) || offset.w[0] > 0xffffffffULL) memset(f->memory + dest.w[0], 0, (size_t)n);
            else host_code_copy(addr, (uint32_t)offset.w[0], f->memory + dest.w[0], (uint32_t)n);
            break;
        }
        case 0x3d: ROOM(1); CHARGE(2); PUSH(u256_from_u64(f->return_len)); break;
        case 0x3f: {
            NEED(1);
            uint8_t addr[20], hash[32];
            word_address(&TOP(0), addr);
            CHARGE(host_account_access(addr) ? 2600 : 100);
            host_code_hash(addr, hash);
            TOP(0) = word_from_bytes32(hash);
            break;
        }
        case 0x40: {
            NEED(1); CHARGE(20);
            u256 number = TOP(0);
            uint8_t hash[32];
            memset(hash, 0, 32);
            u256 current = word_from_bytes32(context_word(f, EVM_CTX_NUMBER));
            if (u256_fits_u64(&number) && u256_lt(&number, &current) && current.w[0] - number.w[0] <= 256)
                host_block_hash(number.w[0], hash);
            TOP(0) = word_from_bytes32(hash);
            break;
        }
        case 0x41: ROOM(1); CHARGE(2); PUSH(word_from_bytes32(context_word(f, EVM_CTX_COINBASE))); break;
        case 0x42: ROOM(1); CHARGE(2); PUSH(word_from_bytes32(context_word(f, EVM_CTX_TIMESTAMP))); break;
        case 0x43: ROOM(1); CHARGE(2); PUSH(word_from_bytes32(context_word(f, EVM_CTX_NUMBER))); break;
        case 0x44: ROOM(1); CHARGE(2); PUSH(word_from_bytes32(context_word(f, EVM_CTX_PREVRANDAO))); break;
        case 0x45: ROOM(1); CHARGE(2); PUSH(word_from_bytes32(context_word(f, EVM_CTX_GAS_LIMIT))); break;
        case 0x46: ROOM(1); CHARGE(2); PUSH(word_from_bytes32(context_word(f, EVM_CTX_CHAIN_ID))); break;
        case 0x47: {
            ROOM(1); CHARGE(5);
            uint8_t balance[32];
            host_balance(f->address, balance);
            PUSH(word_from_bytes32(balance));
            break;
        }
        case 0x48: ROOM(1); CHARGE(2); PUSH(word_from_bytes32(context_word(f, EVM_CTX_BASE_FEE))); break;
        case 0x49: {
            NEED(1); CHARGE(3);
            uint8_t hash[32];
            memset(hash, 0, 32);
            if (u256_fits_u64(&TOP(0)) && TOP(0).w[0] < 0x100000000ULL) host_blob_hash((uint32_t)TOP(0).w[0], hash);
            TOP(0) = word_from_bytes32(hash);
            break;
        }
        case 0x4a: ROOM(1); CHARGE(2); PUSH(word_from_bytes32(context_word(f, EVM_CTX_BLOB_BASE_FEE))); break;
        case 0x50: NEED(1); CHARGE(2); f->sp--; break;
        case 0x51: {
            NEED(1); CHARGE(3);
            u256 offset = TOP(0), size = u256_from_u64(32);
            EXPAND(offset, size);
            TOP(0) = word_from_bytes32(f->memory + offset.w[0]);
            break;
        }
        case 0x52: case 0x53: {
            NEED(2); CHARGE(3);
            u256 offset = TOP(0), value = TOP(1), size = u256_from_u64(op == 0x52 ? 32 : 1);
            EXPAND(offset, size);
            if (op == 0x52) u256_to_be(&value, f->memory + offset.w[0]);
            else f->memory[offset.w[0]] = (uint8_t)value.w[0];
            f->sp -= 2;
            break;
        }
        case 0x54: {
            NEED(1);
            uint8_t key[32], value[32];
            u256_to_be(&TOP(0), key);
            CHARGE(host_storage_access(key) ? 2100 : 100);
            host_sload(key, value);
            TOP(0) = word_from_bytes32(value);
            break;
        }
        case 0x55: if ((r = op_sstore(f)) >= 0) return r; break;
        case 0x56: {
            NEED(1); CHARGE(8);
            if (!is_jumpdest(f, &TOP(0))) return EVM_FAILURE;
            pc = (uint32_t)TOP(0).w[0];
            f->sp--;
            continue;
        }
        case 0x57: {
            NEED(2); CHARGE(10);
            u256 target = TOP(0), condition = TOP(1);
            f->sp -= 2;
            if (!u256_is_zero(&condition)) {
                if (!is_jumpdest(f, &target)) return EVM_FAILURE;
                pc = (uint32_t)target.w[0];
                continue;
            }
            break;
        }
        case 0x58: ROOM(1); CHARGE(2); PUSH(u256_from_u64(pc)); break;
        case 0x59: ROOM(1); CHARGE(2); PUSH(u256_from_u64(f->memory_size)); break;
        case 0x5a: ROOM(1); CHARGE(2); PUSH(u256_from_u64(f->gas)); break;
        case 0x5b: CHARGE(1); break;
        case 0x5c: {
            NEED(1); CHARGE(100);
            uint8_t key[32], value[32];
            u256_to_be(&TOP(0), key);
            host_tload(key, value);
            TOP(0) = word_from_bytes32(value);
            break;
        }
        case 0x5d: {
            if (f->is_static) return EVM_FAILURE;
            NEED(2); CHARGE(100);
            uint8_t key[32], value[32];
            u256_to_be(&TOP(0), key);
            u256_to_be(&TOP(1), value);
            f->sp -= 2;
            host_tstore(key, value);
            break;
        }
        case 0x5e: {
            NEED(3);
            u256 dest = TOP(0), src = TOP(1), size = TOP(2);
            uint64_t n = u256_is_zero(&size) ? 0 : (u256_fits_u64(&size) ? size.w[0] : UINT64_MAX);
            if (n) {
                uint64_t end_dest = evm_range_end(&dest, &size), end_src = evm_range_end(&src, &size);
                uint64_t end = end_dest > end_src ? end_dest : end_src;
                uint64_t cost = evm_memory_expansion_cost(f, end);
                if (cost == UINT64_MAX) return EVM_FAILURE;
                CHARGE(cost);
                if (!evm_memory_grow(f, end)) return EVM_FAILURE;
            }
            CHARGE(3 + 3 * words(n));
            f->sp -= 3;
            if (n) memmove(f->memory + dest.w[0], f->memory + src.w[0], (size_t)n);
            break;
        }
        case 0x5f: ROOM(1); CHARGE(2); PUSH(u256_from_u64(0)); break;
        case 0xa0: case 0xa1: case 0xa2: case 0xa3: case 0xa4:
            if ((r = op_log(f, op - 0xa0)) >= 0) return r;
            break;
        case 0xf0: case 0xf5:
            if (!evm_op_create(f, op == 0xf0 ? EVM_KIND_CREATE : EVM_KIND_CREATE2)) return EVM_FAILURE;
            break;
        case 0xf1: if (!evm_op_call(f, EVM_KIND_CALL)) return EVM_FAILURE; break;
        case 0xf2: if (!evm_op_call(f, EVM_KIND_CALLCODE)) return EVM_FAILURE; break;
        case 0xf4: if (!evm_op_call(f, EVM_KIND_DELEGATECALL)) return EVM_FAILURE; break;
        case 0xfa: if (!evm_op_call(f, EVM_KIND_STATICCALL)) return EVM_FAILURE; break;
        case 0xf3: return finish(f, EVM_SUCCESS);
        case 0xfd: return finish(f, EVM_REVERT);
        case 0xff: return op_selfdestruct(f);
        default:
            if (op >= 0x60 && op <= 0x7f) {
                ROOM(1); CHARGE(3);
                uint32_t n = op - 0x5f;
                uint8_t bytes[32];
                for (uint32_t i = 0; i < n; i++) bytes[i] = pc + 1 + i < f->code_len ? f->code[pc + 1 + i] : 0;
                PUSH(u256_from_be(bytes, n));
                pc += n;
            } else if (op >= 0x80 && op <= 0x8f) {
                int n = op - 0x7f;
                NEED(n); ROOM(1); CHARGE(3);
                u256 v = TOP(n - 1);
                PUSH(v);
            } else if (op >= 0x90 && op <= 0x9f) {
                int n = op - 0x8f;
                NEED(n + 1); CHARGE(3);
                u256 t = TOP(0); TOP(0) = TOP(n); TOP(n) = t;
            } else {
                return EVM_FAILURE; /* INVALID (0xfe) and undefined opcodes */
            }
        }
        pc++;
    }
}
