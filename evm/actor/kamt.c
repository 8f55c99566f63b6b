/* The KAMT of kamt.h. Positions are bit offsets into the 256-bit key, most significant bit
 * first. A node at position P indexes its slots by the key's bits [P, P+5) (the last level, at
 * bit 255, by one bit, as fvm_ipld_kamt's HashBits does); a link may carry an extension: the
 * key bits every key below it shares, so the child sits at P + 5 + extension length. */
#include "kamt.h"
#include "cairn/actor.h"
#include "cairn/cbor.h"
#include "cairn/mem.h"

#define BIT_WIDTH 5u
#define KEY_BITS 256u

typedef struct kamt_ptr {
    int is_link;
    uint8_t key[32];   /* a bucket: exactly one pair (maximum array width 1) */
    uint8_t value[32];
    cairn_cid cid;     /* a link: the child's CID (valid unless dirty) */
    kamt_node *child;  /* loaded or built; 0 until needed */
    int dirty;         /* the child changed since `cid` */
    uint32_t ext_bits; /* extension length in bits, a multiple of BIT_WIDTH */
    uint8_t ext[32];   /* extension bits, left-aligned, zero past ext_bits */
} kamt_ptr;

struct kamt_node {
    uint32_t bitfield; /* bit i set <=> slot i occupied */
    uint32_t count;
    kamt_ptr *ptrs[32]; /* in slot order */
};

__attribute__((noreturn)) static void bad_node(void) { cairn_abort(CAIRN_USR_ILLEGAL_STATE, "malformed KAMT node"); }

/* ---- bits */

static uint32_t get_bit(const uint8_t *bits, uint32_t i) { return (bits[i / 8] >> (7 - i % 8)) & 1u; }

static void set_bit(uint8_t *bits, uint32_t i) { bits[i / 8] |= (uint8_t)(0x80u >> (i % 8)); }

static uint32_t chunk_width(uint32_t pos) { return KEY_BITS - pos < BIT_WIDTH ? KEY_BITS - pos : BIT_WIDTH; }

/* The `width` bits at `pos` as a number. */
static uint32_t bits_at(const uint8_t *bits, uint32_t pos, uint32_t width) {
    uint32_t v = 0;
    for (uint32_t i = 0; i < width; i++) v = v << 1 | get_bit(bits, pos + i);
    return v;
}

static uint32_t key_chunk(const uint8_t *key, uint32_t pos) { return bits_at(key, pos, chunk_width(pos)); }

/* Copies n bits of src from src_pos into a zeroed dst at 0. */
static void take_bits(uint8_t dst[32], const uint8_t *src, uint32_t src_pos, uint32_t n) {
    memset(dst, 0, 32);
    for (uint32_t i = 0; i < n; i++)
        if (get_bit(src, src_pos + i)) set_bit(dst, i);
}

/* Appends n bits of src (from src_pos) to dst, which holds *len bits. */
static void append_bits(uint8_t dst[32], uint32_t *len, const uint8_t *src, uint32_t src_pos, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        if (get_bit(src, src_pos + i)) set_bit(dst, *len + i);
    *len += n;
}

/* ---- nodes */

static kamt_node *new_node(void) { return cairn_alloc_zeroed(sizeof(kamt_node)); }

static uint32_t rank(const kamt_node *n, uint32_t slot) { return (uint32_t)__builtin_popcount(n->bitfield & ((1u << slot) - 1u)); }

static void insert_ptr(kamt_node *n, uint32_t slot, kamt_ptr *p) {
    uint32_t at = rank(n, slot);
    for (uint32_t i = n->count; i > at; i--) n->ptrs[i] = n->ptrs[i - 1];
    n->ptrs[at] = p;
    n->count++;
    n->bitfield |= 1u << slot;
}

static void remove_ptr(kamt_node *n, uint32_t slot) {
    uint32_t at = rank(n, slot);
    for (uint32_t i = at; i + 1 < n->count; i++) n->ptrs[i] = n->ptrs[i + 1];
    n->count--;
    n->bitfield &= ~(1u << slot);
}

