#include "cairn/hamt.h"
#include "cairn/actor.h"
#include "cairn/cbor.h"
#include "cairn/mem.h"

#define BUCKET_SIZE 3u

typedef struct kv {
    const uint8_t *key;
    uint32_t key_len;
    const uint8_t *value;
    uint32_t value_len;
} kv;

/* A pointer: a link to a child node (loaded on first use) or a bucket of key-value pairs. */
typedef struct pointer {
    int is_link;
    cairn_cid link;
    cairn_hamt_node *child;
    uint32_t count;
    kv entries[BUCKET_SIZE + 1];
} pointer;

struct cairn_hamt_node {
    uint8_t bitfield[32]; /* bit i set <=> slot i occupied; bit i is bitfield[i / 8] & (1 << i % 8) */
    uint32_t count;
    pointer **pointers; /* in slot order; capacity 2^bit_width */
    int dirty;
};

static cairn_hamt_node *new_node(uint32_t bit_width) {
    cairn_hamt_node *n = cairn_alloc_zeroed(sizeof(cairn_hamt_node));
    n->pointers = cairn_alloc_zeroed(sizeof(pointer *) << bit_width);
    return n;
}

static int bit_is_set(const cairn_hamt_node *n, uint32_t i) { return (n->bitfield[i / 8] >> (i % 8)) & 1; }

/* Occupied slots below `i`: the index of slot i's pointer. */
static uint32_t rank(const cairn_hamt_node *n, uint32_t i) {
    uint32_t r = 0;
    for (uint32_t b = 0; b < i; b++) r += bit_is_set(n, b);
    return r;
}

static int compare_keys(const uint8_t *a, uint32_t a_len, const uint8_t *b, uint32_t b_len) {
    uint32_t n = a_len < b_len ? a_len : b_len;
    int c = memcmp(a, b, n);
    if (c) return c;
    return a_len < b_len ? -1 : a_len > b_len ? 1 : 0;
}

/* ---- decoding a stored node */

static void bad_node(void) { cairn_abort(CAIRN_USR_ILLEGAL_STATE, "malformed HAMT node"); }

static void decode_bucket(cairn_cbor *r, pointer *p) {
    uint32_t n;
    if (!cairn_cbor_get_array(r, &n) || n == 0 || n > BUCKET_SIZE) bad_node();
    p->count = n;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t pair;
        kv *e = &p->entries[i];
        if (!cairn_cbor_get_array(r, &pair) || pair != 2) bad_node();
        if (!cairn_cbor_get_bytes(r, &e->key, &e->key_len)) bad_node();
        if (!cairn_cbor_skip(r, &e->value, &e->value_len)) bad_node();
    }
}

static cairn_hamt_node *load_node(const cairn_cid *cid, uint32_t bit_width) {
    uint8_t *data;
    uint32_t len;
    cairn_block_get(cid, &data, &len);
    cairn_cbor r;
    cairn_cbor_init(&r, data, len);
    cairn_hamt_node *node = new_node(bit_width);
    uint32_t fields, count, bits_len;
    const uint8_t *bits;
    if (!cairn_cbor_get_array(&r, &fields) || fields != 2) bad_node();
    if (!cairn_cbor_get_bytes(&r, &bits, &bits_len) || bits_len > 32) bad_node();
    /* Big-endian bytes of the bitfield number: the last byte holds bits 0-7. */
    for (uint32_t i = 0; i < bits_len; i++) node->bitfield[bits_len - 1 - i] = bits[i];
    uint32_t set = 0;
    for (uint32_t i = 0; i < 256; i++) {
        if (bit_is_set(node, i) && i >= (1u << bit_width)) bad_node();
        set += bit_is_set(node, i);
    }
    if (!cairn_cbor_get_array(&r, &count) || count != set) bad_node();
    for (uint32_t i = 0; i < count; i++) {
        pointer *p = cairn_alloc_zeroed(sizeof(pointer));
        if (cairn_cbor_peek(&r) == CAIRN_CBOR_TAG) {
            p->is_link = 1;
            if (!cairn_cbor_get_cid(&r, &p->link)) bad_node();
        } else {
            decode_bucket(&r, p);
        }
        node->pointers[i] = p;
    }
    node->count = count;
    if (!cairn_cbor_done(&r)) bad_node();
    return node;
}

