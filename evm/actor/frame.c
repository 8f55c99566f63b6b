/* Running one EVM frame in this actor: the header evm_run reads (docs/evm.md, "Frames") is
 * built here, the interpreter is called as a C function, and the outcome becomes the
 * invocation's exit. The frame's EVM gas starts at the invocation's remaining gas
 * (gas.available): EVM gas bounds the frame, Cairn's gas pays for it (docs/evm.md, "Gas"). */
#include "actor.h"

/* evm_run (evm/src/interpreter.c) returns a pointer to this layout. */
#define RESULT_STATUS 0
#define RESULT_OUTPUT 24
#define RESULT_OUTPUT_LEN 28
const uint8_t *evm_run(const uint8_t *header);

uint8_t evm_self_address[20];
uint8_t evm_frame_caller[20];
uint8_t evm_frame_value[32];
int evm_frame_static;

static void put32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

evm_outcome evm_run_frame(const uint8_t *code, uint32_t code_len, const uint8_t *input, uint32_t input_len,
                          const uint8_t caller[20], const uint8_t value[32], int is_static) {
    evm_outcome outcome = {EVM_SUCCESS, 0, 0};
    memcpy(evm_frame_caller, caller, 20);
    memcpy(evm_frame_value, value, 32);
    evm_frame_static = is_static;
    if (code_len == 0) return outcome;
    uint64_t gas = 0;
    cairn_sys_gas_available(&gas);
    uint8_t *header = cairn_alloc_zeroed(104 + code_len + input_len);
    put32(header + 4, is_static ? 1u : 0u);
    put32(header + 12, code_len);
    put32(header + 16, input_len);
    put64(header + 24, gas);
    memcpy(header + 32, evm_self_address, 20);
    memcpy(header + 52, caller, 20);
    memcpy(header + 72, value, 32);
    memcpy(header + 104, code, code_len);
    if (input_len) memcpy(header + 104 + code_len, input, input_len);
    const uint8_t *result = evm_run(header);
    outcome.status = (int)get32(result + RESULT_STATUS);
    outcome.output = (const uint8_t *)(uintptr_t)get32(result + RESULT_OUTPUT);
    outcome.output_len = get32(result + RESULT_OUTPUT_LEN);
    if (outcome.status == EVM_SUCCESS) evm_state_save();
    return outcome;
}

uint32_t evm_finish(evm_outcome outcome) {
    cairn_buf out;
    cairn_buf_init(&out, outcome.output_len + 9);
    cairn_cbor_put_bytes(&out, outcome.output, outcome.output_len);
    if (outcome.status == EVM_SUCCESS) return cairn_block_create(CAIRN_CODEC_DAG_CBOR, out.data, out.len);
    if (outcome.status == EVM_REVERT) cairn_exit_with_data(EVM_EXIT_REVERTED, &out, "contract reverted");
    cairn_abort(EVM_EXIT_FAILED, "EVM execution failed");
}
