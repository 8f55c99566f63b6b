/* IPLD blocks for actors: CIDs in memory, putting and getting blocks through the ipld syscalls.
 * The helpers abort on a syscall error: data that does not decode as its codec says with
 * USR_SERIALIZATION (21), an unknown codec with USR_ILLEGAL_ARGUMENT (16), anything else with
 * USR_ILLEGAL_STATE (20). */
#ifndef CAIRN_IPLD_H
#define CAIRN_IPLD_H

#include <stdint.h>

#define CAIRN_MAX_CID_LEN 100u
#define CAIRN_CODEC_DAG_CBOR 0x71u
#define CAIRN_CODEC_RAW 0x55u
#define CAIRN_HASH_SHA2_256 0x12u
#define CAIRN_HASH_KECCAK_256 0x1bu
#define CAIRN_HASH_BLAKE2B_256 0xb220u

/* A binary CID (version, codec, multihash). */
typedef struct cairn_cid {
    uint32_t len;
    uint8_t bytes[CAIRN_MAX_CID_LEN];
} cairn_cid;

int cairn_cid_equal(const cairn_cid *a, const cairn_cid *b);

/* Creates a block and links it with blake2b-256 (as state is named), writing its CID; returns
 * the block's handle. */
uint32_t cairn_block_put(uint64_t codec, const uint8_t *data, uint32_t len, cairn_cid *cid);
/* Creates a block without linking it; returns its handle (for parameters and return values). */
uint32_t cairn_block_create(uint64_t codec, const uint8_t *data, uint32_t len);
/* Reads a whole block, by handle, into a new allocation. Handle 0 gives an empty block. */
void cairn_block_read_all(uint32_t handle, uint8_t **data, uint32_t *len);
/* Opens a reachable block by CID and reads it whole. */
void cairn_block_get(const cairn_cid *cid, uint8_t **data, uint32_t *len);

#endif