/* ---- hashing */

typedef struct digest {
    uint8_t bytes[32];
} digest;

static digest hash_key(cairn_hamt *h, const uint8_t *key, uint32_t key_len) {
    digest d;
    memset(d.bytes, 0, sizeof d.bytes);
    if (h->identity_hash) {
        memcpy(d.bytes, key, key_len < 32 ? key_len : 32);
        return d;
    }
    if (key_len > 0 && key_len == h->cached_key_len && memcmp(key, h->cached_key, key_len) == 0) {
        memcpy(d.bytes, h->cached_digest, 32);
        return d;
    }
    uint32_t written;
    int32_t err = cairn_sys_crypto_hash(&written, CAIRN_HASH_SHA2_256, key, key_len, d.bytes, 32);
    if (err || written != 32) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "crypto.hash failed", err);
    if (key_len > 0 && key_len <= sizeof h->cached_key) {
        memcpy(h->cached_key, key, key_len);
        memcpy(h->cached_digest, d.bytes, 32);
        h->cached_key_len = key_len;
    }
    return d;
}

/* The slot index at `depth`: bits [depth*w, depth*w + w) of the digest, most significant first. */
static uint32_t slot_at(const digest *d, uint32_t depth, uint32_t width) {
    uint32_t first = depth * width;
    if (first + width > 256) cairn_abort(CAIRN_USR_ILLEGAL_STATE, "HAMT too deep");
    uint32_t index = 0;
    for (uint32_t b = first; b < first + width; b++) index = (index << 1) | ((d->bytes[b / 8] >> (7 - b % 8)) & 1);
    return index;
}

static cairn_hamt_node *child_of(cairn_hamt *h, pointer *p) {
    if (!p->child) p->child = load_node(&p->link, h->bit_width);
    return p->child;
}

/* ---- get */

int cairn_hamt_get(cairn_hamt *h, const uint8_t *key, uint32_t key_len, const uint8_t **value, uint32_t *value_len) {
    digest d = hash_key(h, key, key_len);
    cairn_hamt_node *node = h->root;
    for (uint32_t depth = 0;; depth++) {
        uint32_t slot = slot_at(&d, depth, h->bit_width);
        if (!bit_is_set(node, slot)) return 0;
        pointer *p = node->pointers[rank(node, slot)];
        if (p->is_link) {
            node = child_of(h, p);
            continue;
        }
        for (uint32_t i = 0; i < p->count; i++) {
            if (compare_keys(p->entries[i].key, p->entries[i].key_len, key, key_len) == 0) {
                *value = p->entries[i].value;
                *value_len = p->entries[i].value_len;
                return 1;
            }
        }
        return 0;
    }
}

/* ---- set */

static int set_in(cairn_hamt *h, cairn_hamt_node *node, const digest *d, uint32_t depth, const kv *entry);

static void insert_pointer(cairn_hamt_node *node, uint32_t slot, pointer *p) {
    uint32_t at = rank(node, slot);
    for (uint32_t i = node->count; i > at; i--) node->pointers[i] = node->pointers[i - 1];
    node->pointers[at] = p;
    node->count++;
    node->bitfield[slot / 8] |= (uint8_t)(1u << (slot % 8));
}

/* A full bucket with one more entry becomes a child node holding all four, one level down. */
static void split_bucket(cairn_hamt *h, pointer *p, uint32_t depth, const kv *entry) {
    cairn_hamt_node *child = new_node(h->bit_width);
    for (uint32_t i = 0; i < p->count; i++) {
        digest d = hash_key(h, p->entries[i].key, p->entries[i].key_len);
        set_in(h, child, &d, depth + 1, &p->entries[i]);
    }
    digest d = hash_key(h, entry->key, entry->key_len);
    set_in(h, child, &d, depth + 1, entry);
    p->is_link = 1;
    p->child = child;
    p->count = 0;
}

