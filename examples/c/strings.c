/* strings.c: string and byte-buffer operations, heavy on memcpy/memset/memmove (which the
 * compiler lowers to the bulk-memory instructions memory.copy and memory.fill).
 *
 * Exports:
 *   build_text(n, seed)     builds text of n pseudo-random words in a buffer; returns its length
 *   text_hash(n, seed)      FNV-1a hash of that text
 *   count_word(n, seed)     occurrences of "the" in that text (naive search with memcmp)
 *   reverse_words(n, seed)  reverses every word in place and returns the FNV-1a hash
 *   memmove_shuffle(rounds) repeated overlapping memmoves inside one buffer; returns a hash
 *   palindromes(limit)      how many numbers below limit read the same in decimal both ways
 *   itoa_sum(n)             total length of the decimal strings of -n..n
 *   copy_out(dst, len)      memory.copy of len bytes to dst (traps if dst+len is out of bounds)
 *   fill_out(dst, len)      memory.fill of len bytes at dst (traps if dst+len is out of bounds)
 */
#include "common.h"

#define CAP (1 << 16)
static char text[CAP];
static char tmp[CAP];
static u32 text_len;

static const char *const WORDS[] = {
    "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "a", "cairn",
    "stone", "marks", "path", "theory", "other", "then", "wasm", "gas", "meter", "proof",
};
#define NWORDS ((u32)(sizeof(WORDS) / sizeof(WORDS[0])))

static u32 my_strlen(const char *s) {
    u32 n = 0;
    while (s[n]) n++;
    return n;
}

static int my_memcmp(const void *a, const void *b, u32 n) {
    const u8 *x = a, *y = b;
    for (u32 i = 0; i < n; i++)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}

static u32 fnv1a(const char *p, u32 n) {
    u32 h = 0x811c9dc5u;
    for (u32 i = 0; i < n; i++) h = (h ^ (u8)p[i]) * 0x01000193u;
    return h;
}

static void build(i32 n, u32 seed) {
    u32 s = seed_state(seed);
    __builtin_memset(text, 0, sizeof text);
    text_len = 0;
    for (i32 i = 0; i < n; i++) {
        const char *w = WORDS[xorshift32(&s) % NWORDS];
        u32 len = my_strlen(w);
        if (text_len + len + 1 >= CAP) break;
        __builtin_memcpy(text + text_len, w, len);
        text_len += len;
        text[text_len++] = (xorshift32(&s) & 7) == 0 ? '\n' : ' ';
    }
}

EXPORT("build_text")
u32 build_text(i32 n, u32 seed) { build(n, seed); return text_len; }

EXPORT("text_hash")
u32 text_hash(i32 n, u32 seed) { build(n, seed); return fnv1a(text, text_len); }

EXPORT("count_word")
u32 count_word(i32 n, u32 seed) {
    build(n, seed);
    u32 count = 0;
    for (u32 i = 0; i + 3 <= text_len; i++)
        if ((i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n') && my_memcmp(text + i, "the", 3) == 0 &&
            (i + 3 == text_len || text[i + 3] == ' ' || text[i + 3] == '\n'))
            count++;
    return count;
}

EXPORT("reverse_words")
u32 reverse_words(i32 n, u32 seed) {
    build(n, seed);
    u32 i = 0;
    while (i < text_len) {
        u32 j = i;
        while (j < text_len && text[j] != ' ' && text[j] != '\n') j++;
        /* reverse via a temporary copy */
        __builtin_memcpy(tmp, text + i, j - i);
        for (u32 k = 0; k < j - i; k++) text[i + k] = tmp[j - i - 1 - k];
        i = j + 1;
    }
    return fnv1a(text, text_len);
}

EXPORT("memmove_shuffle")
u32 memmove_shuffle(i32 rounds) {
    for (u32 i = 0; i < 4096; i++) tmp[i] = (char)(i * 7 + (i >> 3));
    u32 s = 12345;
    for (i32 r = 0; r < rounds; r++) {
        u32 src = xorshift32(&s) % 2048, dst = xorshift32(&s) % 2048, len = xorshift32(&s) % 2048;
        __builtin_memmove(tmp + dst, tmp + src, len);
        __builtin_memset(tmp + (xorshift32(&s) % 4000), (int)(r & 0xff), xorshift32(&s) % 96);
    }
    return fnv1a(tmp, 4096);
}

static u32 utoa(u32 v, char *out) {
    char buf[12];
    u32 n = 0;
    do { buf[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    for (u32 i = 0; i < n; i++) out[i] = buf[n - 1 - i];
    out[n] = 0;
    return n;
}

static u32 itoa(i32 v, char *out) {
    if (v < 0) { out[0] = '-'; return 1 + utoa(0u - (u32)v, out + 1); }
    return utoa((u32)v, out);
}

EXPORT("palindromes")
u32 palindromes(u32 limit) {
    char buf[16];
    u32 count = 0;
    for (u32 v = 0; v < limit; v++) {
        u32 n = utoa(v, buf), ok = 1;
        for (u32 i = 0; i < n / 2; i++)
            if (buf[i] != buf[n - 1 - i]) { ok = 0; break; }
        count += ok;
    }
    return count;
}

EXPORT("itoa_sum")
u32 itoa_sum(i32 n) {
    char buf[16];
    u32 total = 0;
    for (i32 v = -n; v <= n; v++) total += itoa(v, buf);
    return total;
}

EXPORT("copy_out")
u32 copy_out(u32 dst, u32 len) {
    __builtin_memcpy((char *)(usize)dst, text, len);
    return len;
}

EXPORT("fill_out")
u32 fill_out(u32 dst, u32 len) {
    __builtin_memset((char *)(usize)dst, 0x41, len);
    return len;
}
