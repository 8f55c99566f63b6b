/* DAG-CBOR for actors: a writer into a growing buffer and a bounds-checked reader.
 *
 * The writer emits shortest-form heads and definite lengths; writing maps in DAG-CBOR's key
 * order (shorter keys first, then bytewise) is the caller's job. The reader never reads past
 * its input: a malformed or truncated item clears `ok`, and every later call then fails too,
 * so a decoder can read all fields and check `cairn_cbor_done` once. */
#ifndef CAIRN_CBOR_H
#define CAIRN_CBOR_H

#include <stdint.h>
#include "cairn/ipld.h"

/* An unsigned 128-bit token amount (atto units). Only add, subtract and compare are used:
 * multiplication or division would need compiler-rt, which actors do not link. */
typedef unsigned __int128 cairn_u128;
/* Halves and bytes go through a union: 128-bit shifts would also need compiler-rt. */
typedef union cairn_u128_parts {
    cairn_u128 value;
    uint64_t half[2];  /* little-endian: half[0] is the low 64 bits */
    uint8_t bytes[16]; /* little-endian */
} cairn_u128_parts;
static inline cairn_u128 cairn_u128_make(uint64_t hi, uint64_t lo) {
    cairn_u128_parts p;
    p.half[0] = lo;
    p.half[1] = hi;
    return p.value;
}
static inline uint64_t cairn_u128_hi(cairn_u128 v) {
    cairn_u128_parts p;
    p.value = v;
    return p.half[1];
}
static inline uint64_t cairn_u128_lo(cairn_u128 v) { return (uint64_t)v; }

typedef struct cairn_buf {
    uint8_t *data;
    uint32_t len;
    uint32_t cap;
} cairn_buf;

void cairn_buf_init(cairn_buf *b, uint32_t capacity);
void cairn_buf_append(cairn_buf *b, const void *data, uint32_t len);

void cairn_cbor_put_head(cairn_buf *b, uint8_t major, uint64_t arg);
void cairn_cbor_put_uint(cairn_buf *b, uint64_t v);
void cairn_cbor_put_int(cairn_buf *b, int64_t v);
void cairn_cbor_put_bytes(cairn_buf *b, const void *data, uint32_t len);
void cairn_cbor_put_text(cairn_buf *b, const char *text, uint32_t len);
void cairn_cbor_put_cstr(cairn_buf *b, const char *text);
void cairn_cbor_put_array(cairn_buf *b, uint32_t count);
void cairn_cbor_put_map(cairn_buf *b, uint32_t count);
void cairn_cbor_put_bool(cairn_buf *b, int v);
void cairn_cbor_put_null(cairn_buf *b);
/* A link: tag 42 over the bytes 0x00 || CID. */
void cairn_cbor_put_cid(cairn_buf *b, const cairn_cid *cid);
/* A Filecoin big integer (TokenAmount): bytes, empty for zero, else 0x00 then the big-endian
 * magnitude without leading zeros. */
void cairn_cbor_put_token(cairn_buf *b, cairn_u128 v);
/* Appends an already encoded item. */
void cairn_cbor_put_raw(cairn_buf *b, const void *item, uint32_t len);

enum cairn_cbor_major {
    CAIRN_CBOR_UINT = 0, CAIRN_CBOR_NEGINT = 1, CAIRN_CBOR_BYTES = 2, CAIRN_CBOR_TEXT = 3,
    CAIRN_CBOR_ARRAY = 4, CAIRN_CBOR_MAP = 5, CAIRN_CBOR_TAG = 6, CAIRN_CBOR_SIMPLE = 7,
};

typedef struct cairn_cbor {
    const uint8_t *data;
    uint32_t len;
    uint32_t pos;
    int ok;
} cairn_cbor;

void cairn_cbor_init(cairn_cbor *r, const uint8_t *data, uint32_t len);
/* The major type of the next item, or -1 at the end / after an error. */
int cairn_cbor_peek(const cairn_cbor *r);
int cairn_cbor_is_null(const cairn_cbor *r);
/* Each getter returns 1 and advances on success; on a type mismatch or malformed input it
 * returns 0 and clears r->ok. */
int cairn_cbor_get_head(cairn_cbor *r, uint8_t *major, uint64_t *arg);
int cairn_cbor_get_uint(cairn_cbor *r, uint64_t *v);
int cairn_cbor_get_int(cairn_cbor *r, int64_t *v);
/* Byte and text strings are returned as views into the input. */
int cairn_cbor_get_bytes(cairn_cbor *r, const uint8_t **data, uint32_t *len);
int cairn_cbor_get_text(cairn_cbor *r, const char **text, uint32_t *len);
int cairn_cbor_get_array(cairn_cbor *r, uint32_t *count);
int cairn_cbor_get_map(cairn_cbor *r, uint32_t *count);
int cairn_cbor_get_bool(cairn_cbor *r, int *v);
int cairn_cbor_get_null(cairn_cbor *r);
int cairn_cbor_get_cid(cairn_cbor *r, cairn_cid *cid);
/* A non-negative Filecoin big integer of at most 128 bits. */
int cairn_cbor_get_token(cairn_cbor *r, cairn_u128 *v);
/* Skips one whole item (nesting limited to 64 levels); `start`/`len` give its encoding. */
int cairn_cbor_skip(cairn_cbor *r, const uint8_t **start, uint32_t *len);
/* Whether everything decoded and the whole input was consumed. */
int cairn_cbor_done(const cairn_cbor *r);

#endif
