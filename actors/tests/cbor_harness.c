/* Exposes the SDK's DAG-CBOR reader and writer to actors/tests/test_cbor.py (not an actor). */
#include "cairn/cbor.h"
#include "cairn/mem.h"

static cairn_buf out;

__attribute__((export_name("alloc"))) uint8_t *alloc(uint32_t n) { return cairn_alloc(n ? n : 1); }

/* 1 if the input is exactly one well-formed item, as the reader sees it. */
__attribute__((export_name("skip_all"))) int skip_all(const uint8_t *data, uint32_t len) {
    cairn_cbor r;
    cairn_cbor_init(&r, data, len);
    return cairn_cbor_skip(&r, 0, 0) && cairn_cbor_done(&r);
}

/* Reads a big integer as a token amount; writes it back; 1 if read. */
__attribute__((export_name("token_roundtrip"))) int token_roundtrip(const uint8_t *data, uint32_t len) {
    cairn_cbor r;
    cairn_u128 v;
    cairn_cbor_init(&r, data, len);
    if (!cairn_cbor_get_token(&r, &v) || !cairn_cbor_done(&r)) return 0;
    cairn_buf_init(&out, 24);
    cairn_cbor_put_token(&out, v);
    return 1;
}

/* Reads a signed integer and writes it back; 1 if read. */
__attribute__((export_name("int_roundtrip"))) int int_roundtrip(const uint8_t *data, uint32_t len) {
    cairn_cbor r;
    int64_t v;
    cairn_cbor_init(&r, data, len);
    if (!cairn_cbor_get_int(&r, &v) || !cairn_cbor_done(&r)) return 0;
    cairn_buf_init(&out, 16);
    cairn_cbor_put_int(&out, v);
    return 1;
}

/* A fixed value written with every writer function (test_cbor.py encodes the same in Python). */
__attribute__((export_name("sample"))) void sample(void) {
    static const uint64_t uints[] = {0, 23, 24, 255, 256, 65535, 65536, 4294967295u, 4294967296u, UINT64_MAX};
    static const int64_t ints[] = {-1, -24, -25, -256, -257, INT64_MIN};
    cairn_cid cid = {6, {0x01, 0x55, 0x00, 0x02, 0xab, 0xcd}};
    cairn_buf_init(&out, 16);
    cairn_cbor_put_array(&out, 8);
    cairn_cbor_put_array(&out, 10);
    for (int i = 0; i < 10; i++) cairn_cbor_put_uint(&out, uints[i]);
    cairn_cbor_put_array(&out, 6);
    for (int i = 0; i < 6; i++) cairn_cbor_put_int(&out, ints[i]);
    cairn_cbor_put_map(&out, 2);
    cairn_cbor_put_cstr(&out, "a");
    cairn_cbor_put_bool(&out, 1);
    cairn_cbor_put_cstr(&out, "bb");
    cairn_cbor_put_bool(&out, 0);
    cairn_cbor_put_bytes(&out, "\x00\x01\x02", 3);
    cairn_cbor_put_cstr(&out, "text with more than twenty-three bytes");
    cairn_cbor_put_null(&out);
    cairn_cbor_put_cid(&out, &cid);
    cairn_cbor_put_array(&out, 4);
    cairn_cbor_put_token(&out, 0);
    cairn_cbor_put_token(&out, 1);
    cairn_cbor_put_token(&out, cairn_u128_make(1, 0));
    cairn_cbor_put_token(&out, cairn_u128_make(UINT64_MAX, UINT64_MAX));
}

__attribute__((export_name("out_ptr"))) uint8_t *out_ptr(void) { return out.data; }
__attribute__((export_name("out_len"))) uint32_t out_len(void) { return out.len; }
