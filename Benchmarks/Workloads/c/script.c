/* script.c: "Pebble", a small dynamically typed scripting language: lexer, Pratt parser to an
 * AST, a compiler to stack bytecode and a switch-dispatched virtual machine with integers,
 * strings, arrays and hash maps, all in a bump arena that grows linear memory on demand.
 * Together with lz.c (a compressor) it is the benchmark suite's large real program: it is
 * measured for run time (script_bench) and for how long each engine takes to translate it.
 *
 * The language:
 *   fn name(a, b) { ... }            functions (top level), recursion, first-class values
 *   let x = e;  x = e;  a[i] = e;    locals (block scoped), globals (top level lets)
 *   if c { } else if c { } else { }  while c { }  for i in a..b { }  break; continue; return e;
 *   + - * / % == != < <= > >= and or not & | ^ << >>, string + string, [1, 2], {"k": v}, a[i]
 *   builtins: len push pop str chr ord substr keys has emit
 *
 * Exports:
 *   script_bench(n)       runs the built-in benchmark script with input n; returns its result
 *                         mixed with a hash of what it emitted (i64), or a negative error code
 *   script_eval(n)        runs a one-line expression script (a smoke test: 6 * 7 + n)
 */
#include "bench.h"

/* ------------------------------------------------------------------------------------------ */
/* Arena                                                                                       */
/* ------------------------------------------------------------------------------------------ */

extern u8 __heap_base;
static u8 *arena_start, *arena_top, *arena_end;
static i32 out_of_memory;

static void arena_reset(void) {
    arena_start = (u8 *)(((usize)&__heap_base + 15) & ~(usize)15);
    arena_top = arena_start;
    arena_end = (u8 *)(__builtin_wasm_memory_size(0) * 65536ul);
    out_of_memory = 0;
}

static void *arena_alloc(u32 bytes) {
    bytes = (bytes + 15) & ~15u;
    if ((usize)(arena_end - arena_top) < bytes) {
        usize need = bytes - (usize)(arena_end - arena_top);
        usize pages = (need + (1u << 20) - 1) / 65536ul;
        pages = (pages + 15) & ~(usize)15; /* grow at least 1 MiB at a time */
        if (__builtin_wasm_memory_grow(0, pages) == (usize)-1) { out_of_memory = 1; return 0; }
        arena_end = (u8 *)(__builtin_wasm_memory_size(0) * 65536ul);
    }
    void *p = arena_top;
    arena_top += bytes;
    return p;
}

static void mem_copy(void *dst, const void *src, u32 n) { __builtin_memcpy(dst, src, n); }
static void mem_zero(void *dst, u32 n) { __builtin_memset(dst, 0, n); }

static i32 str_eq_n(const char *a, const char *b, u32 n) {
    for (u32 i = 0; i < n; i++) if (a[i] != b[i]) return 0;
    return 1;
}

static u32 cstr_len(const char *s) { u32 n = 0; while (s[n]) n++; return n; }

/* ------------------------------------------------------------------------------------------ */
/* Values and objects                                                                          */
/* ------------------------------------------------------------------------------------------ */

enum { T_NIL, T_BOOL, T_INT, T_STR, T_ARRAY, T_MAP, T_FUNC, T_BUILTIN };

typedef struct { u32 tag; u32 pad; i64 i; } value; /* for objects, i holds the pointer */

typedef struct { u32 len; u32 hash; char chars[]; } string;
typedef struct { u32 len, cap; value *items; } array;
typedef struct { value key; value val; u32 used; u32 pad; } map_entry;
typedef struct { u32 count, cap; map_entry *entries; } map;
typedef struct { u32 entry, params, locals, name; } function;

#define V_NIL ((value){T_NIL, 0, 0})
static inline value v_int(i64 i) { return (value){T_INT, 0, i}; }
static inline value v_bool(i32 b) { return (value){T_BOOL, 0, b != 0}; }
static inline value v_obj(u32 tag, const void *p) { return (value){tag, 0, (i64)(usize)p}; }
#define AS_STR(v) ((string *)(usize)(v).i)
#define AS_ARRAY(v) ((array *)(usize)(v).i)
#define AS_MAP(v) ((map *)(usize)(v).i)
#define AS_FUNC(v) ((function *)(usize)(v).i)

static u32 hash_bytes(const char *s, u32 n) {
    u32 h = 2166136261u;
    for (u32 i = 0; i < n; i++) { h ^= (u8)s[i]; h *= 16777619u; }
    return h;
}

static string *new_string(const char *s, u32 n) {
    string *str = arena_alloc(sizeof(string) + n + 1);
    if (!str) return 0;
    str->len = n;
    mem_copy(str->chars, s, n);
    str->chars[n] = 0;
    str->hash = hash_bytes(s, n);
    return str;
}

static string *concat(const string *a, const string *b) {
    u32 n = a->len + b->len;
    string *s = arena_alloc(sizeof(string) + n + 1);
    if (!s) return 0;
    s->len = n;
    mem_copy(s->chars, a->chars, a->len);
    mem_copy(s->chars + a->len, b->chars, b->len);
    s->chars[n] = 0;
    s->hash = hash_bytes(s->chars, n);
    return s;
}

static string *int_to_string(i64 v) {
    char buf[24];
    u32 n = 0;
    u64 u = v < 0 ? (u64)0 - (u64)v : (u64)v;
    do { buf[23 - n++] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) buf[23 - n++] = '-';
    return new_string(buf + 24 - n, n);
}

static array *new_array(u32 cap) {
    array *a = arena_alloc(sizeof(array));
    if (!a) return 0;
    a->len = 0;
    a->cap = cap < 4 ? 4 : cap;
    a->items = arena_alloc(a->cap * sizeof(value));
    return a->items ? a : 0;
}

static i32 array_push(array *a, value v) {
    if (a->len == a->cap) {
        u32 cap = a->cap * 2;
        value *items = arena_alloc(cap * sizeof(value));
        if (!items) return 0;
        mem_copy(items, a->items, a->len * sizeof(value));
        a->items = items;
        a->cap = cap;
    }
    a->items[a->len++] = v;
    return 1;
}

static u32 value_hash(value v) {
    switch (v.tag) {
    case T_STR: return AS_STR(v)->hash;
    case T_INT: { u64 x = (u64)v.i * 0x9e3779b97f4a7c15ull; return (u32)(x >> 32); }
    default: return (u32)v.tag * 0x85ebca6bu ^ (u32)v.i;
    }
}

static i32 values_equal(value a, value b) {
    if (a.tag != b.tag) return 0;
    if (a.tag == T_STR) {
        string *x = AS_STR(a), *y = AS_STR(b);
        return x == y || (x->len == y->len && x->hash == y->hash && str_eq_n(x->chars, y->chars, x->len));
    }
    return a.i == b.i;
}

static map *new_map(u32 cap) {
    map *m = arena_alloc(sizeof(map));
    if (!m) return 0;
    u32 c = 8;
    while (c < cap * 2) c *= 2;
    m->count = 0;
    m->cap = c;
    m->entries = arena_alloc(c * sizeof(map_entry));
    if (!m->entries) return 0;
    mem_zero(m->entries, c * sizeof(map_entry));
    return m;
}

