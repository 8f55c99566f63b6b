/* The actor's state (builtin-actors' evm::State, a tuple):
 *   [bytecode: CID, bytecode_hash: bytes(32), contract_state: CID (KAMT root),
 *    transient_data: null | [transient_state: CID, [origin, nonce]], nonce, tombstone: null | [origin, nonce]]
 * Storage slots go through a cache for the invocation: the first access of a slot reads it from
 * the KAMT (and remembers its value at the invocation's start, SSTORE's "original"), writes
 * stay in the cache until the state is saved (at the end of a successful frame, and before
 * every call out, so that a call re-entering this actor sees them). */
#include "actor.h"

evm_state evm_actor;

/* ---- the slot cache */

typedef struct slot {
    uint8_t key[32], current[32], original[32];
    int loaded; /* current is valid (a reload clears it) */
    int warm, dirty;
} slot;

/* An open-addressing table of the slots touched, doubled when half full (a loop may touch
 * hundreds of thousands of slots before it runs out of gas). */
static slot **slots;
static uint32_t slot_capacity, slot_count;
static int reloaded;              /* the storage KAMT was reloaded: originals come from start_storage */
static cairn_cid start_storage_root;
static kamt start_storage;
static int start_storage_loaded;

static uint32_t slot_hash(const uint8_t key[32]) {
    uint64_t h = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 32; i += 8) {
        uint64_t w = 0;
        for (int j = 0; j < 8; j++) w = w << 8 | key[i + j];
        h = (h ^ w) * 0xff51afd7ed558ccdull;
    }
    return (uint32_t)(h >> 32);
}

static void slot_insert(slot *s) {
    uint32_t i = slot_hash(s->key) & (slot_capacity - 1);
    while (slots[i]) i = (i + 1) & (slot_capacity - 1);
    slots[i] = s;
}

static void grow_slots(void) {
    slot **old = slots;
    uint32_t old_capacity = slot_capacity;
    slot_capacity = old_capacity ? old_capacity * 2 : 256;
    slots = cairn_alloc_zeroed(sizeof(slot *) * slot_capacity);
    for (uint32_t i = 0; i < old_capacity; i++)
        if (old[i]) slot_insert(old[i]);
}

static slot *find_slot(const uint8_t key[32]) {
    if (slot_capacity) {
        for (uint32_t i = slot_hash(key) & (slot_capacity - 1); slots[i]; i = (i + 1) & (slot_capacity - 1)) {
            slot *s = slots[i];
            if (memcmp(s->key, key, 32) != 0) continue;
            if (!s->loaded) {
                kamt_get(&evm_actor.storage, key, s->current);
                s->loaded = 1;
            }
            return s;
        }
    }
    if (2 * (slot_count + 1) > slot_capacity) grow_slots();
    slot *s = cairn_alloc_zeroed(sizeof(slot));
    memcpy(s->key, key, 32);
    kamt_get(&evm_actor.storage, key, s->current);
    s->loaded = 1;
    if (!reloaded) {
        memcpy(s->original, s->current, 32);
    } else {
        if (!start_storage_loaded) {
            kamt_load(&start_storage, &start_storage_root);
            start_storage_loaded = 1;
        }
        kamt_get(&start_storage, key, s->original);
    }
    slot_insert(s);
    slot_count++;
    return s;
}

void evm_storage_get(const uint8_t key[32], uint8_t out[32]) { memcpy(out, find_slot(key)->current, 32); }

void evm_storage_original(const uint8_t key[32], uint8_t out[32]) { memcpy(out, find_slot(key)->original, 32); }

void evm_storage_set(const uint8_t key[32], const uint8_t value[32]) {
    slot *s = find_slot(key);
    memcpy(s->current, value, 32);
    s->dirty = 1;
    evm_actor.dirty = 1;
}

int evm_storage_warm(const uint8_t key[32]) {
    slot *s = find_slot(key);
    int cold = !s->warm;
    s->warm = 1;
    return cold;
}

static int is_zero(const uint8_t *w) {
    for (int i = 0; i < 32; i++)
        if (w[i]) return 0;
    return 1;
}

static void write_back_slots(void) {
    for (uint32_t i = 0; i < slot_capacity; i++) {
        slot *s = slots[i];
        if (!s || !s->dirty) continue;
        if (is_zero(s->current)) kamt_delete(&evm_actor.storage, s->key);
        else kamt_set(&evm_actor.storage, s->key, s->current);
        s->dirty = 0;
    }
}

/* ---- transient storage (EIP-1153), alive for one message as FEVM keeps it */

