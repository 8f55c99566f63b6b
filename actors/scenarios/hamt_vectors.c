/* The C SDK's HAMT against ref-fvm's pinned HAMT roots (ipld/hamt/tests/hamt_tests.rs; the same
 * vectors CairnIPLD's HAMTTests pin). Method 2 builds them and returns the roots, in order, as
 * an array of CID byte strings:
 *   0 empty, bit width 8
 *   1 bit width 5, keys "0".."199" -> bytes of the same text (set_delete_many, first flush)
 *   2 ...then keys "200".."399" too (second flush)
 *   3 bit width 5, keys varint(100..194) -> 42 (clean_child_ordering)
 *   4 bit width 1, keys "0".."29" -> bytes "filler" (set_with_no_effect)
 *   5 ...then "favorite-animal" -> bytes "bright green bear", set twice (the second is a no-op)
 *   6 bit width 8, foo/bar/baz -> "cat dog bear"/"cat dog"/"cat" (delete, before deleting)
 *   7 bit width 8, [0x00] -> bytes "Test data" (delete_case, before deleting)
 * It also reads every key back after building vectors 2 and 3 (USR_ASSERTION_FAILED if not). */
#include "cairn/cairn.h"

static void check(int ok, const char *what) {
    if (!ok) cairn_abort(CAIRN_USR_ASSERTION_FAILED, what);
}

static uint32_t decimal(uint32_t v, char out[12]) {
    char tmp[12];
    uint32_t n = 0, len = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) out[len++] = tmp[--n];
    return len;
}

static void set_bytes_value(cairn_hamt *h, const void *key, uint32_t key_len, const char *value, uint32_t value_len) {
    cairn_buf v;
    cairn_buf_init(&v, value_len + 4);
    cairn_cbor_put_bytes(&v, value, value_len);
    cairn_hamt_set(h, key, key_len, v.data, v.len);
}

static void put_root(cairn_hamt *h, cairn_buf *out) {
    cairn_cid root;
    cairn_hamt_flush(h, &root);
    cairn_cbor_put_bytes(out, root.bytes, root.len);
}

static void check_decimal_keys(cairn_hamt *h, uint32_t count) {
    for (uint32_t i = 0; i < count; i++) {
        char key[12];
        uint32_t len = decimal(i, key);
        const uint8_t *value;
        uint32_t value_len;
        check(cairn_hamt_get(h, (const uint8_t *)key, len, &value, &value_len), "a key is missing");
        check(value_len == len + 1 && memcmp(value + 1, key, len) == 0, "a value differs");
    }
    const uint8_t *value;
    uint32_t value_len;
    check(!cairn_hamt_get(h, (const uint8_t *)"absent", 6, &value, &value_len), "an absent key was found");
}

static void decimal_vectors(cairn_buf *out) {
    cairn_hamt h;
    cairn_hamt_new(&h, 5);
    for (uint32_t i = 0; i < 400; i++) {
        char key[12];
        uint32_t len = decimal(i, key);
        set_bytes_value(&h, key, len, key, len);
        if (i == 199) put_root(&h, out);
    }
    put_root(&h, out);
    check_decimal_keys(&h, 400);
}

/* Unsigned LEB128 of a value below 2^14. */
static uint32_t varint(uint32_t v, uint8_t key[2]) {
    if (v < 128) {
        key[0] = (uint8_t)v;
        return 1;
    }
    key[0] = (uint8_t)((v & 0x7f) | 0x80);
    key[1] = (uint8_t)(v >> 7);
    return 2;
}

static void varint_vector(cairn_buf *out) {
    static const uint8_t forty_two[2] = {0x18, 42};
    cairn_hamt h;
    cairn_hamt_new(&h, 5);
    for (uint32_t i = 100; i < 195; i++) {
        uint8_t key[2];
        cairn_hamt_set(&h, key, varint(i, key), forty_two, 2);
    }
    put_root(&h, out);
    for (uint32_t i = 100; i < 195; i++) {
        uint8_t key[2];
        const uint8_t *v;
        uint32_t v_len;
        check(cairn_hamt_get(&h, key, varint(i, key), &v, &v_len) && v_len == 2 && v[1] == 42, "a varint key is missing");
    }
}

static void filler_vectors(cairn_buf *out) {
    cairn_hamt h;
    cairn_hamt_new(&h, 1);
    for (uint32_t i = 0; i < 30; i++) {
        char key[12];
        set_bytes_value(&h, key, decimal(i, key), "filler", 6);
    }
    put_root(&h, out);
    set_bytes_value(&h, "favorite-animal", 15, "bright green bear", 17);
    check(cairn_hamt_set(&h, (const uint8_t *)"favorite-animal", 15, (const uint8_t *)"\x51" "bright green bear", 18) == 0,
          "setting a key to its value changed the map");
    put_root(&h, out);
}

static void small_vectors(cairn_buf *out) {
    cairn_hamt h;
    cairn_hamt_new(&h, 8);
    set_bytes_value(&h, "foo", 3, "cat dog bear", 12);
    set_bytes_value(&h, "bar", 3, "cat dog", 7);
    set_bytes_value(&h, "baz", 3, "cat", 3);
    put_root(&h, out);
    cairn_hamt_new(&h, 8);
    set_bytes_value(&h, "\0", 1, "Test data", 9);
    put_root(&h, out);
}

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static uint32_t vectors(uint32_t params) {
    (void)params;
    cairn_buf out;
    cairn_buf_init(&out, 512);
    cairn_cbor_put_array(&out, 8);
    cairn_hamt empty;
    cairn_hamt_new(&empty, 8);
    put_root(&empty, &out);
    decimal_vectors(&out);
    varint_vector(&out);
    filler_vectors(&out);
    small_vectors(&out);
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, vectors})
