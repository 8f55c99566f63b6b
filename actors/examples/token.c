/* A fungible token. State: [name, symbol, owner, total_supply, balances, allowances]
 *   name, symbol  text
 *   owner         actor ID (unsigned) of the creator (the origin of the creating message),
 *                 the only one who may mint
 *   total_supply  Filecoin big integer (bytes)
 *   balances      HAMT (bit width 5, SHA-256): key = unsigned varint of the holder's actor ID,
 *                 value = big integer
 *   allowances    HAMT (bit width 5, SHA-256): key = varint(owner ID) || varint(spender ID),
 *                 value = big integer
 * Amounts are unsigned 128-bit. A zero balance or allowance is removed from its map.
 * Addresses in parameters are binary Filecoin addresses of any kind (resolved to IDs).
 * Methods:
 *   1 Constructor([name, symbol, supply])      the message's origin (who called init's Exec)
 *                                              becomes the owner and holds `supply`
 *   2 Transfer([to, amount])                   emits a "transfer" event
 *   3 Mint([to, amount])                       owner only (USR_FORBIDDEN otherwise); emits "mint"
 *   4 Approve([spender, amount])               sets the caller's allowance for `spender`
 *   5 Allowance([owner, spender]) -> amount
 *   6 TransferFrom([from, to, amount])         spends the caller's allowance from `from`
 *   7 BalanceOf([address]) -> amount
 *   8 TotalSupply() -> amount
 * Too small a balance or allowance aborts with USR_INSUFFICIENT_FUNDS; an unknown address with
 * USR_NOT_FOUND. Events have raw (0x55) values: type (text), from and to (8-byte big-endian
 * actor IDs, indexed) and amount (big-integer bytes). */
#include "cairn/cairn.h"

#define BIT_WIDTH 5u

typedef struct token_state {
    const char *name;
    uint32_t name_len;
    const char *symbol;
    uint32_t symbol_len;
    uint64_t owner;
    cairn_u128 supply;
    cairn_hamt balances;
    /* Loaded on first use: a plain transfer never opens the allowances map. */
    cairn_cid allowances_root;
    int allowances_loaded;
    cairn_hamt allowances;
} token_state;

static cairn_hamt *allowances(token_state *s) {
    if (!s->allowances_loaded) {
        cairn_hamt_load(&s->allowances, &s->allowances_root, BIT_WIDTH);
        s->allowances_loaded = 1;
    }
    return &s->allowances;
}

static void load(token_state *s) {
    cairn_cbor r;
    uint32_t fields;
    cairn_cid balances;
    cairn_state_load(&r);
    if (!cairn_cbor_get_array(&r, &fields) || fields != 6 || !cairn_cbor_get_text(&r, &s->name, &s->name_len) ||
        !cairn_cbor_get_text(&r, &s->symbol, &s->symbol_len) || !cairn_cbor_get_uint(&r, &s->owner) ||
        !cairn_cbor_get_token(&r, &s->supply) || !cairn_cbor_get_cid(&r, &balances) ||
        !cairn_cbor_get_cid(&r, &s->allowances_root) || !cairn_cbor_done(&r))
        cairn_abort(CAIRN_USR_ILLEGAL_STATE, "malformed token state");
    cairn_hamt_load(&s->balances, &balances, BIT_WIDTH);
    s->allowances_loaded = 0;
}

static void save(token_state *s) {
    cairn_cid balances;
    cairn_hamt_flush(&s->balances, &balances);
    if (s->allowances_loaded) cairn_hamt_flush(&s->allowances, &s->allowances_root);
    cairn_buf state;
    cairn_buf_init(&state, 160);
    cairn_cbor_put_array(&state, 6);
    cairn_cbor_put_text(&state, s->name, s->name_len);
    cairn_cbor_put_text(&state, s->symbol, s->symbol_len);
    cairn_cbor_put_uint(&state, s->owner);
    cairn_cbor_put_token(&state, s->supply);
    cairn_cbor_put_cid(&state, &balances);
    cairn_cbor_put_cid(&state, &s->allowances_root);
    cairn_state_save(&state);
}

/* Unsigned LEB128 (multiformats varint) of an actor ID. */
static uint32_t varint(uint64_t v, uint8_t *out) {
    uint32_t n = 0;
    do {
        uint8_t byte = (uint8_t)(v & 0x7f);
        v >>= 7;
        out[n++] = v ? (uint8_t)(byte | 0x80) : byte;
    } while (v);
    return n;
}