static map_entry *map_find(map *m, value key) {
    u32 mask = m->cap - 1, i = value_hash(key) & mask;
    for (;;) {
        map_entry *e = &m->entries[i];
        if (!e->used || values_equal(e->key, key)) return e;
        i = (i + 1) & mask;
    }
}

static i32 map_set(map *m, value key, value val) {
    if ((m->count + 1) * 4 > m->cap * 3) {
        map_entry *old = m->entries;
        u32 old_cap = m->cap;
        m->cap *= 2;
        m->entries = arena_alloc(m->cap * sizeof(map_entry));
        if (!m->entries) return 0;
        mem_zero(m->entries, m->cap * sizeof(map_entry));
        for (u32 i = 0; i < old_cap; i++)
            if (old[i].used) { map_entry *e = map_find(m, old[i].key); *e = old[i]; }
    }
    map_entry *e = map_find(m, key);
    if (!e->used) { e->used = 1; e->key = key; m->count++; }
    e->val = val;
    return 1;
}

/* ------------------------------------------------------------------------------------------ */
/* Lexer                                                                                       */
/* ------------------------------------------------------------------------------------------ */

enum {
    TK_EOF, TK_INT, TK_STR, TK_NAME,
    TK_LET, TK_FN, TK_IF, TK_ELSE, TK_WHILE, TK_FOR, TK_IN, TK_RETURN, TK_TRUE, TK_FALSE,
    TK_NIL, TK_AND, TK_OR, TK_NOT, TK_BREAK, TK_CONTINUE,
    TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_PERCENT, TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE,
    TK_ASSIGN, TK_LPAREN, TK_RPAREN, TK_LBRACE, TK_RBRACE, TK_LBRACKET, TK_RBRACKET, TK_COMMA,
    TK_DOTDOT, TK_SEMI, TK_COLON, TK_AMP, TK_PIPE, TK_CARET, TK_SHL, TK_SHR, TK_ERROR,
};

typedef struct {
    u32 kind;
    u32 line;
    const char *start;
    u32 len;
    i64 ival;
} token;

typedef struct {
    const char *src, *p, *end;
    u32 line;
    token cur, next;
} lexer;

static const struct { const char *word; u32 kind; } KEYWORDS[] = {
    {"let", TK_LET}, {"fn", TK_FN}, {"if", TK_IF}, {"else", TK_ELSE}, {"while", TK_WHILE},
    {"for", TK_FOR}, {"in", TK_IN}, {"return", TK_RETURN}, {"true", TK_TRUE}, {"false", TK_FALSE},
    {"nil", TK_NIL}, {"and", TK_AND}, {"or", TK_OR}, {"not", TK_NOT}, {"break", TK_BREAK},
    {"continue", TK_CONTINUE},
};

static inline i32 is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static inline i32 is_digit(char c) { return c >= '0' && c <= '9'; }

static token lex_one(lexer *lx) {
    for (;;) {
        while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r' || *lx->p == '\n')) {
            if (*lx->p == '\n') lx->line++;
            lx->p++;
        }
        if (lx->p + 1 < lx->end && lx->p[0] == '/' && lx->p[1] == '/') {
            while (lx->p < lx->end && *lx->p != '\n') lx->p++;
            continue;
        }
        break;
    }
    token t = {TK_EOF, lx->line, lx->p, 0, 0};
    if (lx->p >= lx->end) return t;
    char c = *lx->p++;
    if (is_digit(c)) {
        i64 v = c - '0';
        while (lx->p < lx->end && is_digit(*lx->p)) v = v * 10 + (*lx->p++ - '0');
        t.kind = TK_INT;
        t.ival = v;
    } else if (is_alpha(c)) {
        while (lx->p < lx->end && (is_alpha(*lx->p) || is_digit(*lx->p))) lx->p++;
        t.kind = TK_NAME;
        t.len = (u32)(lx->p - t.start);
        for (i32 i = 0; i < LEN(KEYWORDS); i++) {
            u32 n = cstr_len(KEYWORDS[i].word);
            if (n == t.len && str_eq_n(KEYWORDS[i].word, t.start, n)) { t.kind = KEYWORDS[i].kind; break; }
        }
        return t;
    } else if (c == '"') {
        t.start = lx->p;
        while (lx->p < lx->end && *lx->p != '"') {
            if (*lx->p == '\\') lx->p++;
            lx->p++;
        }
        if (lx->p >= lx->end) { t.kind = TK_ERROR; return t; }
        t.len = (u32)(lx->p - t.start);
        lx->p++;
        t.kind = TK_STR;
        return t;
    } else {
        char d = lx->p < lx->end ? *lx->p : 0;
        switch (c) {
        case '+': t.kind = TK_PLUS; break;
        case '-': t.kind = TK_MINUS; break;
        case '*': t.kind = TK_STAR; break;
        case '/': t.kind = TK_SLASH; break;
        case '%': t.kind = TK_PERCENT; break;
        case '(': t.kind = TK_LPAREN; break;
        case ')': t.kind = TK_RPAREN; break;
        case '{': t.kind = TK_LBRACE; break;
        case '}': t.kind = TK_RBRACE; break;
        case '[': t.kind = TK_LBRACKET; break;
        case ']': t.kind = TK_RBRACKET; break;
        case ',': t.kind = TK_COMMA; break;
        case ';': t.kind = TK_SEMI; break;
        case ':': t.kind = TK_COLON; break;
        case '&': t.kind = TK_AMP; break;
        case '|': t.kind = TK_PIPE; break;
        case '^': t.kind = TK_CARET; break;
        case '.': if (d == '.') { lx->p++; t.kind = TK_DOTDOT; } else t.kind = TK_ERROR; break;
        case '=': if (d == '=') { lx->p++; t.kind = TK_EQ; } else t.kind = TK_ASSIGN; break;
        case '!': if (d == '=') { lx->p++; t.kind = TK_NE; } else t.kind = TK_NOT; break;
        case '<':
            if (d == '=') { lx->p++; t.kind = TK_LE; }
            else if (d == '<') { lx->p++; t.kind = TK_SHL; }
            else t.kind = TK_LT;
            break;
        case '>':
            if (d == '=') { lx->p++; t.kind = TK_GE; }
            else if (d == '>') { lx->p++; t.kind = TK_SHR; }
            else t.kind = TK_GT;
            break;
        default: t.kind = TK_ERROR; break;
        }
    }
    t.len = (u32)(lx->p - t.start);
    return t;
}

static void lex_init(lexer *lx, const char *src, u32 len) {
    lx->src = lx->p = src;
    lx->end = src + len;
    lx->line = 1;
    lx->cur = lex_one(lx);
    lx->next = lex_one(lx);
}

static void lex_advance(lexer *lx) {
    lx->cur = lx->next;
    lx->next = lex_one(lx);
}

/* ------------------------------------------------------------------------------------------ */
/* AST                                                                                         */
/* ------------------------------------------------------------------------------------------ */

enum {
    N_INT, N_STR, N_NIL, N_TRUE, N_FALSE, N_NAME, N_BINARY, N_UNARY, N_AND, N_OR, N_CALL,
    N_INDEX, N_ARRAY, N_MAP, N_ASSIGN, N_LET, N_IF, N_WHILE, N_FOR, N_RETURN, N_BREAK,
    N_CONTINUE, N_BLOCK, N_EXPR, N_FN,
};

