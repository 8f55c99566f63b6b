#include "cairn/cbor.h"
#include "cairn/mem.h"

void cairn_buf_init(cairn_buf *b, uint32_t capacity) {
    b->cap = capacity ? capacity : 64;
    b->data = cairn_alloc(b->cap);
    b->len = 0;
}

void cairn_buf_append(cairn_buf *b, const void *data, uint32_t len) {
    if (b->data == 0) cairn_buf_init(b, len > 64 ? len : 64);
    if (len > b->cap - b->len) {
        if (len > UINT32_MAX / 2 - b->len) __builtin_trap();
        uint32_t cap = b->cap * 2;
        while (cap - b->len < len) cap *= 2;
        uint8_t *grown = cairn_alloc(cap);
        memcpy(grown, b->data, b->len);
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

void cairn_cbor_put_head(cairn_buf *b, uint8_t major, uint64_t arg) {
    uint8_t head[9];
    uint32_t n;
    uint8_t m = (uint8_t)(major << 5);
    if (arg < 24) {
        head[0] = m | (uint8_t)arg;
        n = 1;
    } else if (arg <= 0xff) {
        head[0] = m | 24;
        head[1] = (uint8_t)arg;
        n = 2;
    } else if (arg <= 0xffff) {
        head[0] = m | 25;
        n = 3;
    } else if (arg <= 0xffffffffu) {
        head[0] = m | 26;
        n = 5;
    } else {
        head[0] = m | 27;
        n = 9;
    }
    for (uint32_t i = 1; n > 2 && i < n; i++) head[i] = (uint8_t)(arg >> (8 * (n - 1 - i)));
    cairn_buf_append(b, head, n);
}

void cairn_cbor_put_uint(cairn_buf *b, uint64_t v) { cairn_cbor_put_head(b, CAIRN_CBOR_UINT, v); }

void cairn_cbor_put_int(cairn_buf *b, int64_t v) {
    if (v >= 0) cairn_cbor_put_head(b, CAIRN_CBOR_UINT, (uint64_t)v);
    else cairn_cbor_put_head(b, CAIRN_CBOR_NEGINT, (uint64_t)(-(v + 1)));
}

void cairn_cbor_put_bytes(cairn_buf *b, const void *data, uint32_t len) {
    cairn_cbor_put_head(b, CAIRN_CBOR_BYTES, len);
    cairn_buf_append(b, data, len);
}

void cairn_cbor_put_text(cairn_buf *b, const char *text, uint32_t len) {
    cairn_cbor_put_head(b, CAIRN_CBOR_TEXT, len);
    cairn_buf_append(b, text, len);
}

void cairn_cbor_put_cstr(cairn_buf *b, const char *text) {
    cairn_cbor_put_text(b, text, (uint32_t)cairn_strlen(text));
}

void cairn_cbor_put_array(cairn_buf *b, uint32_t count) { cairn_cbor_put_head(b, CAIRN_CBOR_ARRAY, count); }
void cairn_cbor_put_map(cairn_buf *b, uint32_t count) { cairn_cbor_put_head(b, CAIRN_CBOR_MAP, count); }

void cairn_cbor_put_bool(cairn_buf *b, int v) {
    uint8_t byte = v ? 0xf5 : 0xf4;
    cairn_buf_append(b, &byte, 1);
}

void cairn_cbor_put_null(cairn_buf *b) {
    uint8_t byte = 0xf6;
    cairn_buf_append(b, &byte, 1);
}

void cairn_cbor_put_cid(cairn_buf *b, const cairn_cid *cid) {
    uint8_t zero = 0;
    cairn_cbor_put_head(b, CAIRN_CBOR_TAG, 42);
    cairn_cbor_put_head(b, CAIRN_CBOR_BYTES, cid->len + 1u);
    cairn_buf_append(b, &zero, 1);
    cairn_buf_append(b, cid->bytes, cid->len);
}

void cairn_cbor_put_token(cairn_buf *b, cairn_u128 v) {
    uint8_t out[17];
    uint32_t n = 0;
    cairn_u128_parts parts;
    parts.value = v;
    for (int i = 15; i >= 0; i--) {
        uint8_t byte = parts.bytes[i];
        if (n == 0 && byte == 0) continue;
        if (n == 0) out[n++] = 0; /* sign: positive */
        out[n++] = byte;
    }
    cairn_cbor_put_bytes(b, out, n);
}

void cairn_cbor_put_raw(cairn_buf *b, const void *item, uint32_t len) { cairn_buf_append(b, item, len); }

/* ---- reader */

void cairn_cbor_init(cairn_cbor *r, const uint8_t *data, uint32_t len) {
    r->data = data;
    r->len = len;
    r->pos = 0;
    r->ok = 1;
}

static int fail(cairn_cbor *r) {
    r->ok = 0;
    return 0;
}

int cairn_cbor_peek(const cairn_cbor *r) {
    if (!r->ok || r->pos >= r->len) return -1;
    return r->data[r->pos] >> 5;
}

int cairn_cbor_is_null(const cairn_cbor *r) {
    return r->ok && r->pos < r->len && r->data[r->pos] == 0xf6;
}

int cairn_cbor_get_head(cairn_cbor *r, uint8_t *major, uint64_t *arg) {
    if (!r->ok || r->pos >= r->len) return fail(r);
    uint8_t first = r->data[r->pos];
    uint8_t info = first & 31;
    uint32_t extra = info < 24 ? 0 : info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : 99;
    if (extra == 99 || extra > r->len - r->pos - 1) return fail(r);
    uint64_t value = info < 24 ? info : 0;
    for (uint32_t i = 0; i < extra; i++) value = (value << 8) | r->data[r->pos + 1 + i];
    /* DAG-CBOR: shortest form only. */
    if ((extra == 1 && value < 24) || (extra == 2 && value <= 0xff) ||
        (extra == 4 && value <= 0xffff) || (extra == 8 && value <= 0xffffffffu)) return fail(r);
    r->pos += 1 + extra;
    *major = first >> 5;
    *arg = value;
    return 1;
}

static int get_typed(cairn_cbor *r, uint8_t want, uint64_t *arg) {
    uint8_t major;
    uint32_t saved = r->pos;
    if (!cairn_cbor_get_head(r, &major, arg)) return 0;
    if (major != want) {
        r->pos = saved;
        return fail(r);
    }
    return 1;
}

int cairn_cbor_get_uint(cairn_cbor *r, uint64_t *v) { return get_typed(r, CAIRN_CBOR_UINT, v); }

int cairn_cbor_get_int(cairn_cbor *r, int64_t *v) {
    uint8_t major;
    uint64_t arg;
    if (!cairn_cbor_get_head(r, &major, &arg)) return 0;
    if ((major != CAIRN_CBOR_UINT && major != CAIRN_CBOR_NEGINT) || arg > (uint64_t)INT64_MAX) return fail(r);
    *v = major == CAIRN_CBOR_UINT ? (int64_t)arg : -(int64_t)arg - 1;
    return 1;
}

static int get_string(cairn_cbor *r, uint8_t major, const uint8_t **data, uint32_t *len) {
    uint64_t n;
    if (!get_typed(r, major, &n)) return 0;
    if (n > r->len - r->pos) return fail(r);
    *data = r->data + r->pos;
    *len = (uint32_t)n;
    r->pos += (uint32_t)n;
    return 1;
}

int cairn_cbor_get_bytes(cairn_cbor *r, const uint8_t **data, uint32_t *len) {
    return get_string(r, CAIRN_CBOR_BYTES, data, len);
}

int cairn_cbor_get_text(cairn_cbor *r, const char **text, uint32_t *len) {
    return get_string(r, CAIRN_CBOR_TEXT, (const uint8_t **)text, len);
}

static int get_count(cairn_cbor *r, uint8_t major, uint32_t *count) {
    uint64_t n;
    if (!get_typed(r, major, &n)) return 0;
    /* Each element takes at least one byte: a count beyond the input is a lie. */
    if (n > r->len - r->pos) return fail(r);
    *count = (uint32_t)n;
    return 1;
}

int cairn_cbor_get_array(cairn_cbor *r, uint32_t *count) { return get_count(r, CAIRN_CBOR_ARRAY, count); }
int cairn_cbor_get_map(cairn_cbor *r, uint32_t *count) { return get_count(r, CAIRN_CBOR_MAP, count); }

int cairn_cbor_get_bool(cairn_cbor *r, int *v) {
    if (!r->ok || r->pos >= r->len) return fail(r);
    uint8_t byte = r->data[r->pos];
    if (byte != 0xf4 && byte != 0xf5) return fail(r);
    *v = byte == 0xf5;
    r->pos++;
    return 1;
}

int cairn_cbor_get_null(cairn_cbor *r) {
    if (!cairn_cbor_is_null(r)) return fail(r);
    r->pos++;
    return 1;
}

int cairn_cbor_get_cid(cairn_cbor *r, cairn_cid *cid) {
    uint64_t tag;
    const uint8_t *data;
    uint32_t len;
    if (!get_typed(r, CAIRN_CBOR_TAG, &tag)) return 0;
    if (tag != 42) return fail(r);
    if (!cairn_cbor_get_bytes(r, &data, &len)) return 0;
    if (len < 2 || len - 1 > CAIRN_MAX_CID_LEN || data[0] != 0) return fail(r);
    cid->len = len - 1;
    memcpy(cid->bytes, data + 1, len - 1);
    return 1;
}

int cairn_cbor_get_token(cairn_cbor *r, cairn_u128 *v) {
    const uint8_t *data;
    uint32_t len;
    if (!cairn_cbor_get_bytes(r, &data, &len)) return 0;
    if (len == 0) {
        *v = 0;
        return 1;
    }
    /* Positive sign, no leading zero, at most 16 bytes of magnitude. */
    if (data[0] != 0 || len == 1 || len > 17 || data[1] == 0) return fail(r);
    cairn_u128_parts parts;
    parts.value = 0;
    for (uint32_t i = 1; i < len; i++) parts.bytes[len - 1 - i] = data[i];
    *v = parts.value;
    return 1;
}

static int skip_item(cairn_cbor *r, int depth) {
    uint8_t major;
    uint64_t arg;
    if (depth > 64) return fail(r);
    if (r->ok && r->pos < r->len && (r->data[r->pos] >> 5) == CAIRN_CBOR_SIMPLE) {
        uint8_t byte = r->data[r->pos];
        /* false, true, null; 64-bit floats are skipped whole (actors never compute on them). */
        if (byte >= 0xf4 && byte <= 0xf6) { r->pos++; return 1; }
        if (byte == 0xfb && r->len - r->pos >= 9) { r->pos += 9; return 1; }
        return fail(r);
    }
    if (!cairn_cbor_get_head(r, &major, &arg)) return 0;
    switch (major) {
    case CAIRN_CBOR_BYTES:
    case CAIRN_CBOR_TEXT:
        if (arg > r->len - r->pos) return fail(r);
        r->pos += (uint32_t)arg;
        return 1;
    case CAIRN_CBOR_ARRAY:
    case CAIRN_CBOR_MAP: {
        if (arg > r->len - r->pos) return fail(r);
        uint64_t items = major == CAIRN_CBOR_MAP ? arg * 2 : arg;
        for (uint64_t i = 0; i < items; i++) {
            if (!skip_item(r, depth + 1)) return 0;
        }
        return 1;
    }
    case CAIRN_CBOR_TAG:
        if (arg != 42) return fail(r);
        return skip_item(r, depth + 1);
    default:
        return 1;
    }
}

int cairn_cbor_skip(cairn_cbor *r, const uint8_t **start, uint32_t *len) {
    uint32_t from = r->pos;
    if (!skip_item(r, 0)) return 0;
    if (start) *start = r->data + from;
    if (len) *len = r->pos - from;
    return 1;
}

int cairn_cbor_done(const cairn_cbor *r) { return r->ok && r->pos == r->len; }