static cairn_u128 get_amount(cairn_hamt *map, const uint8_t *key, uint32_t key_len) {
    const uint8_t *value;
    uint32_t len;
    cairn_u128 amount = 0;
    if (!cairn_hamt_get(map, key, key_len, &value, &len)) return 0;
    cairn_cbor r;
    cairn_cbor_init(&r, value, len);
    if (!cairn_cbor_get_token(&r, &amount) || !cairn_cbor_done(&r)) cairn_abort(CAIRN_USR_ILLEGAL_STATE, "malformed amount");
    return amount;
}

/* A zero amount is no entry, so that the maps hold only live balances (as FRC-46 tokens do). */
static void set_amount(cairn_hamt *map, const uint8_t *key, uint32_t key_len, cairn_u128 amount) {
    if (amount == 0) {
        cairn_hamt_delete(map, key, key_len);
        return;
    }
    cairn_buf value;
    cairn_buf_init(&value, 20);
    cairn_cbor_put_token(&value, amount);
    cairn_hamt_set(map, key, key_len, value.data, value.len);
}

static cairn_u128 balance_of_id(token_state *s, uint64_t id) {
    uint8_t key[10];
    return get_amount(&s->balances, key, varint(id, key));
}

static void set_balance(token_state *s, uint64_t id, cairn_u128 amount) {
    uint8_t key[10];
    set_amount(&s->balances, key, varint(id, key), amount);
}

static uint32_t allowance_key(uint64_t owner, uint64_t spender, uint8_t key[20]) {
    uint32_t n = varint(owner, key);
    return n + varint(spender, key + n);
}

static uint64_t read_address(cairn_cbor *r) {
    const uint8_t *address;
    uint32_t len;
    uint64_t id = 0;
    if (!cairn_cbor_get_bytes(r, &address, &len)) return 0;
    if (!cairn_resolve_address(address, len, &id)) cairn_abort(CAIRN_USR_NOT_FOUND, "unknown address");
    return id;
}

static void read_tuple(uint32_t params, cairn_cbor *r, uint32_t want) {
    uint32_t fields;
    cairn_params(params, r);
    if (!cairn_cbor_get_array(r, &fields) || fields != want) cairn_abort(CAIRN_USR_SERIALIZATION, "malformed parameters");
}

static uint32_t return_amount(cairn_u128 amount) {
    cairn_buf out;
    cairn_buf_init(&out, 20);
    cairn_cbor_put_token(&out, amount);
    return cairn_return(&out);
}

static void emit(const char *type, uint64_t from, uint64_t to, cairn_u128 amount) {
    uint8_t from_be[8], to_be[8];
    for (int i = 0; i < 8; i++) {
        from_be[i] = (uint8_t)(from >> (56 - 8 * i));
        to_be[i] = (uint8_t)(to >> (56 - 8 * i));
    }
    cairn_buf amount_bytes;
    cairn_buf_init(&amount_bytes, 20);
    cairn_cbor_put_token(&amount_bytes, amount);
    /* The amount's CBOR is a byte-string head then the big-integer bytes: keep only the bytes. */
    cairn_cbor r;
    const uint8_t *raw;
    uint32_t raw_len;
    cairn_cbor_init(&r, amount_bytes.data, amount_bytes.len);
    cairn_cbor_get_bytes(&r, &raw, &raw_len);
    cairn_event e;
    cairn_event_init(&e);
    cairn_event_add(&e, CAIRN_EVENT_INDEX_KEY | CAIRN_EVENT_INDEX_VALUE, "type", type, (uint32_t)cairn_strlen(type));
    cairn_event_add(&e, CAIRN_EVENT_INDEX_KEY | CAIRN_EVENT_INDEX_VALUE, "from", from_be, 8);
    cairn_event_add(&e, CAIRN_EVENT_INDEX_KEY | CAIRN_EVENT_INDEX_VALUE, "to", to_be, 8);
    cairn_event_add(&e, CAIRN_EVENT_INDEX_KEY, "amount", raw, raw_len);
    int32_t err = cairn_event_emit(&e);
    if (err == CAIRN_ERR_READ_ONLY) cairn_abort(CAIRN_USR_READ_ONLY, "cannot emit events in a read-only call");
    if (err) cairn_abort_errno(CAIRN_USR_ILLEGAL_STATE, "event.emit_event failed", err);
}

static void move(token_state *s, uint64_t from, uint64_t to, cairn_u128 amount) {
    cairn_u128 from_balance = balance_of_id(s, from);
    if (from_balance < amount) cairn_abort(CAIRN_USR_INSUFFICIENT_FUNDS, "balance too small");
    set_balance(s, from, from_balance - amount);
    cairn_u128 to_balance = balance_of_id(s, to);
    if (to_balance + amount < to_balance) cairn_abort(CAIRN_USR_ILLEGAL_STATE, "balance overflow");
    set_balance(s, to, to_balance + amount);
}