typedef struct node {
    u32 kind;
    u32 op;          /* token kind of an operator */
    u32 line;
    i64 ival;
    const char *name; /* names and string literals */
    u32 name_len;
    struct node *a, *b, *c; /* children */
    struct node *next;      /* next in a list (statements, arguments, elements, parameters) */
} node;

typedef struct {
    lexer lx;
    i32 error;
    u32 error_line;
} parser;

static node *new_node(parser *ps, u32 kind) {
    node *n = arena_alloc(sizeof(node));
    if (!n) { ps->error = 1; return 0; }
    mem_zero(n, sizeof(node));
    n->kind = kind;
    n->line = ps->lx.cur.line;
    return n;
}

static void fail(parser *ps) {
    if (!ps->error) { ps->error = 1; ps->error_line = ps->lx.cur.line; }
}

static i32 accept(parser *ps, u32 kind) {
    if (ps->lx.cur.kind == kind) { lex_advance(&ps->lx); return 1; }
    return 0;
}

static void expect(parser *ps, u32 kind) {
    if (!accept(ps, kind)) fail(ps);
}

static node *parse_expr(parser *ps, i32 min_prec);
static node *parse_block(parser *ps);

static i32 binary_precedence(u32 kind) {
    switch (kind) {
    case TK_OR: return 1;
    case TK_AND: return 2;
    case TK_EQ: case TK_NE: return 3;
    case TK_LT: case TK_LE: case TK_GT: case TK_GE: return 4;
    case TK_PIPE: return 5;
    case TK_CARET: return 6;
    case TK_AMP: return 7;
    case TK_SHL: case TK_SHR: return 8;
    case TK_PLUS: case TK_MINUS: return 9;
    case TK_STAR: case TK_SLASH: case TK_PERCENT: return 10;
    default: return 0;
    }
}

static node *parse_list(parser *ps, u32 close, i32 is_map) {
    node *head = 0, **tail = &head;
    if (accept(ps, close)) return head;
    for (;;) {
        node *e = parse_expr(ps, 1);
        if (!e) return 0;
        if (is_map) {
            expect(ps, TK_COLON);
            node *pair = new_node(ps, N_EXPR);
            if (!pair) return 0;
            pair->a = e;
            pair->b = parse_expr(ps, 1);
            e = pair;
        }
        *tail = e;
        tail = &e->next;
        if (accept(ps, close)) break;
        expect(ps, TK_COMMA);
        if (ps->error) return 0;
    }
    return head;
}

static node *parse_primary(parser *ps) {
    token t = ps->lx.cur;
    node *n = 0;
    switch (t.kind) {
    case TK_INT: n = new_node(ps, N_INT); if (n) n->ival = t.ival; lex_advance(&ps->lx); break;
    case TK_STR:
        n = new_node(ps, N_STR);
        if (n) { n->name = t.start; n->name_len = t.len; }
        lex_advance(&ps->lx);
        break;
    case TK_NIL: n = new_node(ps, N_NIL); lex_advance(&ps->lx); break;
    case TK_TRUE: n = new_node(ps, N_TRUE); lex_advance(&ps->lx); break;
    case TK_FALSE: n = new_node(ps, N_FALSE); lex_advance(&ps->lx); break;
    case TK_NAME:
        n = new_node(ps, N_NAME);
        if (n) { n->name = t.start; n->name_len = t.len; }
        lex_advance(&ps->lx);
        break;
    case TK_LPAREN:
        lex_advance(&ps->lx);
        n = parse_expr(ps, 1);
        expect(ps, TK_RPAREN);
        break;
    case TK_LBRACKET:
        lex_advance(&ps->lx);
        n = new_node(ps, N_ARRAY);
        if (n) n->a = parse_list(ps, TK_RBRACKET, 0);
        break;
    case TK_LBRACE:
        lex_advance(&ps->lx);
        n = new_node(ps, N_MAP);
        if (n) n->a = parse_list(ps, TK_RBRACE, 1);
        break;
    case TK_MINUS: case TK_NOT:
        lex_advance(&ps->lx);
        n = new_node(ps, N_UNARY);
        if (n) { n->op = t.kind; n->a = parse_expr(ps, 11); }
        break;
    default: fail(ps); return 0;
    }
    if (ps->error || !n) return 0;
    /* postfix: calls and indexing */
    for (;;) {
        if (accept(ps, TK_LPAREN)) {
            node *call = new_node(ps, N_CALL);
            if (!call) return 0;
            call->a = n;
            call->b = parse_list(ps, TK_RPAREN, 0);
            n = call;
        } else if (accept(ps, TK_LBRACKET)) {
            node *ix = new_node(ps, N_INDEX);
            if (!ix) return 0;
            ix->a = n;
            ix->b = parse_expr(ps, 1);
            expect(ps, TK_RBRACKET);
            n = ix;
        } else {
            break;
        }
        if (ps->error) return 0;
    }
    return n;
}

static node *parse_expr(parser *ps, i32 min_prec) {
    node *left = parse_primary(ps);
    for (;;) {
        if (ps->error || !left) return 0;
        u32 op = ps->lx.cur.kind;
        i32 prec = binary_precedence(op);
        if (prec == 0 || prec < min_prec) return left;
        lex_advance(&ps->lx);
        node *right = parse_expr(ps, prec + 1);
        node *n = new_node(ps, op == TK_AND ? N_AND : op == TK_OR ? N_OR : N_BINARY);
        if (!n) return 0;
        n->op = op;
        n->a = left;
        n->b = right;
        left = n;
    }
}

