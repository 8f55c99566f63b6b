/* Exits through vm.exit with data. Method 2([code]): exits with `code`, the data block "exit
 * data" (CBOR text) and the message "exit message" (codes 1-15 are the system's: the VM turns
 * them into SYS_ILLEGAL_EXIT_CODE). Method 3: exits with code 0 and the data: a successful
 * early return whose return value is the data. */
#include "cairn/cairn.h"

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

__attribute__((noreturn)) static void exit_with(uint64_t code) {
    cairn_buf data;
    cairn_buf_init(&data, 16);
    cairn_cbor_put_cstr(&data, "exit data");
    cairn_exit_with_data((uint32_t)code, &data, "exit message");
}

static uint32_t exit_code(uint32_t params) {
    cairn_cbor r;
    uint32_t fields;
    uint64_t code;
    cairn_params(params, &r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 1) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
    cairn_cbor_get_uint(&r, &code);
    cairn_params_done(&r);
    exit_with(code);
}

static uint32_t exit_ok(uint32_t params) {
    (void)params;
    exit_with(0);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, exit_code}, {3, exit_ok})