static kamt_ptr *new_pair(const uint8_t *key, const uint8_t *value) {
    kamt_ptr *p = cairn_alloc_zeroed(sizeof(kamt_ptr));
    memcpy(p->key, key, 32);
    memcpy(p->value, value, 32);
    return p;
}

/* ---- CBOR */

void evm_cbor_put_u256(cairn_buf *b, const uint8_t word[32]) {
    uint32_t skip = 0;
    while (skip < 32 && word[skip] == 0) skip++;
    cairn_cbor_put_bytes(b, word + skip, 32 - skip);
}

int evm_cbor_get_u256(cairn_cbor *r, uint8_t word[32]) {
    const uint8_t *data;
    uint32_t len;
    if (!cairn_cbor_get_bytes(r, &data, &len)) return 0;
    if (len > 32) { r->ok = 0; return 0; }
    memset(word, 0, 32);
    memcpy(word + 32 - len, data, len);
    return 1;
}

static void decode_ptr(cairn_cbor *r, kamt_node *n, uint32_t slot) {
    uint32_t entries, count;
    const char *tag;
    uint32_t tag_len;
    kamt_ptr *p = cairn_alloc_zeroed(sizeof(kamt_ptr));
    if (!cairn_cbor_get_map(r, &entries) || entries != 1 || !cairn_cbor_get_text(r, &tag, &tag_len) || tag_len != 1) bad_node();
    if (tag[0] == 'v') {
        uint32_t pair;
        if (!cairn_cbor_get_array(r, &count) || count != 1 || !cairn_cbor_get_array(r, &pair) || pair != 2) bad_node();
        if (!evm_cbor_get_u256(r, p->key) || !evm_cbor_get_u256(r, p->value)) bad_node();
    } else if (tag[0] == 'l') {
        uint64_t consumed;
        const uint8_t *path;
        uint32_t path_len;
        if (!cairn_cbor_get_array(r, &count) || count != 3 || !cairn_cbor_get_cid(r, &p->cid)) bad_node();
        if (!cairn_cbor_get_uint(r, &consumed) || consumed > 250 || consumed % BIT_WIDTH) bad_node();
        if (!cairn_cbor_get_bytes(r, &path, &path_len) || path_len != (consumed + 7) / 8) bad_node();
        p->is_link = 1;
        p->ext_bits = (uint32_t)consumed;
        take_bits(p->ext, path, 0, p->ext_bits);
    } else {
        bad_node();
    }
    insert_ptr(n, slot, p);
}

static kamt_node *load_node(const cairn_cid *cid) {
    uint8_t *data;
    uint32_t len, count, bits_len;
    const uint8_t *bits;
    cairn_block_get(cid, &data, &len);
    cairn_cbor r;
    cairn_cbor_init(&r, data, len);
    if (!cairn_cbor_get_array(&r, &count) || count != 2) bad_node();
    if (!cairn_cbor_get_bytes(&r, &bits, &bits_len) || bits_len > 4 || (bits_len && bits[0] == 0)) bad_node();
    uint32_t bitfield = 0;
    for (uint32_t i = 0; i < bits_len; i++) bitfield = bitfield << 8 | bits[i];
    if (!cairn_cbor_get_array(&r, &count) || count != (uint32_t)__builtin_popcount(bitfield)) bad_node();
    kamt_node *n = new_node();
    for (uint32_t slot = 0; slot < 32; slot++)
        if (bitfield >> slot & 1u) decode_ptr(&r, n, slot);
    if (!cairn_cbor_done(&r)) bad_node();
    return n;
}

static void encode_node(const kamt_node *n, cairn_buf *b) {
    uint8_t bits[4];
    uint32_t skip = 0;
    for (uint32_t i = 0; i < 4; i++) bits[i] = (uint8_t)(n->bitfield >> (24 - 8 * i));
    while (skip < 4 && bits[skip] == 0) skip++;
    cairn_cbor_put_array(b, 2);
    cairn_cbor_put_bytes(b, bits + skip, 4 - skip);
    cairn_cbor_put_array(b, n->count);
    for (uint32_t i = 0; i < n->count; i++) {
        const kamt_ptr *p = n->ptrs[i];
        cairn_cbor_put_map(b, 1);
        if (p->is_link) {
            cairn_cbor_put_text(b, "l", 1);
            cairn_cbor_put_array(b, 3);
            cairn_cbor_put_cid(b, &p->cid);
            cairn_cbor_put_uint(b, p->ext_bits);
            cairn_cbor_put_bytes(b, p->ext, (p->ext_bits + 7) / 8);
        } else {
            cairn_cbor_put_text(b, "v", 1);
            cairn_cbor_put_array(b, 1);
            cairn_cbor_put_array(b, 2);
            evm_cbor_put_u256(b, p->key);
            evm_cbor_put_u256(b, p->value);
        }
    }
}