static int set_in_bucket(cairn_hamt *h, pointer *p, uint32_t depth, const kv *entry) {
    uint32_t at = 0;
    for (; at < p->count; at++) {
        int c = compare_keys(p->entries[at].key, p->entries[at].key_len, entry->key, entry->key_len);
        if (c == 0) {
            kv *old = &p->entries[at];
            if (old->value_len == entry->value_len && memcmp(old->value, entry->value, entry->value_len) == 0) return 0;
            old->value = entry->value;
            old->value_len = entry->value_len;
            return 1;
        }
        if (c > 0) break;
    }
    if (p->count < BUCKET_SIZE) {
        for (uint32_t i = p->count; i > at; i--) p->entries[i] = p->entries[i - 1];
        p->entries[at] = *entry;
        p->count++;
        return 1;
    }
    split_bucket(h, p, depth, entry);
    return 1;
}

static int set_in(cairn_hamt *h, cairn_hamt_node *node, const digest *d, uint32_t depth, const kv *entry) {
    uint32_t slot = slot_at(d, depth, h->bit_width);
    int changed;
    if (!bit_is_set(node, slot)) {
        pointer *p = cairn_alloc_zeroed(sizeof(pointer));
        p->count = 1;
        p->entries[0] = *entry;
        insert_pointer(node, slot, p);
        changed = 1;
    } else {
        pointer *p = node->pointers[rank(node, slot)];
        if (p->is_link) changed = set_in(h, child_of(h, p), d, depth + 1, entry);
        else changed = set_in_bucket(h, p, depth, entry);
    }
    if (changed) node->dirty = 1;
    return changed;
}

int cairn_hamt_set(cairn_hamt *h, const uint8_t *key, uint32_t key_len, const uint8_t *value, uint32_t value_len) {
    kv entry = {cairn_dup(key, key_len), key_len, cairn_dup(value, value_len), value_len};
    digest d = hash_key(h, key, key_len);
    return set_in(h, h->root, &d, 0, &entry);
}

/* ---- delete */

/* After a delete below it, a child with a single bucket, or with only buckets holding at most
 * BUCKET_SIZE entries in all, becomes a (key-sorted) bucket in its parent again. */
static void collapse(pointer *p) {
    cairn_hamt_node *child = p->child;
    uint32_t total = 0;
    if (child->count == 1 && child->pointers[0]->is_link) return;
    for (uint32_t i = 0; i < child->count; i++) {
        if (child->pointers[i]->is_link) return;
        total += child->pointers[i]->count;
    }
    if (total > BUCKET_SIZE) return;
    kv entries[BUCKET_SIZE];
    uint32_t n = 0;
    for (uint32_t i = 0; i < child->count; i++) {
        for (uint32_t j = 0; j < child->pointers[i]->count; j++) entries[n++] = child->pointers[i]->entries[j];
    }
    for (uint32_t i = 1; i < n; i++) { /* insertion sort by key */
        kv e = entries[i];
        uint32_t j = i;
        while (j > 0 && compare_keys(entries[j - 1].key, entries[j - 1].key_len, e.key, e.key_len) > 0) {
            entries[j] = entries[j - 1];
            j--;
        }
        entries[j] = e;
    }
    p->is_link = 0;
    p->child = 0;
    p->count = n;
    for (uint32_t i = 0; i < n; i++) p->entries[i] = entries[i];
}

static void remove_pointer(cairn_hamt_node *node, uint32_t slot, uint32_t at) {
    for (uint32_t i = at; i + 1 < node->count; i++) node->pointers[i] = node->pointers[i + 1];
    node->count--;
    node->bitfield[slot / 8] &= (uint8_t)~(1u << (slot % 8));
}

