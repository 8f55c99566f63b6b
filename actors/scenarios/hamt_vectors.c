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
 *   8 vector 6 reloaded from its root, "foo" deleted (delete)
 *   9 vector 7 with [0x00] deleted: the empty root again (delete_case)
 *  10 vector 2 with "200".."399" deleted: vector 1's root again (set_delete_many)
 *  11 vector 3 reloaded, varint(104) and varint(108) deleted (clean_child_ordering)
 * It also reads keys back after building vectors 2, 3 and 10 (USR_ASSERTION_FAILED if wrong).
 * Method 3 returns ref-fvm's canonical_structure roots over the identity key hash (the key's
 * first 32 bytes, zero-padded): for bit widths 8, 8, 5, 5, 6, 6, 7, 7 alternately keys ["K"] with
 * the extra key "B", and ["K0", "K1", "KAA1", "KAA2", "KAA3"] with the extra "KAA4"; key i gets
 * the bytes of the decimal text of i, the extra key is set (to "0") and deleted again. */
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

static void reload(cairn_hamt *h, uint32_t bit_width) {
    cairn_cid root;
    cairn_hamt_flush(h, &root);
    cairn_hamt_load(h, &root, bit_width);
}

/* Keys "0".."count-1" are present with their own text as value; "absent" is not. */
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

static void decimal_vectors(cairn_hamt *h, cairn_buf *out) {
    cairn_hamt_new(h, 5);
    for (uint32_t i = 0; i < 400; i++) {
        char key[12];
        uint32_t len = decimal(i, key);
        set_bytes_value(h, key, len, key, len);
        if (i == 199) put_root(h, out);
    }
    put_root(h, out);
    check_decimal_keys(h, 400);
}

static void varint_vector(cairn_hamt *h, cairn_buf *out) {
    static const uint8_t forty_two[2] = {0x18, 42};
    cairn_hamt_new(h, 5);
    for (uint32_t i = 100; i < 195; i++) {
        uint8_t key[2];
        cairn_hamt_set(h, key, varint(i, key), forty_two, 2);
    }
    put_root(h, out);
    for (uint32_t i = 100; i < 195; i++) {
        uint8_t key[2];
        const uint8_t *v;
        uint32_t v_len;
        check(cairn_hamt_get(h, key, varint(i, key), &v, &v_len) && v_len == 2 && v[1] == 42, "a varint key is missing");
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

static void small_vectors(cairn_hamt *three, cairn_hamt *one, cairn_buf *out) {
    cairn_hamt_new(three, 8);
    set_bytes_value(three, "foo", 3, "cat dog bear", 12);
    set_bytes_value(three, "bar", 3, "cat dog", 7);
    set_bytes_value(three, "baz", 3, "cat", 3);
    put_root(three, out);
    cairn_hamt_new(one, 8);
    set_bytes_value(one, "\0", 1, "Test data", 9);
    put_root(one, out);
}

static void delete_vectors(cairn_hamt *three, cairn_hamt *one, cairn_hamt *decimals, cairn_hamt *varints,
                           cairn_buf *out) {
    reload(three, 8);
    check(cairn_hamt_delete(three, (const uint8_t *)"foo", 3), "foo was not deleted");
    check(!cairn_hamt_delete(three, (const uint8_t *)"foo", 3), "foo was deleted twice");
    put_root(three, out);
    check(cairn_hamt_delete(one, (const uint8_t *)"\0", 1), "[0] was not deleted");
    put_root(one, out);
    for (uint32_t i = 200; i < 400; i++) {
        char key[12];
        check(cairn_hamt_delete(decimals, (const uint8_t *)key, decimal(i, key)), "a decimal key was not deleted");
    }
    put_root(decimals, out);
    check_decimal_keys(decimals, 200);
    reload(varints, 5);
    uint8_t key[2];
    check(cairn_hamt_delete(varints, key, varint(104, key)), "104 was not deleted");
    check(cairn_hamt_delete(varints, key, varint(108, key)), "108 was not deleted");
    put_root(varints, out);
}

static void add_and_remove(uint32_t bit_width, const char *const *keys, uint32_t count, const char *extra,
                           cairn_buf *out) {
    cairn_hamt h;
    cairn_hamt_new(&h, bit_width);
    h.identity_hash = 1;
    for (uint32_t i = 0; i < count; i++) {
        char value[12];
        set_bytes_value(&h, keys[i], (uint32_t)cairn_strlen(keys[i]), value, decimal(i, value));
    }
    uint32_t extra_len = (uint32_t)cairn_strlen(extra);
    set_bytes_value(&h, extra, extra_len, "0", 1);
    check(cairn_hamt_delete(&h, (const uint8_t *)extra, extra_len), "the extra key was not deleted");
    put_root(&h, out);
}

static uint32_t canonical(uint32_t params) {
    (void)params;
    static const char *const one[] = {"K"};
    static const char *const five[] = {"K0", "K1", "KAA1", "KAA2", "KAA3"};
    static const uint32_t widths[] = {8, 5, 6, 7};
    cairn_buf out;
    cairn_buf_init(&out, 512);
    cairn_cbor_put_array(&out, 8);
    for (uint32_t i = 0; i < 4; i++) {
        add_and_remove(widths[i], one, 1, "B", &out);
        add_and_remove(widths[i], five, 5, "KAA4", &out);
    }
    return cairn_return(&out);
}

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static uint32_t vectors(uint32_t params) {
    (void)params;
    cairn_buf out;
    cairn_hamt empty, decimals, varints, three, one;
    cairn_buf_init(&out, 512);
    cairn_cbor_put_array(&out, 12);
    cairn_hamt_new(&empty, 8);
    put_root(&empty, &out);
    decimal_vectors(&decimals, &out);
    varint_vector(&varints, &out);
    filler_vectors(&out);
    small_vectors(&three, &one, &out);
    delete_vectors(&three, &one, &decimals, &varints, &out);
    return cairn_return(&out);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, vectors}, {3, canonical})
