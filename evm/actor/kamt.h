/* The EVM actor's storage map: a KAMT (ref-fvm's fvm_ipld_kamt) of 32-byte keys to 32-byte
 * values under FEVM's configuration: bit width 5, minimum data depth 0, at most one key-value
 * pair per bucket, keys used as their own hash (the big-endian slot number), links that skip
 * runs of levels where every key agrees ("extensions"). The node format is in docs/evm.md,
 * "Contract storage (KAMT)". Nodes are DAG-CBOR blocks named by blake2b-256; the shape depends
 * only on the contents, so the root CID is the same whatever the order of sets and deletes. */
#ifndef CAIRN_EVM_KAMT_H
#define CAIRN_EVM_KAMT_H
#include <stdint.h>
#include "cairn/ipld.h"
#include "cairn/cbor.h"

typedef struct kamt_node kamt_node;

typedef struct kamt {
    kamt_node *root;
    int dirty;          /* changed since loaded or last flushed */
    cairn_cid root_cid; /* valid when !dirty and has_root_cid */
    int has_root_cid;
} kamt;

/* An empty map. */
void kamt_new(kamt *k);
/* The map whose root node is the block `root` (must be reachable). */
void kamt_load(kamt *k, const cairn_cid *root);
/* Writes the value of `key` into `value` (zero when absent); 1 if present. */
int kamt_get(kamt *k, const uint8_t key[32], uint8_t value[32]);
/* Sets `key` to a non-zero `value`; 1 if the map changed. */
int kamt_set(kamt *k, const uint8_t key[32], const uint8_t value[32]);
/* Removes `key`; 1 if it was present. */
int kamt_delete(kamt *k, const uint8_t key[32]);
/* Writes every changed node and gives the root's CID (nothing is written when unchanged). */
void kamt_flush(kamt *k, cairn_cid *root);

/* U256 in CBOR as FEVM writes it: a byte string, big-endian, leading zero bytes stripped. */
void evm_cbor_put_u256(cairn_buf *b, const uint8_t word[32]);
/* Reads such a byte string (at most 32 bytes) into a 32-byte word; 0 when malformed. */
int evm_cbor_get_u256(cairn_cbor *r, uint8_t word[32]);
#endif