static void load_transient(void) {
    if (evm_actor.transient_loaded) return;
    if (evm_actor.transient_current) kamt_load(&evm_actor.transient, &evm_actor.transient_root);
    else kamt_new(&evm_actor.transient);
    evm_actor.transient_loaded = 1;
}

void evm_transient_get(const uint8_t key[32], uint8_t out[32]) {
    load_transient();
    kamt_get(&evm_actor.transient, key, out);
}

void evm_transient_set(const uint8_t key[32], const uint8_t value[32]) {
    load_transient();
    if (is_zero(value)) kamt_delete(&evm_actor.transient, key);
    else kamt_set(&evm_actor.transient, key, value);
    evm_actor.transient_dirty = 1;
    evm_actor.dirty = 1;
}

/* ---- loading and saving */

__attribute__((noreturn)) static void bad_state(void) { cairn_abort(CAIRN_USR_ILLEGAL_STATE, "malformed EVM state"); }

/* Reads [origin, nonce]. */
static int get_lifespan(cairn_cbor *r, uint64_t *origin, uint64_t *nonce) {
    uint32_t n;
    return cairn_cbor_get_array(r, &n) && n == 2 && cairn_cbor_get_uint(r, origin) && cairn_cbor_get_uint(r, nonce);
}

static void parse_state(const uint8_t *data, uint32_t len) {
    cairn_cbor r;
    uint32_t fields, hash_len;
    const uint8_t *hash;
    cairn_cid storage_root;
    cairn_cbor_init(&r, data, len);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 6) bad_state();
    if (!cairn_cbor_get_cid(&r, &evm_actor.bytecode)) bad_state();
    if (!cairn_cbor_get_bytes(&r, &hash, &hash_len) || hash_len != 32) bad_state();
    memcpy(evm_actor.bytecode_hash, hash, 32);
    if (!cairn_cbor_get_cid(&r, &storage_root)) bad_state();
    /* transient_data */
    uint32_t start = r.pos;
    evm_actor.transient_current = 0;
    if (cairn_cbor_is_null(&r)) {
        cairn_cbor_get_null(&r);
    } else {
        uint32_t n;
        uint64_t origin, nonce;
        if (!cairn_cbor_get_array(&r, &n) || n != 2 || !cairn_cbor_get_cid(&r, &evm_actor.transient_root) ||
            !get_lifespan(&r, &origin, &nonce)) bad_state();
        evm_actor.transient_current = origin == evm_message_origin() && nonce == evm_message_nonce();
    }
    evm_actor.transient_item = data + start;
    evm_actor.transient_item_len = r.pos - start;
    evm_actor.transient_loaded = evm_actor.transient_dirty = 0;
    if (!cairn_cbor_get_uint(&r, &evm_actor.nonce)) bad_state();
    start = r.pos;
    evm_actor.has_tombstone = 0;
    if (cairn_cbor_is_null(&r)) {
        cairn_cbor_get_null(&r);
    } else {
        if (!get_lifespan(&r, &evm_actor.tombstone_origin, &evm_actor.tombstone_nonce)) bad_state();
        evm_actor.has_tombstone = 1;
    }
    evm_actor.tombstone_item = data + start;
    evm_actor.tombstone_item_len = r.pos - start;
    evm_actor.tombstone_dirty = 0;
    if (!cairn_cbor_done(&r)) bad_state();
    kamt_load(&evm_actor.storage, &storage_root);
    evm_actor.dirty = 0;
}

void evm_state_load(void) {
    uint32_t len;
    cairn_cid root;
    int32_t err = cairn_sys_self_root(&len, root.bytes, CAIRN_MAX_CID_LEN);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "self.root failed", err);
    root.len = len;
    uint8_t *data;
    cairn_block_get(&root, &data, &len);
    parse_state(data, len);
    evm_actor.saved_root = root;
    start_storage_root = evm_actor.storage.root_cid;
}

static const uint8_t null_item[1] = {0xf6};

void evm_state_init(void) {
    memset(&evm_actor, 0, sizeof evm_actor);
    kamt_new(&evm_actor.storage);
    evm_actor.transient_item = evm_actor.tombstone_item = null_item;
    evm_actor.transient_item_len = evm_actor.tombstone_item_len = 1;
    evm_actor.nonce = 1;
    evm_state_set_bytecode(0, 0);
    kamt_flush(&evm_actor.storage, &start_storage_root);
    /* An empty transient map with this message's lifespan: it also records that the contract
     * was created in this message (EIP-6780's condition for SELFDESTRUCT to delete it). */
    kamt_new(&evm_actor.transient);
    evm_actor.transient_loaded = evm_actor.transient_dirty = 1;
}