static node *parse_statement(parser *ps) {
    token t = ps->lx.cur;
    node *n = 0;
    switch (t.kind) {
    case TK_LET:
        lex_advance(&ps->lx);
        n = new_node(ps, N_LET);
        if (!n) return 0;
        if (ps->lx.cur.kind != TK_NAME) { fail(ps); return 0; }
        n->name = ps->lx.cur.start;
        n->name_len = ps->lx.cur.len;
        lex_advance(&ps->lx);
        expect(ps, TK_ASSIGN);
        n->a = parse_expr(ps, 1);
        accept(ps, TK_SEMI);
        return n;
    case TK_IF:
        lex_advance(&ps->lx);
        n = new_node(ps, N_IF);
        if (!n) return 0;
        n->a = parse_expr(ps, 1);
        n->b = parse_block(ps);
        if (accept(ps, TK_ELSE)) {
            if (ps->lx.cur.kind == TK_IF) n->c = parse_statement(ps);
            else n->c = parse_block(ps);
        }
        return n;
    case TK_WHILE:
        lex_advance(&ps->lx);
        n = new_node(ps, N_WHILE);
        if (!n) return 0;
        n->a = parse_expr(ps, 1);
        n->b = parse_block(ps);
        return n;
    case TK_FOR:
        lex_advance(&ps->lx);
        n = new_node(ps, N_FOR);
        if (!n) return 0;
        if (ps->lx.cur.kind != TK_NAME) { fail(ps); return 0; }
        n->name = ps->lx.cur.start;
        n->name_len = ps->lx.cur.len;
        lex_advance(&ps->lx);
        expect(ps, TK_IN);
        n->a = parse_expr(ps, 1);
        expect(ps, TK_DOTDOT);
        n->b = parse_expr(ps, 1);
        n->c = parse_block(ps);
        return n;
    case TK_RETURN:
        lex_advance(&ps->lx);
        n = new_node(ps, N_RETURN);
        if (!n) return 0;
        if (ps->lx.cur.kind != TK_SEMI && ps->lx.cur.kind != TK_RBRACE) n->a = parse_expr(ps, 1);
        accept(ps, TK_SEMI);
        return n;
    case TK_BREAK: lex_advance(&ps->lx); accept(ps, TK_SEMI); return new_node(ps, N_BREAK);
    case TK_CONTINUE: lex_advance(&ps->lx); accept(ps, TK_SEMI); return new_node(ps, N_CONTINUE);
    case TK_LBRACE: return parse_block(ps);
    case TK_FN: {
        lex_advance(&ps->lx);
        n = new_node(ps, N_FN);
        if (!n) return 0;
        if (ps->lx.cur.kind != TK_NAME) { fail(ps); return 0; }
        n->name = ps->lx.cur.start;
        n->name_len = ps->lx.cur.len;
        lex_advance(&ps->lx);
        expect(ps, TK_LPAREN);
        node *head = 0, **tail = &head;
        while (!ps->error && !accept(ps, TK_RPAREN)) {
            if (ps->lx.cur.kind != TK_NAME) { fail(ps); return 0; }
            node *p = new_node(ps, N_NAME);
            if (!p) return 0;
            p->name = ps->lx.cur.start;
            p->name_len = ps->lx.cur.len;
            lex_advance(&ps->lx);
            *tail = p;
            tail = &p->next;
            if (ps->lx.cur.kind != TK_RPAREN) expect(ps, TK_COMMA);
        }
        n->a = head;
        n->b = parse_block(ps);
        return n;
    }
    default: {
        node *e = parse_expr(ps, 1);
        if (!e) return 0;
        if (accept(ps, TK_ASSIGN)) {
            n = new_node(ps, N_ASSIGN);
            if (!n) return 0;
            if (e->kind != N_NAME && e->kind != N_INDEX) { fail(ps); return 0; }
            n->a = e;
            n->b = parse_expr(ps, 1);
        } else {
            n = new_node(ps, N_EXPR);
            if (!n) return 0;
            n->a = e;
        }
        accept(ps, TK_SEMI);
        return n;
    }
    }
}

static node *parse_block(parser *ps) {
    node *block = new_node(ps, N_BLOCK);
    if (!block) return 0;
    expect(ps, TK_LBRACE);
    node **tail = &block->a;
    while (!ps->error && ps->lx.cur.kind != TK_RBRACE && ps->lx.cur.kind != TK_EOF) {
        node *s = parse_statement(ps);
        if (!s) { fail(ps); return 0; }
        *tail = s;
        tail = &s->next;
    }
    expect(ps, TK_RBRACE);
    return block;
}

static node *parse_program(parser *ps) {
    node *block = new_node(ps, N_BLOCK);
    if (!block) return 0;
    node **tail = &block->a;
    while (!ps->error && ps->lx.cur.kind != TK_EOF) {
        node *s = parse_statement(ps);
        if (!s) { fail(ps); return 0; }
        *tail = s;
        tail = &s->next;
    }
    return block;
}

/* ------------------------------------------------------------------------------------------ */
/* Bytecode                                                                                    */
/* ------------------------------------------------------------------------------------------ */

enum {
    OP_INT, OP_CONST, OP_NIL, OP_TRUE, OP_FALSE, OP_POP,
    OP_LOADL, OP_STOREL, OP_LOADG, OP_STOREG,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_NEG, OP_NOT,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_BAND, OP_BOR, OP_BXOR, OP_SHL, OP_SHR,
    OP_JMP, OP_JFALSE, OP_JFALSE_KEEP, OP_JTRUE_KEEP,
    OP_CALL, OP_RET, OP_ARRAY, OP_MAP, OP_INDEX, OP_SETINDEX, OP_BUILTIN,
    OP_FORLOOP, OP_INCL, OP_HALT,
};

enum { B_LEN, B_PUSH, B_POP, B_STR, B_CHR, B_ORD, B_SUBSTR, B_KEYS, B_HAS, B_EMIT, B_COUNT };
static const char *const BUILTIN_NAMES[B_COUNT] = {
    "len", "push", "pop", "str", "chr", "ord", "substr", "keys", "has", "emit",
};

#define MAX_CODE 65536
#define MAX_CONSTS 4096
#define MAX_GLOBALS 512
#define MAX_LOCALS 256
#define MAX_LOOPS 32
#define MAX_PATCHES 256

typedef struct { const char *name; u32 len; } name_ref;

typedef struct {
    i32 code[MAX_CODE];
    u32 code_len;
    value consts[MAX_CONSTS];
    u32 const_count;
    name_ref globals[MAX_GLOBALS];
    value global_values[MAX_GLOBALS];
    u32 global_count;
    /* the function being compiled */
    name_ref locals[MAX_LOCALS];
    u32 local_count, max_locals;
    i32 in_function;
    /* loops: where continue goes, and break jumps to patch */
    struct { u32 continue_target; u32 breaks[MAX_PATCHES]; u32 break_count; u32 continue_patches[MAX_PATCHES]; u32 continue_count; } loops[MAX_LOOPS];
    u32 loop_depth;
    i32 error;
} compiler;

static compiler *C;

static void emit(i32 word) {
    if (C->code_len >= MAX_CODE) { C->error = 1; return; }
    C->code[C->code_len++] = word;
}

static void emit2(i32 op, i32 operand) { emit(op); emit(operand); }

static u32 emit_jump(i32 op) { emit2(op, 0); return C->code_len - 1; }
static void patch(u32 at, u32 target) { if (at < MAX_CODE) C->code[at] = (i32)target; }

static i32 same_name(name_ref r, const char *name, u32 len) {
    return r.len == len && str_eq_n(r.name, name, len);
}

static i32 find_local(const char *name, u32 len) {
    for (i32 i = (i32)C->local_count - 1; i >= 0; i--)
        if (same_name(C->locals[i], name, len)) return i;
    return -1;
}

static i32 find_global(const char *name, u32 len) {
    for (u32 i = 0; i < C->global_count; i++)
        if (same_name(C->globals[i], name, len)) return (i32)i;
    return -1;
}

static i32 add_global(const char *name, u32 len) {
    i32 g = find_global(name, len);
    if (g >= 0) return g;
    if (C->global_count >= MAX_GLOBALS) { C->error = 1; return 0; }
    C->globals[C->global_count] = (name_ref){name, len};
    C->global_values[C->global_count] = V_NIL;
    return (i32)C->global_count++;
}

static i32 add_local(const char *name, u32 len) {
    if (C->local_count >= MAX_LOCALS) { C->error = 1; return 0; }
    C->locals[C->local_count] = (name_ref){name, len};
    C->local_count++;
    if (C->local_count > C->max_locals) C->max_locals = C->local_count;
    return (i32)C->local_count - 1;
}

static i32 builtin_id(const char *name, u32 len) {
    for (i32 i = 0; i < B_COUNT; i++) {
        if (cstr_len(BUILTIN_NAMES[i]) == len && str_eq_n(BUILTIN_NAMES[i], name, len)) return i;
    }
    return -1;
}

static u32 add_const(value v) {
    if (C->const_count >= MAX_CONSTS) { C->error = 1; return 0; }
    C->consts[C->const_count] = v;
    return C->const_count++;
}

