/* lz.c: an LZ77 compressor with a hash-chain match finder and a byte-oriented token format
 * (literal runs and back-references with variable-length lengths, in the spirit of LZ4), and
 * its decompressor, run over generated text with repetitions.
 *
 * Exports:
 *   lz_roundtrip(kib, seed, level)  compresses `kib` KiB of generated text (<= 512) with chains
 *                                   up to `level` long, decompresses it and checks the round
 *                                   trip; returns compressed size << 32 | FNV-1a of the output
 *                                   (i64), or -1 if the round trip fails
 */
#include "bench.h"

#define MAX_IN (512 * 1024)
#define HASH_BITS 15
#define WINDOW 65535
#define MIN_MATCH 4

static u8 src[MAX_IN];
static u8 packed[MAX_IN + MAX_IN / 8 + 64];
static u8 unpacked[MAX_IN];
static i32 head[1 << HASH_BITS];
static i32 chain[MAX_IN];

static const char *const WORDS[] = {
    "stone ", "cairn ", "marks ", "the ", "path ", "over ", "ridge ", "where ", "walkers ",
    "lost ", "their ", "way ", "in ", "fog, ", "and ", "each ", "adds ", "one. ", "\n",
};

static u32 generate(u32 n, u32 seed) {
    u32 s = rng_seed(seed), len = 0;
    while (len < n) {
        u32 r = rng_next(&s);
        if ((r & 15) == 0 && len > 256) {
            /* repeat an earlier stretch: long matches */
            u32 from = (r >> 4) % (len - 128), k = 32 + (r >> 20) % 96;
            for (u32 i = 0; i < k && len < n; i++) src[len++] = src[from + i];
        } else if ((r & 15) == 1) {
            /* noise: literals */
            for (u32 i = 0; i < 6 && len < n; i++) src[len++] = (u8)('a' + rng_next(&s) % 26);
        } else {
            const char *w = WORDS[(r >> 8) % LEN(WORDS)];
            while (*w && len < n) src[len++] = (u8)*w++;
        }
    }
    return len;
}

static inline u32 hash4(const u8 *p) {
    u32 v = (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

static u8 *put_length(u8 *out, u32 n) {
    while (n >= 255) { *out++ = 255; n -= 255; }
    *out++ = (u8)n;
    return out;
}

/* token: high nibble literal count, low nibble match length - MIN_MATCH (15 = more follows),
 * then extra literal length bytes, the literals, a 2-byte offset, extra match length bytes. */
static u8 *emit_sequence(u8 *out, const u8 *lit, u32 nlit, u32 offset, u32 mlen) {
    u8 *token = out++;
    u32 ml = mlen ? mlen - MIN_MATCH : 0;
    *token = (u8)((nlit < 15 ? nlit : 15) << 4 | (ml < 15 ? ml : 15));
    if (nlit >= 15) out = put_length(out, nlit - 15);
    for (u32 i = 0; i < nlit; i++) *out++ = lit[i];
    if (mlen) {
        *out++ = (u8)offset;
        *out++ = (u8)(offset >> 8);
        if (ml >= 15) out = put_length(out, ml - 15);
    }
    return out;
}

static u32 compress(const u8 *in, u32 n, u8 *out, i32 level) {
    for (i32 i = 0; i < (1 << HASH_BITS); i++) head[i] = -1;
    u8 *o = out;
    u32 pos = 0, anchor = 0;
    while (pos + MIN_MATCH <= n) {
        u32 h = hash4(in + pos);
        i32 cand = head[h];
        u32 best_len = 0, best_off = 0;
        for (i32 tries = 0; cand >= 0 && tries < level; tries++) {
            u32 off = pos - (u32)cand;
            if (off > WINDOW) break;
            const u8 *a = in + cand, *b = in + pos;
            u32 len = 0, max = n - pos;
            while (len < max && a[len] == b[len]) len++;
            if (len > best_len) { best_len = len; best_off = off; }
            cand = chain[cand];
        }
        chain[pos] = head[h];
        head[h] = (i32)pos;
        if (best_len >= MIN_MATCH) {
            o = emit_sequence(o, in + anchor, pos - anchor, best_off, best_len);
            /* insert the positions the match covers, so later matches can find them */
            u32 end = pos + best_len;
            for (pos++; pos < end && pos + MIN_MATCH <= n; pos++) {
                u32 hh = hash4(in + pos);
                chain[pos] = head[hh];
                head[hh] = (i32)pos;
            }
            pos = end;
            anchor = pos;
        } else {
            pos++;
        }
    }
    o = emit_sequence(o, in + anchor, n - anchor, 0, 0);
    return (u32)(o - out);
}

static i32 read_length(const u8 **p, const u8 *end, u32 *n) {
    for (;;) {
        if (*p >= end) return 0;
        u8 b = *(*p)++;
        *n += b;
        if (b != 255) return 1;
    }
}

/* Returns the decompressed size, or -1 on malformed input. */
static i32 decompress(const u8 *in, u32 n, u8 *out, u32 cap) {
    const u8 *p = in, *end = in + n;
    u32 len = 0;
    while (p < end) {
        u8 token = *p++;
        u32 nlit = token >> 4, ml = token & 15;
        if (nlit == 15 && !read_length(&p, end, &nlit)) return -1;
        if (nlit > (u32)(end - p) || len + nlit > cap) return -1;
        for (u32 i = 0; i < nlit; i++) out[len++] = p[i];
        p += nlit;
        if (p >= end) break; /* the last sequence has no match */
        if (end - p < 2) return -1;
        u32 offset = (u32)p[0] | (u32)p[1] << 8;
        p += 2;
        if (ml == 15 && !read_length(&p, end, &ml)) return -1;
        ml += MIN_MATCH;
        if (offset == 0 || offset > len || len + ml > cap) return -1;
        /* overlapping copies are byte by byte on purpose (run-length expansion) */
        for (u32 i = 0; i < ml; i++, len++) out[len] = out[len - offset];
    }
    return (i32)len;
}

EXPORT("lz_roundtrip")
i64 lz_roundtrip(i32 kib, u32 seed, i32 level) {
    if (kib < 1) kib = 1;
    if (kib > MAX_IN / 1024) kib = MAX_IN / 1024;
    if (level < 1) level = 1;
    u32 n = generate((u32)kib * 1024, seed);
    u32 size = compress(src, n, packed, level);
    i32 back = decompress(packed, size, unpacked, MAX_IN);
    if (back != (i32)n) return -1;
    for (u32 i = 0; i < n; i++) if (unpacked[i] != src[i]) return -1;
    return (i64)((u64)size << 32 | fnv1a(packed, size));
}