static uint32_t constructor(uint32_t params) {
    cairn_cbor r;
    token_state s;
    read_tuple(params, &r, 3);
    cairn_cbor_get_text(&r, &s.name, &s.name_len);
    cairn_cbor_get_text(&r, &s.symbol, &s.symbol_len);
    cairn_cbor_get_token(&r, &s.supply);
    cairn_params_done(&r);
    s.owner = cairn_message()->origin;
    cairn_hamt_new(&s.balances, BIT_WIDTH);
    cairn_hamt_new(&s.allowances, BIT_WIDTH);
    s.allowances_loaded = 1;
    if (s.supply) set_balance(&s, s.owner, s.supply);
    save(&s);
    if (s.supply) emit("mint", 0, s.owner, s.supply);
    return 0;
}

static uint32_t transfer(uint32_t params) {
    cairn_cbor r;
    cairn_u128 amount;
    token_state s;
    read_tuple(params, &r, 2);
    uint64_t to = read_address(&r);
    cairn_cbor_get_token(&r, &amount);
    cairn_params_done(&r);
    uint64_t from = cairn_message()->caller;
    load(&s);
    move(&s, from, to, amount);
    save(&s);
    emit("transfer", from, to, amount);
    return 0;
}

static uint32_t mint(uint32_t params) {
    cairn_cbor r;
    cairn_u128 amount;
    token_state s;
    read_tuple(params, &r, 2);
    uint64_t to = read_address(&r);
    cairn_cbor_get_token(&r, &amount);
    cairn_params_done(&r);
    load(&s);
    if (cairn_message()->caller != s.owner) cairn_abort(CAIRN_USR_FORBIDDEN, "only the owner may mint");
    if (s.supply + amount < s.supply) cairn_abort(CAIRN_USR_ILLEGAL_ARGUMENT, "supply overflow");
    s.supply += amount;
    set_balance(&s, to, balance_of_id(&s, to) + amount);
    save(&s);
    emit("mint", 0, to, amount);
    return 0;
}

static uint32_t approve(uint32_t params) {
    cairn_cbor r;
    cairn_u128 amount;
    token_state s;
    uint8_t key[20];
    read_tuple(params, &r, 2);
    uint64_t spender = read_address(&r);
    cairn_cbor_get_token(&r, &amount);
    cairn_params_done(&r);
    load(&s);
    set_amount(allowances(&s), key, allowance_key(cairn_message()->caller, spender, key), amount);
    save(&s);
    return 0;
}

static uint32_t allowance(uint32_t params) {
    cairn_cbor r;
    token_state s;
    uint8_t key[20];
    read_tuple(params, &r, 2);
    uint64_t owner = read_address(&r);
    uint64_t spender = read_address(&r);
    cairn_params_done(&r);
    load(&s);
    return return_amount(get_amount(allowances(&s), key, allowance_key(owner, spender, key)));
}

static uint32_t transfer_from(uint32_t params) {
    cairn_cbor r;
    cairn_u128 amount;
    token_state s;
    uint8_t key[20];
    read_tuple(params, &r, 3);
    uint64_t from = read_address(&r);
    uint64_t to = read_address(&r);
    cairn_cbor_get_token(&r, &amount);
    cairn_params_done(&r);
    load(&s);
    uint32_t key_len = allowance_key(from, cairn_message()->caller, key);
    cairn_u128 allowed = get_amount(allowances(&s), key, key_len);
    if (allowed < amount) cairn_abort(CAIRN_USR_INSUFFICIENT_FUNDS, "allowance too small");
    set_amount(allowances(&s), key, key_len, allowed - amount);
    move(&s, from, to, amount);
    save(&s);
    emit("transfer", from, to, amount);
    return 0;
}

static uint32_t balance_of(uint32_t params) {
    cairn_cbor r;
    token_state s;
    read_tuple(params, &r, 1);
    uint64_t holder = read_address(&r);
    cairn_params_done(&r);
    load(&s);
    return return_amount(balance_of_id(&s, holder));
}

static uint32_t total_supply(uint32_t params) {
    (void)params;
    token_state s;
    load(&s);
    return return_amount(s.supply);
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, transfer}, {3, mint}, {4, approve},
                    {5, allowance}, {6, transfer_from}, {7, balance_of}, {8, total_supply})
