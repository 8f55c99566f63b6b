/* A Filecoin HAMT (go-hamt-ipld v3 / fvm_ipld_hamt), readable by CairnIPLD's HAMT, ref-fvm and
 * Lotus: node = [bitfield bytes, [pointer...]], pointer = link (CID) or bucket [[key, value]...]
 * sorted by key, at most 3 entries per bucket; key hashed with SHA-256 (or taken as-is:
 * `identity`), hash bits consumed most significant first, `bit_width` at a time. Nodes are
 * stored as DAG-CBOR blocks named by blake2b-256. Get, set and delete; delete collapses a child
 * back into a bucket as go-hamt-ipld does, so the shape depends only on the contents. */
#ifndef CAIRN_HAMT_H
#define CAIRN_HAMT_H

#include <stdint.h>
#include "cairn/ipld.h"

typedef struct cairn_hamt_node cairn_hamt_node;

typedef struct cairn_hamt {
    cairn_hamt_node *root;
    uint32_t bit_width;
    int identity_hash;   /* set to 1 after new/load for identity-keyed maps (the KAMT's hashing) */
    int has_root_cid;    /* root_cid names the root as loaded or last flushed */
    cairn_cid root_cid;
    /* The last key hashed and its digest: a get then a set of one key hash it once. */
    uint32_t cached_key_len; /* 0: nothing cached */
    uint8_t cached_key[32];
    uint8_t cached_digest[32];
} cairn_hamt;

/* An empty HAMT. Filecoin's actor maps use bit width 5. */
void cairn_hamt_new(cairn_hamt *h, uint32_t bit_width);
/* The HAMT whose root node is the block `root` (must be reachable). */
void cairn_hamt_load(cairn_hamt *h, const cairn_cid *root, uint32_t bit_width);
/* Finds `key`: 1 and a view of the value's DAG-CBOR encoding if present, else 0. */
int cairn_hamt_get(cairn_hamt *h, const uint8_t *key, uint32_t key_len, const uint8_t **value, uint32_t *value_len);
/* Sets `key` to a DAG-CBOR encoded value (copied). Returns 1 if the map changed. */
int cairn_hamt_set(cairn_hamt *h, const uint8_t *key, uint32_t key_len, const uint8_t *value, uint32_t value_len);
/* Removes `key`. Returns 1 if it was present. */
int cairn_hamt_delete(cairn_hamt *h, const uint8_t *key, uint32_t key_len);
/* Writes every changed node and the root and gives the root's CID; writes nothing when
 * nothing changed since the HAMT was loaded or last flushed. */
void cairn_hamt_flush(cairn_hamt *h, cairn_cid *root);

#endif