/* Decodes the escapes of a string literal into a new string. */
static string *literal_string(const char *s, u32 n) {
    char *buf = arena_alloc(n + 1);
    if (!buf) return 0;
    u32 k = 0;
    for (u32 i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n) {
            c = s[++i];
            if (c == 'n') c = '\n';
            else if (c == 't') c = '\t';
        }
        buf[k++] = c;
    }
    return new_string(buf, k);
}

static void compile_expr(node *n);
static void compile_stmt(node *n);

static void compile_binary_op(u32 op) {
    switch (op) {
    case TK_PLUS: emit(OP_ADD); break;
    case TK_MINUS: emit(OP_SUB); break;
    case TK_STAR: emit(OP_MUL); break;
    case TK_SLASH: emit(OP_DIV); break;
    case TK_PERCENT: emit(OP_MOD); break;
    case TK_EQ: emit(OP_EQ); break;
    case TK_NE: emit(OP_NE); break;
    case TK_LT: emit(OP_LT); break;
    case TK_LE: emit(OP_LE); break;
    case TK_GT: emit(OP_GT); break;
    case TK_GE: emit(OP_GE); break;
    case TK_AMP: emit(OP_BAND); break;
    case TK_PIPE: emit(OP_BOR); break;
    case TK_CARET: emit(OP_BXOR); break;
    case TK_SHL: emit(OP_SHL); break;
    case TK_SHR: emit(OP_SHR); break;
    default: C->error = 1;
    }
}

static void compile_load_name(const char *name, u32 len) {
    i32 l = find_local(name, len);
    if (l >= 0) { emit2(OP_LOADL, l); return; }
    i32 g = find_global(name, len);
    if (g < 0) g = add_global(name, len); /* a function defined later */
    emit2(OP_LOADG, g);
}

static void compile_expr(node *n) {
    if (!n) { C->error = 1; return; }
    switch (n->kind) {
    case N_INT:
        if (n->ival >= -0x40000000ll && n->ival < 0x40000000ll) emit2(OP_INT, (i32)n->ival);
        else emit2(OP_CONST, (i32)add_const(v_int(n->ival)));
        break;
    case N_STR: {
        string *s = literal_string(n->name, n->name_len);
        if (!s) { C->error = 1; return; }
        emit2(OP_CONST, (i32)add_const(v_obj(T_STR, s)));
        break;
    }
    case N_NIL: emit(OP_NIL); break;
    case N_TRUE: emit(OP_TRUE); break;
    case N_FALSE: emit(OP_FALSE); break;
    case N_NAME: compile_load_name(n->name, n->name_len); break;
    case N_UNARY:
        compile_expr(n->a);
        emit(n->op == TK_MINUS ? OP_NEG : OP_NOT);
        break;
    case N_BINARY:
        compile_expr(n->a);
        compile_expr(n->b);
        compile_binary_op(n->op);
        break;
    case N_AND: case N_OR: {
        compile_expr(n->a);
        u32 j = emit_jump(n->kind == N_AND ? OP_JFALSE_KEEP : OP_JTRUE_KEEP);
        compile_expr(n->b);
        patch(j, C->code_len);
        break;
    }
    case N_CALL: {
        i32 argc = 0;
        if (n->a->kind == N_NAME && find_local(n->a->name, n->a->name_len) < 0) {
            i32 b = builtin_id(n->a->name, n->a->name_len);
            if (b >= 0) {
                for (node *arg = n->b; arg; arg = arg->next) { compile_expr(arg); argc++; }
                emit(OP_BUILTIN);
                emit(b);
                emit(argc);
                break;
            }
        }
        compile_expr(n->a);
        for (node *arg = n->b; arg; arg = arg->next) { compile_expr(arg); argc++; }
        emit2(OP_CALL, argc);
        break;
    }
    case N_INDEX:
        compile_expr(n->a);
        compile_expr(n->b);
        emit(OP_INDEX);
        break;
    case N_ARRAY: {
        i32 count = 0;
        for (node *e = n->a; e; e = e->next) { compile_expr(e); count++; }
        emit2(OP_ARRAY, count);
        break;
    }
    case N_MAP: {
        i32 count = 0;
        for (node *e = n->a; e; e = e->next) { compile_expr(e->a); compile_expr(e->b); count++; }
        emit2(OP_MAP, count);
        break;
    }
    default: C->error = 1;
    }
}

static void compile_block(node *block) {
    u32 saved = C->local_count;
    for (node *s = block->a; s; s = s->next) compile_stmt(s);
    C->local_count = saved;
}