static kamt_node *child_of(kamt_ptr *p) {
    if (!p->child) p->child = load_node(&p->cid);
    return p->child;
}

/* ---- get, set, delete */

/* How many bits of the link's extension the key matches at `pos`, a chunk at a time. */
static uint32_t ext_match(const kamt_ptr *p, const uint8_t *key, uint32_t pos) {
    uint32_t m = 0;
    while (m < p->ext_bits && bits_at(key, pos + m, BIT_WIDTH) == bits_at(p->ext, m, BIT_WIDTH)) m += BIT_WIDTH;
    return m;
}

static int node_get(kamt_node *n, const uint8_t *key, uint8_t *value, uint32_t pos) {
    for (;;) {
        uint32_t slot = key_chunk(key, pos), next = pos + chunk_width(pos);
        if (!(n->bitfield >> slot & 1u)) return 0;
        kamt_ptr *p = n->ptrs[rank(n, slot)];
        if (!p->is_link) {
            if (memcmp(p->key, key, 32) != 0) return 0;
            memcpy(value, p->value, 32);
            return 1;
        }
        if (ext_match(p, key, next) != p->ext_bits) return 0;
        n = child_of(p);
        pos = next + p->ext_bits;
    }
}

/* Turns the bucket `p` (holding another key) into a link to a node holding both keys, below
 * their longest common run of whole chunks. */
static void split_pair(kamt_ptr *p, const uint8_t *key, const uint8_t *value, uint32_t next) {
    kamt_ptr *old = new_pair(p->key, p->value);
    uint32_t ext = 0;
    while (next + ext < KEY_BITS && key_chunk(key, next + ext) == key_chunk(old->key, next + ext)) ext += chunk_width(next + ext);
    kamt_node *child = new_node();
    insert_ptr(child, key_chunk(old->key, next + ext), old);
    insert_ptr(child, key_chunk(key, next + ext), new_pair(key, value));
    memset(p, 0, sizeof *p);
    p->is_link = 1;
    p->child = child;
    p->dirty = 1;
    p->ext_bits = ext;
    take_bits(p->ext, key, next, ext);
}

/* The key leaves the link's extension after `m` bits: a new node there holds the key and a
 * link to the old child with the rest of the extension. */
static void split_link(kamt_ptr *p, const uint8_t *key, const uint8_t *value, uint32_t next, uint32_t m) {
    kamt_ptr *tail = cairn_alloc_zeroed(sizeof(kamt_ptr));
    tail->is_link = 1;
    tail->cid = p->cid;
    tail->child = p->child;
    tail->dirty = p->dirty;
    tail->ext_bits = p->ext_bits - m - BIT_WIDTH;
    take_bits(tail->ext, p->ext, m + BIT_WIDTH, tail->ext_bits);
    kamt_node *mid = new_node();
    insert_ptr(mid, bits_at(p->ext, m, BIT_WIDTH), tail);
    insert_ptr(mid, key_chunk(key, next + m), new_pair(key, value));
    uint8_t head[32];
    take_bits(head, p->ext, 0, m);
    memcpy(p->ext, head, 32);
    p->ext_bits = m;
    p->child = mid;
    p->dirty = 1;
}

