/* json.c: a JSON writer and a validating recursive-descent JSON parser (tokenizing, string
 * unescaping with \uXXXX to UTF-8, number scanning, nesting), run over a generated document.
 *
 * Exports:
 *   json_generate(items, seed)   writes a document of `items` records; returns its length in bytes
 *   json_parse_bench(items, reps) generates the document once, parses it `reps` times; returns a
 *                                checksum of what was parsed (i64), or -1 on a parse error
 */
#include "bench.h"

#define CAP (1 << 20)
static char doc[CAP];
static u32 doc_len;
static char scratch[4096];

/* ---- writer ---- */

typedef struct { char *p; char *end; u32 rng; } writer;

static void put(writer *w, char c) { if (w->p < w->end) *w->p++ = c; }
static void puts_(writer *w, const char *s) { while (*s) put(w, *s++); }
static void put_uint(writer *w, u64 v) {
    char tmp[24];
    i32 n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) put(w, tmp[--n]);
}

static const char *const KEYS[] = {"id", "name", "tags", "score", "active", "parent", "meta", "text", "geo", "note"};
static const char *const WORDS[] = {"alpha", "beta", "gamma", "delta", "cairn", "stone", "wasm", "gas", "proof", "ledger"};

static void write_string(writer *w) {
    put(w, '"');
    u32 words = 1 + rng_next(&w->rng) % 5;
    for (u32 i = 0; i < words; i++) {
        if (i) put(w, ' ');
        puts_(w, WORDS[rng_next(&w->rng) % 10]);
        switch (rng_next(&w->rng) % 16) {
        case 0: puts_(w, "\\n"); break;
        case 1: puts_(w, "\\\""); break;
        case 2: puts_(w, "\\u00e9"); break;
        case 3: puts_(w, "\\u4e2d"); break;
        case 4: puts_(w, "\\\\"); break;
        default: break;
        }
    }
    put(w, '"');
}

static void write_number(writer *w) {
    u32 r = rng_next(&w->rng);
    if (r & 1) put(w, '-');
    put_uint(w, (r >> 1) % 100000);
    if (r & 2) { put(w, '.'); put_uint(w, 1 + (r >> 8) % 999); }
    if ((r & 12) == 12) { puts_(w, "e+"); put_uint(w, (r >> 20) % 20); }
}

static void write_value(writer *w, i32 depth) {
    u32 kind = rng_next(&w->rng) % (depth > 3 ? 5 : 7);
    switch (kind) {
    case 0: write_string(w); break;
    case 1: write_number(w); break;
    case 2: puts_(w, (rng_next(&w->rng) & 1) ? "true" : "false"); break;
    case 3: puts_(w, "null"); break;
    case 4: write_number(w); break;
    case 5: {
        u32 n = rng_next(&w->rng) % 6;
        put(w, '[');
        for (u32 i = 0; i < n; i++) { if (i) puts_(w, ", "); write_value(w, depth + 1); }
        put(w, ']');
        break;
    }
    default: {
        u32 n = 1 + rng_next(&w->rng) % 5;
        put(w, '{');
        for (u32 i = 0; i < n; i++) {
            if (i) put(w, ',');
            puts_(w, "\n  \""); puts_(w, KEYS[rng_next(&w->rng) % 10]); puts_(w, "\": ");
            write_value(w, depth + 1);
        }
        puts_(w, "}");
        break;
    }
    }
}

EXPORT("json_generate")
u32 json_generate(i32 items, u32 seed) {
    writer w = {doc, doc + CAP - 1, rng_seed(seed)};
    put(&w, '[');
    for (i32 i = 0; i < items; i++) {
        if (i) puts_(&w, ",\n");
        puts_(&w, "{\"id\": "); put_uint(&w, (u64)i);
        puts_(&w, ", \"record\": ");
        write_value(&w, 0);
        puts_(&w, ", \"name\": "); write_string(&w);
        put(&w, '}');
    }
    put(&w, ']');
    doc_len = (u32)(w.p - doc);
    return doc_len;
}

/* ---- parser ---- */

typedef struct {
    const char *p, *end;
    i32 error;
    u32 objects, arrays, strings, numbers, literals, keys;
    u64 number_sum;
    u32 string_hash;
    i32 depth, max_depth;
} parser;

static inline void skip_ws(parser *ps) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\t' || *ps->p == '\r')) ps->p++;
}