static void compile_stmt(node *n) {
    if (!n || C->error) { C->error = 1; return; }
    switch (n->kind) {
    case N_LET:
        compile_expr(n->a);
        if (C->in_function || C->loop_depth > 0) {
            /* the slot is reserved after the initialiser so `let x = x + 1` sees the outer x */
            i32 l = add_local(n->name, n->name_len);
            emit2(OP_STOREL, l);
        } else {
            emit2(OP_STOREG, add_global(n->name, n->name_len));
        }
        break;
    case N_ASSIGN:
        if (n->a->kind == N_NAME) {
            compile_expr(n->b);
            i32 l = find_local(n->a->name, n->a->name_len);
            if (l >= 0) emit2(OP_STOREL, l);
            else emit2(OP_STOREG, add_global(n->a->name, n->a->name_len));
        } else {
            compile_expr(n->a->a);
            compile_expr(n->a->b);
            compile_expr(n->b);
            emit(OP_SETINDEX);
        }
        break;
    case N_EXPR:
        compile_expr(n->a);
        emit(OP_POP);
        break;
    case N_BLOCK: compile_block(n); break;
    case N_IF: {
        compile_expr(n->a);
        u32 jf = emit_jump(OP_JFALSE);
        compile_block(n->b);
        if (n->c) {
            u32 jend = emit_jump(OP_JMP);
            patch(jf, C->code_len);
            if (n->c->kind == N_BLOCK) compile_block(n->c);
            else compile_stmt(n->c);
            patch(jend, C->code_len);
        } else {
            patch(jf, C->code_len);
        }
        break;
    }
    case N_WHILE: {
        if (C->loop_depth >= MAX_LOOPS) { C->error = 1; return; }
        u32 top = C->code_len;
        compile_expr(n->a);
        u32 jf = emit_jump(OP_JFALSE);
        u32 d = C->loop_depth++;
        C->loops[d].continue_target = top;
        C->loops[d].break_count = 0;
        C->loops[d].continue_count = 0;
        compile_block(n->b);
        emit2(OP_JMP, (i32)top);
        patch(jf, C->code_len);
        for (u32 i = 0; i < C->loops[d].break_count; i++) patch(C->loops[d].breaks[i], C->code_len);
        for (u32 i = 0; i < C->loops[d].continue_count; i++) patch(C->loops[d].continue_patches[i], top);
        C->loop_depth--;
        break;
    }
    case N_FOR: {
        /* for i in a..b { body }: locals i and a hidden limit; OP_FORLOOP i, exit */
        if (C->loop_depth >= MAX_LOOPS) { C->error = 1; return; }
        u32 saved = C->local_count;
        compile_expr(n->a);
        compile_expr(n->b);
        i32 limit = add_local("(limit)", 7);
        emit2(OP_STOREL, limit);
        i32 var = add_local(n->name, n->name_len);
        emit2(OP_STOREL, var);
        u32 top = C->code_len;
        emit(OP_FORLOOP);
        emit(var);
        u32 exit_patch = C->code_len;
        emit(0);
        u32 d = C->loop_depth++;
        C->loops[d].break_count = 0;
        C->loops[d].continue_count = 0;
        compile_block(n->c);
        u32 step = C->code_len;
        emit2(OP_INCL, var);
        emit2(OP_JMP, (i32)top);
        patch(exit_patch, C->code_len);
        for (u32 i = 0; i < C->loops[d].break_count; i++) patch(C->loops[d].breaks[i], C->code_len);
        for (u32 i = 0; i < C->loops[d].continue_count; i++) patch(C->loops[d].continue_patches[i], step);
        C->loop_depth--;
        C->local_count = saved;
        break;
    }
    case N_BREAK: case N_CONTINUE: {
        if (C->loop_depth == 0) { C->error = 1; return; }
        u32 d = C->loop_depth - 1;
        u32 j = emit_jump(OP_JMP);
        if (n->kind == N_BREAK) {
            if (C->loops[d].break_count >= MAX_PATCHES) { C->error = 1; return; }
            C->loops[d].breaks[C->loops[d].break_count++] = j;
        } else {
            if (C->loops[d].continue_count >= MAX_PATCHES) { C->error = 1; return; }
            C->loops[d].continue_patches[C->loops[d].continue_count++] = j;
        }
        break;
    }
    case N_RETURN:
        if (n->a) compile_expr(n->a);
        else emit(OP_NIL);
        emit(OP_RET);
        break;
    case N_FN: {
        if (C->in_function) { C->error = 1; return; }
        function *f = arena_alloc(sizeof(function));
        if (!f) { C->error = 1; return; }
        i32 g = add_global(n->name, n->name_len);
        C->global_values[g] = v_obj(T_FUNC, f);
        /* the function's code goes inline, jumped over */
        u32 skip = emit_jump(OP_JMP);
        f->entry = C->code_len;
        f->name = (u32)g;
        u32 outer_count = C->local_count, outer_max = C->max_locals;
        C->in_function = 1;
        C->local_count = 0;
        C->max_locals = 0;
        u32 params = 0;
        for (node *p = n->a; p; p = p->next) { add_local(p->name, p->name_len); params++; }
        f->params = params;
        compile_block(n->b);
        emit(OP_NIL);
        emit(OP_RET);
        f->locals = C->max_locals;
        C->in_function = 0;
        C->local_count = outer_count;
        C->max_locals = outer_max;
        patch(skip, C->code_len);
        break;
    }
    default: C->error = 1;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Virtual machine                                                                             */
/* ------------------------------------------------------------------------------------------ */

#define STACK_SIZE 16384
#define MAX_FRAMES 512

enum { ERR_NONE, ERR_TYPE, ERR_INDEX, ERR_ARITY, ERR_DIVZERO, ERR_STACK, ERR_MEMORY, ERR_CALL };

typedef struct { u32 return_pc; u32 base; } frame;

static value stack[STACK_SIZE];
static frame frames[MAX_FRAMES];
static u32 emitted_hash;
static u32 emitted_count;

static i32 truthy(value v) {
    if (v.tag == T_NIL) return 0;
    if (v.tag == T_BOOL || v.tag == T_INT) return v.i != 0;
    return 1;
}

static i32 compare_values(value a, value b, i32 *out) {
    if (a.tag == T_INT && b.tag == T_INT) { *out = a.i < b.i ? -1 : a.i > b.i; return 1; }
    if (a.tag == T_STR && b.tag == T_STR) {
        string *x = AS_STR(a), *y = AS_STR(b);
        u32 n = x->len < y->len ? x->len : y->len;
        for (u32 i = 0; i < n; i++) {
            if (x->chars[i] != y->chars[i]) { *out = (u8)x->chars[i] < (u8)y->chars[i] ? -1 : 1; return 1; }
        }
        *out = x->len < y->len ? -1 : x->len > y->len;
        return 1;
    }
    return 0;
}

static i32 call_builtin(i32 id, value *args, i32 argc, value *result) {
    *result = V_NIL;
    switch (id) {
    case B_LEN:
        if (argc != 1) return ERR_ARITY;
        if (args[0].tag == T_STR) *result = v_int(AS_STR(args[0])->len);
        else if (args[0].tag == T_ARRAY) *result = v_int(AS_ARRAY(args[0])->len);
        else if (args[0].tag == T_MAP) *result = v_int(AS_MAP(args[0])->count);
        else return ERR_TYPE;
        return ERR_NONE;
    case B_PUSH:
        if (argc != 2) return ERR_ARITY;
        if (args[0].tag != T_ARRAY) return ERR_TYPE;
        if (!array_push(AS_ARRAY(args[0]), args[1])) return ERR_MEMORY;
        *result = args[0];
        return ERR_NONE;
    case B_POP: {
        if (argc != 1) return ERR_ARITY;
        if (args[0].tag != T_ARRAY) return ERR_TYPE;
        array *a = AS_ARRAY(args[0]);
        if (a->len == 0) return ERR_INDEX;
        *result = a->items[--a->len];
        return ERR_NONE;
    }
    case B_STR:
        if (argc != 1) return ERR_ARITY;
        if (args[0].tag == T_STR) { *result = args[0]; return ERR_NONE; }
        if (args[0].tag != T_INT) return ERR_TYPE;
        {
            string *s = int_to_string(args[0].i);
            if (!s) return ERR_MEMORY;
            *result = v_obj(T_STR, s);
        }
        return ERR_NONE;
    case B_CHR: {
        if (argc != 1) return ERR_ARITY;
        if (args[0].tag != T_INT) return ERR_TYPE;
        char c = (char)args[0].i;
        string *s = new_string(&c, 1);
        if (!s) return ERR_MEMORY;
        *result = v_obj(T_STR, s);
        return ERR_NONE;
    }
    case B_ORD: {
        if (argc != 2) return ERR_ARITY;
        if (args[0].tag != T_STR || args[1].tag != T_INT) return ERR_TYPE;
        string *s = AS_STR(args[0]);
        if (args[1].i < 0 || args[1].i >= s->len) return ERR_INDEX;
        *result = v_int((u8)s->chars[args[1].i]);
        return ERR_NONE;
    }
    case B_SUBSTR: {
        if (argc != 3) return ERR_ARITY;
        if (args[0].tag != T_STR || args[1].tag != T_INT || args[2].tag != T_INT) return ERR_TYPE;
        string *s = AS_STR(args[0]);
        i64 from = args[1].i, n = args[2].i;
        if (from < 0 || n < 0 || from + n > s->len) return ERR_INDEX;
        string *r = new_string(s->chars + from, (u32)n);
        if (!r) return ERR_MEMORY;
        *result = v_obj(T_STR, r);
        return ERR_NONE;
    }
    case B_KEYS: {
        if (argc != 1) return ERR_ARITY;
        if (args[0].tag != T_MAP) return ERR_TYPE;
        map *m = AS_MAP(args[0]);
        array *a = new_array(m->count);
        if (!a) return ERR_MEMORY;
        for (u32 i = 0; i < m->cap; i++)
            if (m->entries[i].used && !array_push(a, m->entries[i].key)) return ERR_MEMORY;
        *result = v_obj(T_ARRAY, a);
        return ERR_NONE;
    }
    case B_HAS:
        if (argc != 2) return ERR_ARITY;
        if (args[0].tag != T_MAP) return ERR_TYPE;
        *result = v_bool(map_find(AS_MAP(args[0]), args[1])->used);
        return ERR_NONE;
    case B_EMIT:
        for (i32 i = 0; i < argc; i++) {
            u32 h;
            if (args[i].tag == T_STR) h = AS_STR(args[i])->hash;
            else h = value_hash(args[i]) ^ args[i].tag;
            emitted_hash = (emitted_hash ^ h) * 0x01000193u;
            emitted_count++;
        }
        return ERR_NONE;
    default: return ERR_CALL;
    }
}

/* Runs from pc with the stack's top at sp; returns an error code, the result in *out. */
static i32 run(const i32 *code, u32 pc, u32 top_locals, value *globals, value *consts, value *out) {
    value *sp = stack + top_locals; /* next free slot, above the top level's loop locals */
    value *base = stack;        /* the current frame's locals */
    value *limit = stack + STACK_SIZE - 64;
    u32 depth = 0;
    for (;;) {
        i32 op = code[pc++];
        switch (op) {
        case OP_INT: *sp++ = v_int(code[pc++]); break;
        case OP_CONST: *sp++ = consts[code[pc++]]; break;
        case OP_NIL: *sp++ = V_NIL; break;
        case OP_TRUE: *sp++ = v_bool(1); break;
        case OP_FALSE: *sp++ = v_bool(0); break;
        case OP_POP: sp--; break;
        case OP_LOADL: *sp++ = base[code[pc++]]; break;
        case OP_STOREL: base[code[pc++]] = *--sp; break;
        case OP_LOADG: *sp++ = globals[code[pc++]]; break;
        case OP_STOREG: globals[code[pc++]] = *--sp; break;
        case OP_ADD: {
            value b = *--sp, a = sp[-1];
            if (a.tag == T_INT && b.tag == T_INT) sp[-1].i = a.i + b.i;
            else if (a.tag == T_STR && b.tag == T_STR) {
                string *s = concat(AS_STR(a), AS_STR(b));
                if (!s) return ERR_MEMORY;
                sp[-1] = v_obj(T_STR, s);
            } else return ERR_TYPE;
            break;
        }
#define INT_BINOP(OPC, EXPR)                                        \
        case OPC: {                                                 \
            value b = *--sp, a = sp[-1];                            \
            if (a.tag != T_INT || b.tag != T_INT) return ERR_TYPE;  \
            sp[-1].i = (EXPR);                                      \
            break;                                                  \
        }
        INT_BINOP(OP_SUB, a.i - b.i)
        INT_BINOP(OP_MUL, (i64)((u64)a.i * (u64)b.i))
        INT_BINOP(OP_BAND, a.i & b.i)
        INT_BINOP(OP_BOR, a.i | b.i)
        INT_BINOP(OP_BXOR, a.i ^ b.i)
        INT_BINOP(OP_SHL, (i64)((u64)a.i << (b.i & 63)))
        INT_BINOP(OP_SHR, a.i >> (b.i & 63))
        case OP_DIV: case OP_MOD: {
            value b = *--sp, a = sp[-1];
            if (a.tag != T_INT || b.tag != T_INT) return ERR_TYPE;
            if (b.i == 0) return ERR_DIVZERO;
            if (b.i == -1) sp[-1].i = op == OP_DIV ? (i64)((u64)0 - (u64)a.i) : 0;
            else sp[-1].i = op == OP_DIV ? a.i / b.i : a.i % b.i;
            break;
        }
        case OP_NEG:
            if (sp[-1].tag != T_INT) return ERR_TYPE;
            sp[-1].i = (i64)((u64)0 - (u64)sp[-1].i);
            break;
        case OP_NOT: sp[-1] = v_bool(!truthy(sp[-1])); break;
        case OP_EQ: { value b = *--sp; sp[-1] = v_bool(values_equal(sp[-1], b)); break; }
        case OP_NE: { value b = *--sp; sp[-1] = v_bool(!values_equal(sp[-1], b)); break; }
        case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
            value b = *--sp, a = sp[-1];
            i32 c;
            if (a.tag == T_INT && b.tag == T_INT) c = a.i < b.i ? -1 : a.i > b.i;
            else if (!compare_values(a, b, &c)) return ERR_TYPE;
            i32 r = op == OP_LT ? c < 0 : op == OP_LE ? c <= 0 : op == OP_GT ? c > 0 : c >= 0;
            sp[-1] = v_bool(r);
            break;
        }
        case OP_JMP: pc = (u32)code[pc]; break;
        case OP_JFALSE: { value v = *--sp; pc = truthy(v) ? pc + 1 : (u32)code[pc]; break; }
        case OP_JFALSE_KEEP:
            if (!truthy(sp[-1])) pc = (u32)code[pc];
            else { sp--; pc++; }
            break;
        case OP_JTRUE_KEEP:
            if (truthy(sp[-1])) pc = (u32)code[pc];
            else { sp--; pc++; }
            break;
        case OP_CALL: {
            i32 argc = code[pc++];
            value callee = sp[-argc - 1];
            if (callee.tag != T_FUNC) return ERR_CALL;
            function *f = AS_FUNC(callee);
            if ((i32)f->params != argc) return ERR_ARITY;
            if (depth >= MAX_FRAMES || sp + f->locals + 8 >= limit) return ERR_STACK;
            frames[depth].return_pc = pc;
            frames[depth].base = (u32)(base - stack);
            depth++;
            base = sp - argc;
            for (u32 i = (u32)argc; i < f->locals; i++) base[i] = V_NIL;
            sp = base + f->locals;
            pc = f->entry;
            break;
        }
        case OP_RET: {
            value result = sp[-1];
            if (depth == 0) { *out = result; return ERR_NONE; }
            depth--;
            sp = base - 1; /* drop the callee and the arguments */
            sp[0] = result;
            sp++;
            base = stack + frames[depth].base;
            pc = frames[depth].return_pc;
            break;
        }
        case OP_ARRAY: {
            i32 n = code[pc++];
            array *a = new_array((u32)n);
            if (!a) return ERR_MEMORY;
            sp -= n;
            for (i32 i = 0; i < n; i++) a->items[i] = sp[i];
            a->len = (u32)n;
            *sp++ = v_obj(T_ARRAY, a);
            break;
        }
        case OP_MAP: {
            i32 n = code[pc++];
            map *m = new_map((u32)n);
            if (!m) return ERR_MEMORY;
            sp -= 2 * n;
            for (i32 i = 0; i < n; i++)
                if (!map_set(m, sp[2 * i], sp[2 * i + 1])) return ERR_MEMORY;
            *sp++ = v_obj(T_MAP, m);
            break;
        }
        case OP_INDEX: {
            value k = *--sp, c = sp[-1];
            if (c.tag == T_ARRAY) {
                array *a = AS_ARRAY(c);
                if (k.tag != T_INT) return ERR_TYPE;
                if (k.i < 0 || k.i >= a->len) return ERR_INDEX;
                sp[-1] = a->items[k.i];
            } else if (c.tag == T_MAP) {
                map_entry *e = map_find(AS_MAP(c), k);
                sp[-1] = e->used ? e->val : V_NIL;
            } else if (c.tag == T_STR) {
                string *s = AS_STR(c);
                if (k.tag != T_INT) return ERR_TYPE;
                if (k.i < 0 || k.i >= s->len) return ERR_INDEX;
                sp[-1] = v_int((u8)s->chars[k.i]);
            } else return ERR_TYPE;
            break;
        }
        case OP_SETINDEX: {
            value v = *--sp, k = *--sp, c = *--sp;
            if (c.tag == T_ARRAY) {
                array *a = AS_ARRAY(c);
                if (k.tag != T_INT) return ERR_TYPE;
                if (k.i < 0 || k.i > a->len) return ERR_INDEX;
                if (k.i == a->len) { if (!array_push(a, v)) return ERR_MEMORY; }
                else a->items[k.i] = v;
            } else if (c.tag == T_MAP) {
                if (!map_set(AS_MAP(c), k, v)) return ERR_MEMORY;
            } else return ERR_TYPE;
            break;
        }
        case OP_BUILTIN: {
            i32 id = code[pc++], argc = code[pc++];
            value result;
            sp -= argc;
            i32 err = call_builtin(id, sp, argc, &result);
            if (err) return err;
            *sp++ = result;
            break;
        }
        case OP_FORLOOP: {
            /* locals: var at code[pc], the limit just below it */
            i32 var = code[pc];
            value v = base[var], lim = base[var - 1];
            if (v.tag != T_INT || lim.tag != T_INT) return ERR_TYPE;
            pc = v.i < lim.i ? pc + 2 : (u32)code[pc + 1];
            break;
        }
        case OP_INCL: base[code[pc++]].i++; break;
        case OP_HALT: *out = sp > stack ? sp[-1] : V_NIL; return ERR_NONE;
        default: return ERR_CALL;
        }
    }
}

/* Compiles and runs `source`; main() (if defined) is called with `arg`. */
static i64 run_script(const char *source, u32 len, i64 arg) {
    arena_reset();
    emitted_hash = 2166136261u;
    emitted_count = 0;
    parser ps = {0};
    lex_init(&ps.lx, source, len);
    node *program = parse_program(&ps);
    if (ps.error || !program) return -1000 - (i64)ps.error_line;
    C = arena_alloc(sizeof(compiler));
    if (!C) return -2;
    mem_zero(C, sizeof(compiler));
    /* top-level code runs in a pseudo-frame whose locals are its loop variables */
    for (node *s = program->a; s; s = s->next) compile_stmt(s);
    i32 main_global = find_global("main", 4);
    if (main_global >= 0) {
        emit2(OP_LOADG, main_global);
        emit2(OP_CONST, (i32)add_const(v_int(arg)));
        emit2(OP_CALL, 1);
    } else {
        emit(OP_NIL);
    }
    emit(OP_HALT);
    if (C->error) return -3;
    for (u32 i = 0; i < C->max_locals; i++) stack[i] = V_NIL;
    value result;
    i32 err = run(C->code, 0, C->max_locals, C->global_values, C->consts, &result);
    if (out_of_memory) return -4;
    if (err) return -10 - err;
    i64 r = result.tag == T_INT ? result.i : (i64)result.tag;
    return (i64)((u64)r * 1000003u + emitted_hash + ((u64)emitted_count << 32));
}

/* ------------------------------------------------------------------------------------------ */
/* The benchmark script                                                                        */
/* ------------------------------------------------------------------------------------------ */

static const char BENCH_SCRIPT[] =
    "// Pebble benchmark: recursion, arrays, maps, strings, sorting\n"
    "fn fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }\n"
    "\n"
    "fn sieve(n) {\n"
    "  let marks = []\n"
    "  for i in 0..n { push(marks, true) }\n"
    "  let count = 0\n"
    "  for i in 2..n {\n"
    "    if marks[i] {\n"
    "      count = count + 1\n"
    "      let j = i * i\n"
    "      while j < n { marks[j] = false; j = j + i }\n"
    "    }\n"
    "  }\n"
    "  return count\n"
    "}\n"
    "\n"
    "fn quicksort(a, lo, hi) {\n"
    "  while lo < hi {\n"
    "    let p = a[(lo + hi) / 2]\n"
    "    let i = lo\n"
    "    let j = hi\n"
    "    while i <= j {\n"
    "      while a[i] < p { i = i + 1 }\n"
    "      while a[j] > p { j = j - 1 }\n"
    "      if i <= j { let t = a[i]; a[i] = a[j]; a[j] = t; i = i + 1; j = j - 1 }\n"
    "    }\n"
    "    if j - lo < hi - i { quicksort(a, lo, j); lo = i } else { quicksort(a, i, hi); hi = j }\n"
    "  }\n"
    "}\n"
    "\n"
    "let seed = 12345\n"
    "fn rand() {\n"
    "  seed = (seed * 1103515245 + 12345) % 2147483648\n"
    "  return seed >> 8\n"
    "}\n"
    "\n"
    "fn words(n) {\n"
    "  let vocab = [\"stone\", \"cairn\", \"path\", \"gas\", \"wasm\", \"proof\", \"hash\", \"tree\", \"leaf\", \"root\"]\n"
    "  let counts = {}\n"
    "  let text = \"\"\n"
    "  for i in 0..n {\n"
    "    let w = vocab[rand() % len(vocab)] + str(rand() % 7)\n"
    "    if has(counts, w) { counts[w] = counts[w] + 1 } else { counts[w] = 1 }\n"
    "    if i % 50 == 0 { text = \"\" }\n"
    "    text = text + w + \" \"\n"
    "  }\n"
    "  let ks = keys(counts)\n"
    "  quicksort(ks, 0, len(ks) - 1)\n"
    "  let total = 0\n"
    "  for i in 0..len(ks) { total = total + counts[ks[i]] * (i + 1); emit(ks[i]) }\n"
    "  return total + len(text)\n"
    "}\n"
    "\n"
    "fn checksum(a) {\n"
    "  let h = 0\n"
    "  for i in 0..len(a) { h = (h * 31 + a[i]) & 1073741823 }\n"
    "  return h\n"
    "}\n"
    "\n"
    "fn main(n) {\n"
    "  let r = fib(12 + n / 40)\n"
    "  emit(r)\n"
    "  r = r + sieve(n * 40)\n"
    "  let a = []\n"
    "  for i in 0..n * 8 { push(a, rand() % 100000) }\n"
    "  quicksort(a, 0, len(a) - 1)\n"
    "  for i in 1..len(a) { if a[i - 1] > a[i] { return -1 } }\n"
    "  r = r + checksum(a)\n"
    "  r = r + words(n * 2)\n"
    "  let m = {\"a\": 1, \"b\": 2}\n"
    "  let k = 0\n"
    "  while k < n { m[k] = k * k; k = k + 1 }\n"
    "  let s = 0\n"
    "  for i in 0..n { if has(m, i) and m[i] % 3 == 0 or i == 7 { s = s + m[i] } else { continue } }\n"
    "  emit(s, len(m), \"done\")\n"
    "  return r + s\n"
    "}\n";

EXPORT("script_bench")
i64 script_bench(i32 n) {
    return run_script(BENCH_SCRIPT, sizeof BENCH_SCRIPT - 1, n);
}

EXPORT("script_eval")
i64 script_eval(i32 n) {
    static const char src[] = "fn main(n) { return 6 * 7 + n }";
    return run_script(src, sizeof src - 1, n);
}
