/* Ethereum addresses of actors and back (docs/evm.md, "Addresses"): an actor with an f4
 * address in the EAM's namespace (10) is its 20-byte subaddress; any other is the masked ID
 * address 0xff || 11 zero bytes || its ID, big-endian. */
#include "actor.h"

static int is_masked_id(const uint8_t eth[20]) {
    if (eth[0] != 0xff) return 0;
    for (int i = 1; i < 12; i++)
        if (eth[i]) return 0;
    return 1;
}

static uint64_t masked_id(const uint8_t eth[20]) {
    uint64_t id = 0;
    for (int i = 12; i < 20; i++) id = id << 8 | eth[i];
    return id;
}

void evm_eth_address_of(uint64_t id, uint8_t out[20]) {
    uint8_t addr[CAIRN_MAX_ADDRESS_LEN];
    uint32_t len = 0;
    if (cairn_sys_actor_lookup_delegated_address(&len, id, addr, sizeof addr) == 0 && len == 22 && addr[0] == 4 &&
        addr[1] == EVM_ADDRESS_NAMESPACE) {
        memcpy(out, addr + 2, 20);
        return;
    }
    memset(out, 0, 20);
    out[0] = 0xff;
    for (int i = 0; i < 8; i++) out[19 - i] = (uint8_t)(id >> (8 * i));
}

uint32_t evm_fil_address(const uint8_t eth[20], uint8_t out[32]) {
    if (is_masked_id(eth)) return cairn_id_address(masked_id(eth), out);
    out[0] = 4;
    out[1] = EVM_ADDRESS_NAMESPACE;
    memcpy(out + 2, eth, 20);
    return 22;
}

int evm_resolve(const uint8_t eth[20], uint64_t *id) {
    uint8_t addr[32];
    uint32_t len = evm_fil_address(eth, addr);
    return cairn_resolve_address(addr, len, id);
}

int evm_actor_type(uint64_t id) {
    uint8_t cid[CAIRN_MAX_CID_LEN];
    uint32_t len;
    int32_t type = 0;
    if (cairn_sys_actor_get_actor_code_cid(&len, id, cid, sizeof cid) != 0) return 0;
    if (cairn_sys_actor_get_builtin_actor_type(&type, cid) != 0) return 0;
    return type;
}

int evm_word_to_token(const uint8_t word[32], cairn_u128 *out) {
    for (int i = 0; i < 16; i++)
        if (word[i]) return 0;
    cairn_u128_parts p;
    for (int i = 0; i < 16; i++) p.bytes[i] = word[31 - i];
    *out = p.value;
    return 1;
}

void evm_token_to_word(cairn_u128 v, uint8_t out[32]) {
    cairn_u128_parts p;
    p.value = v;
    memset(out, 0, 32);
    for (int i = 0; i < 16; i++) out[31 - i] = p.bytes[i];
}

uint64_t evm_message_origin(void) { return cairn_message()->origin; }

uint64_t evm_message_nonce(void) { return cairn_message()->nonce; }