static int node_set(kamt_node *n, const uint8_t *key, const uint8_t *value, uint32_t pos) {
    uint32_t slot = key_chunk(key, pos), next = pos + chunk_width(pos);
    if (!(n->bitfield >> slot & 1u)) {
        insert_ptr(n, slot, new_pair(key, value));
        return 1;
    }
    kamt_ptr *p = n->ptrs[rank(n, slot)];
    if (!p->is_link) {
        if (memcmp(p->key, key, 32) == 0) {
            if (memcmp(p->value, value, 32) == 0) return 0;
            memcpy(p->value, value, 32);
            return 1;
        }
        split_pair(p, key, value, next);
        return 1;
    }
    uint32_t m = ext_match(p, key, next);
    if (m < p->ext_bits) {
        split_link(p, key, value, next, m);
        return 1;
    }
    if (!node_set(child_of(p), key, value, next + p->ext_bits)) return 0;
    p->dirty = 1;
    return 1;
}

/* After a delete below `p`: a child left with one pointer is folded into `p` (its pair moves
 * up, or its link is joined to `p`'s extension), so the shape stays canonical. */
static void clean(kamt_ptr *p) {
    kamt_node *c = p->child;
    if (c->count != 1) return;
    kamt_ptr *only = c->ptrs[0];
    if (!only->is_link) {
        kamt_ptr pair = *only;
        *p = pair;
        return;
    }
    uint32_t slot = (uint32_t)__builtin_ctz(c->bitfield);
    uint8_t ext[32], slot_bits[1] = {(uint8_t)(slot << (8 - BIT_WIDTH))};
    uint32_t len = 0;
    memset(ext, 0, sizeof ext);
    append_bits(ext, &len, p->ext, 0, p->ext_bits);
    append_bits(ext, &len, slot_bits, 0, BIT_WIDTH);
    append_bits(ext, &len, only->ext, 0, only->ext_bits);
    *p = *only;
    memcpy(p->ext, ext, 32);
    p->ext_bits = len;
}

static int node_delete(kamt_node *n, const uint8_t *key, uint32_t pos) {
    uint32_t slot = key_chunk(key, pos), next = pos + chunk_width(pos);
    if (!(n->bitfield >> slot & 1u)) return 0;
    kamt_ptr *p = n->ptrs[rank(n, slot)];
    if (!p->is_link) {
        if (memcmp(p->key, key, 32) != 0) return 0;
        remove_ptr(n, slot);
        return 1;
    }
    if (ext_match(p, key, next) != p->ext_bits) return 0;
    if (!node_delete(child_of(p), key, next + p->ext_bits)) return 0;
    p->dirty = 1;
    clean(p);
    return 1;
}

/* ---- the map */

void kamt_new(kamt *k) {
    k->root = new_node();
    k->dirty = 1;
    k->has_root_cid = 0;
}

void kamt_load(kamt *k, const cairn_cid *root) {
    k->root = load_node(root);
    k->root_cid = *root;
    k->has_root_cid = 1;
    k->dirty = 0;
}

int kamt_get(kamt *k, const uint8_t key[32], uint8_t value[32]) {
    memset(value, 0, 32);
    return node_get(k->root, key, value, 0);
}

int kamt_set(kamt *k, const uint8_t key[32], const uint8_t value[32]) {
    int changed = node_set(k->root, key, value, 0);
    if (changed) k->dirty = 1;
    return changed;
}

int kamt_delete(kamt *k, const uint8_t key[32]) {
    int changed = node_delete(k->root, key, 0);
    if (changed) k->dirty = 1;
    return changed;
}

static void put_node(const kamt_node *n, cairn_cid *cid) {
    cairn_buf b;
    cairn_buf_init(&b, 64 + 80 * n->count);
    encode_node(n, &b);
    cairn_block_put(CAIRN_CODEC_DAG_CBOR, b.data, b.len, cid);
}

static void flush_children(kamt_node *n) {
    for (uint32_t i = 0; i < n->count; i++) {
        kamt_ptr *p = n->ptrs[i];
        if (!p->is_link || !p->dirty) continue;
        flush_children(p->child);
        put_node(p->child, &p->cid);
        p->dirty = 0;
    }
}

void kamt_flush(kamt *k, cairn_cid *root) {
    if (k->dirty || !k->has_root_cid) {
        flush_children(k->root);
        put_node(k->root, &k->root_cid);
        k->has_root_cid = 1;
        k->dirty = 0;
    }
    *root = k->root_cid;
}