static int delete_in(cairn_hamt *h, cairn_hamt_node *node, const digest *d, uint32_t depth, const uint8_t *key,
                     uint32_t key_len) {
    uint32_t slot = slot_at(d, depth, h->bit_width);
    if (!bit_is_set(node, slot)) return 0;
    uint32_t at = rank(node, slot);
    pointer *p = node->pointers[at];
    if (p->is_link) {
        if (!delete_in(h, child_of(h, p), d, depth + 1, key, key_len)) return 0;
        collapse(p);
        node->dirty = 1;
        return 1;
    }
    for (uint32_t i = 0; i < p->count; i++) {
        if (compare_keys(p->entries[i].key, p->entries[i].key_len, key, key_len) != 0) continue;
        for (uint32_t j = i; j + 1 < p->count; j++) p->entries[j] = p->entries[j + 1];
        p->count--;
        if (p->count == 0) remove_pointer(node, slot, at);
        node->dirty = 1;
        return 1;
    }
    return 0;
}

int cairn_hamt_delete(cairn_hamt *h, const uint8_t *key, uint32_t key_len) {
    digest d = hash_key(h, key, key_len);
    return delete_in(h, h->root, &d, 0, key, key_len);
}

/* ---- flush */

static void encode_node(cairn_hamt_node *node, cairn_buf *out) {
    uint32_t first = 32;
    for (uint32_t i = 0; i < 32; i++) {
        if (node->bitfield[31 - i]) {
            first = i;
            break;
        }
    }
    uint8_t bits[32];
    uint32_t bits_len = 32 - first;
    for (uint32_t i = 0; i < bits_len; i++) bits[i] = node->bitfield[bits_len - 1 - i];
    cairn_cbor_put_array(out, 2);
    cairn_cbor_put_bytes(out, bits, bits_len);
    cairn_cbor_put_array(out, node->count);
    for (uint32_t i = 0; i < node->count; i++) {
        pointer *p = node->pointers[i];
        if (p->is_link) {
            cairn_cbor_put_cid(out, &p->link);
            continue;
        }
        cairn_cbor_put_array(out, p->count);
        for (uint32_t j = 0; j < p->count; j++) {
            cairn_cbor_put_array(out, 2);
            cairn_cbor_put_bytes(out, p->entries[j].key, p->entries[j].key_len);
            cairn_cbor_put_raw(out, p->entries[j].value, p->entries[j].value_len);
        }
    }
}

static void flush_node(cairn_hamt_node *node, cairn_cid *cid) {
    for (uint32_t i = 0; i < node->count; i++) {
        pointer *p = node->pointers[i];
        if (p->is_link && p->child && p->child->dirty) flush_node(p->child, &p->link);
    }
    cairn_buf out;
    cairn_buf_init(&out, 256);
    encode_node(node, &out);
    cairn_block_put(CAIRN_CODEC_DAG_CBOR, out.data, out.len, cid);
    node->dirty = 0;
}

void cairn_hamt_flush(cairn_hamt *h, cairn_cid *root) {
    if (!h->has_root_cid || h->root->dirty) {
        flush_node(h->root, &h->root_cid);
        h->has_root_cid = 1;
    }
    *root = h->root_cid;
}

void cairn_hamt_new(cairn_hamt *h, uint32_t bit_width) {
    if (bit_width < 1 || bit_width > 8) cairn_abort(CAIRN_USR_ASSERTION_FAILED, "HAMT bit width must be 1...8");
    h->bit_width = bit_width;
    h->identity_hash = 0;
    h->cached_key_len = 0;
    h->has_root_cid = 0;
    h->root = new_node(bit_width);
    h->root->dirty = 1;
}

void cairn_hamt_load(cairn_hamt *h, const cairn_cid *root, uint32_t bit_width) {
    if (bit_width < 1 || bit_width > 8) cairn_abort(CAIRN_USR_ASSERTION_FAILED, "HAMT bit width must be 1...8");
    h->bit_width = bit_width;
    h->identity_hash = 0;
    h->cached_key_len = 0;
    h->root = load_node(root, bit_width);
    h->has_root_cid = 1;
    h->root_cid = *root;
}