static inline i32 hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Parses a string at p (after the quote), unescaping into scratch; returns its length. */
static u32 parse_string(parser *ps) {
    u32 n = 0;
    for (;;) {
        if (ps->p >= ps->end) { ps->error = 1; return 0; }
        char c = *ps->p++;
        if (c == '"') break;
        if ((u8)c < 0x20) { ps->error = 1; return 0; }
        if (c == '\\') {
            if (ps->p >= ps->end) { ps->error = 1; return 0; }
            char e = *ps->p++;
            switch (e) {
            case '"': case '\\': case '/': c = e; break;
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'u': {
                if (ps->end - ps->p < 4) { ps->error = 1; return 0; }
                u32 cp = 0;
                for (i32 i = 0; i < 4; i++) {
                    i32 h = hexval(*ps->p++);
                    if (h < 0) { ps->error = 1; return 0; }
                    cp = cp << 4 | (u32)h;
                }
                if (n + 3 >= sizeof scratch) { ps->error = 1; return 0; }
                if (cp < 0x80) scratch[n++] = (char)cp;
                else if (cp < 0x800) { scratch[n++] = (char)(0xc0 | cp >> 6); scratch[n++] = (char)(0x80 | (cp & 63)); }
                else {
                    scratch[n++] = (char)(0xe0 | cp >> 12);
                    scratch[n++] = (char)(0x80 | ((cp >> 6) & 63));
                    scratch[n++] = (char)(0x80 | (cp & 63));
                }
                continue;
            }
            default: ps->error = 1; return 0;
            }
        }
        if (n + 1 >= sizeof scratch) { ps->error = 1; return 0; }
        scratch[n++] = c;
    }
    ps->strings++;
    ps->string_hash = (ps->string_hash ^ fnv1a(scratch, n)) * 31u;
    return n;
}

static void parse_number(parser *ps) {
    u64 mant = 0;
    i32 neg = 0, digits = 0;
    if (*ps->p == '-') { neg = 1; ps->p++; }
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') { mant = mant * 10 + (u64)(*ps->p++ - '0'); digits++; }
    if (!digits) { ps->error = 1; return; }
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        i32 frac = 0;
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') { mant = mant * 10 + (u64)(*ps->p++ - '0'); frac++; }
        if (!frac) { ps->error = 1; return; }
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
        i32 exp = 0, ed = 0;
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') { exp = exp * 10 + (*ps->p++ - '0'); ed++; }
        if (!ed) { ps->error = 1; return; }
        mant += (u64)exp << 40;
    }
    ps->numbers++;
    ps->number_sum += neg ? (u64)0 - mant : mant;
}

static i32 match(parser *ps, const char *lit) {
    const char *q = ps->p;
    while (*lit) { if (q >= ps->end || *q != *lit) return 0; q++; lit++; }
    ps->p = q;
    return 1;
}

static void parse_value(parser *ps);

static void parse_array(parser *ps) {
    ps->arrays++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ']') { ps->p++; return; }
    for (;;) {
        parse_value(ps);
        if (ps->error) return;
        skip_ws(ps);
        if (ps->p >= ps->end) { ps->error = 1; return; }
        char c = *ps->p++;
        if (c == ']') return;
        if (c != ',') { ps->error = 1; return; }
    }
}

static void parse_object(parser *ps) {
    ps->objects++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == '}') { ps->p++; return; }
    for (;;) {
        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != '"') { ps->error = 1; return; }
        ps->p++;
        parse_string(ps);
        ps->keys++;
        if (ps->error) return;
        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p++ != ':') { ps->error = 1; return; }
        parse_value(ps);
        if (ps->error) return;
        skip_ws(ps);
        if (ps->p >= ps->end) { ps->error = 1; return; }
        char c = *ps->p++;
        if (c == '}') return;
        if (c != ',') { ps->error = 1; return; }
    }
}

static void parse_value(parser *ps) {
    skip_ws(ps);
    if (ps->p >= ps->end) { ps->error = 1; return; }
    if (++ps->depth > 64) { ps->error = 1; return; }
    if (ps->depth > ps->max_depth) ps->max_depth = ps->depth;
    char c = *ps->p;
    switch (c) {
    case '{': ps->p++; parse_object(ps); break;
    case '[': ps->p++; parse_array(ps); break;
    case '"': ps->p++; parse_string(ps); break;
    case 't': if (match(ps, "true")) ps->literals++; else ps->error = 1; break;
    case 'f': if (match(ps, "false")) ps->literals++; else ps->error = 1; break;
    case 'n': if (match(ps, "null")) ps->literals++; else ps->error = 1; break;
    default:
        if (c == '-' || (c >= '0' && c <= '9')) parse_number(ps);
        else ps->error = 1;
    }
    ps->depth--;
}

static i64 parse_document(const char *text, u32 len) {
    parser ps = {0};
    ps.p = text;
    ps.end = text + len;
    parse_value(&ps);
    skip_ws(&ps);
    if (ps.error || ps.p != ps.end) return -1;
    u64 h = ps.number_sum;
    h = h * 31 + ps.string_hash;
    h = h * 31 + ps.objects;
    h = h * 31 + ps.arrays;
    h = h * 31 + ps.strings;
    h = h * 31 + ps.numbers;
    h = h * 31 + ps.literals;
    h = h * 31 + ps.keys;
    h = h * 31 + (u64)ps.max_depth;
    return (i64)(h & 0x7fffffffffffffffull);
}

EXPORT("json_parse_bench")
i64 json_parse_bench(i32 items, i32 reps) {
    u32 len = json_generate(items, 42);
    u64 result = len;
    for (i32 r = 0; r < reps; r++) {
        i64 v = parse_document(doc, len);
        if (v < 0) return -1;
        result = result * 31 + (u64)v + (u64)r;
    }
    return (i64)(result >> 1);
}