int evm_state_created_in_this_message(void) { return evm_actor.transient_current || evm_actor.transient_dirty; }

int evm_state_is_dead(void) {
    return evm_actor.has_tombstone &&
           (evm_actor.tombstone_origin != evm_message_origin() || evm_actor.tombstone_nonce != evm_message_nonce());
}

void evm_state_set_bytecode(const uint8_t *code, uint32_t len) {
    uint32_t written;
    cairn_block_put(CAIRN_CODEC_RAW, code, len, &evm_actor.bytecode);
    int32_t err = cairn_sys_crypto_hash(&written, CAIRN_HASH_KECCAK_256, code, len, evm_actor.bytecode_hash, 32);
    if (err || written != 32) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "keccak failed", err);
    evm_actor.dirty = 1;
}

void evm_state_read_bytecode(uint8_t **code, uint32_t *len) { cairn_block_get(&evm_actor.bytecode, code, len); }

void evm_state_mark_destroyed(void) {
    evm_actor.has_tombstone = 1;
    evm_actor.tombstone_origin = evm_message_origin();
    evm_actor.tombstone_nonce = evm_message_nonce();
    evm_actor.tombstone_dirty = 1;
    evm_actor.dirty = 1;
}

static void put_lifespan(cairn_buf *b, uint64_t origin, uint64_t nonce) {
    cairn_cbor_put_array(b, 2);
    cairn_cbor_put_uint(b, origin);
    cairn_cbor_put_uint(b, nonce);
}

void evm_state_save(void) {
    if (!evm_actor.dirty) return;
    write_back_slots();
    cairn_cid storage_root;
    kamt_flush(&evm_actor.storage, &storage_root);
    cairn_buf b;
    cairn_buf_init(&b, 256);
    cairn_cbor_put_array(&b, 6);
    cairn_cbor_put_cid(&b, &evm_actor.bytecode);
    cairn_cbor_put_bytes(&b, evm_actor.bytecode_hash, 32);
    cairn_cbor_put_cid(&b, &storage_root);
    uint32_t transient_at = b.len;
    if (evm_actor.transient_dirty) {
        kamt_flush(&evm_actor.transient, &evm_actor.transient_root);
        cairn_cbor_put_array(&b, 2);
        cairn_cbor_put_cid(&b, &evm_actor.transient_root);
        put_lifespan(&b, evm_message_origin(), evm_message_nonce());
    } else {
        cairn_cbor_put_raw(&b, evm_actor.transient_item, evm_actor.transient_item_len);
    }
    uint32_t transient_end = b.len;
    cairn_cbor_put_uint(&b, evm_actor.nonce);
    uint32_t tombstone_at = b.len;
    if (evm_actor.tombstone_dirty) put_lifespan(&b, evm_actor.tombstone_origin, evm_actor.tombstone_nonce);
    else cairn_cbor_put_raw(&b, evm_actor.tombstone_item, evm_actor.tombstone_item_len);
    cairn_state_save(&b);
    /* What was written is now the loaded state: keep its items for the next save. */
    uint32_t len;
    int32_t err = cairn_sys_self_root(&len, evm_actor.saved_root.bytes, CAIRN_MAX_CID_LEN);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "self.root failed", err);
    evm_actor.saved_root.len = len;
    uint8_t *copy = cairn_dup(b.data, b.len);
    evm_actor.transient_item = copy + transient_at;
    evm_actor.transient_item_len = transient_end - transient_at;
    evm_actor.tombstone_item = copy + tombstone_at;
    evm_actor.tombstone_item_len = b.len - tombstone_at;
    if (evm_actor.transient_dirty) evm_actor.transient_current = 1;
    evm_actor.transient_dirty = evm_actor.tombstone_dirty = evm_actor.dirty = 0;
}

void evm_state_reload(void) {
    uint32_t len;
    cairn_cid root;
    int32_t err = cairn_sys_self_root(&len, root.bytes, CAIRN_MAX_CID_LEN);
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "self.root failed", err);
    root.len = len;
    if (cairn_cid_equal(&root, &evm_actor.saved_root)) return;
    uint8_t *data;
    cairn_block_get(&root, &data, &len);
    parse_state(data, len);
    evm_actor.saved_root = root;
    reloaded = 1;
    for (uint32_t i = 0; i < slot_capacity; i++)
        if (slots[i]) slots[i]->loaded = 0;
}
