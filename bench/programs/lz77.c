/* A compressor: LZ77 with a hash table and greedy matching (LZ4-like tokens), then
   decompression and verification, over 1 MiB of synthetic text. */
#include "bench.h"

#ifndef LEN
#define LEN (1u << 20)
#endif
#ifndef REPS
#define REPS 45
#endif
#define HBITS 14
#define MINMATCH 4
#define MAXOFF 65535

static uint8_t src[LEN], comp[LEN + LEN / 8 + 64], back[LEN];
static uint32_t htab[1u << HBITS];

static uint32_t rd32(const uint8_t *p) { uint32_t v; bench_memcpy(&v, p, 4); return v; }
static uint32_t hash4(uint32_t v) { return (v * 2654435761u) >> (32 - HBITS); }

static uint32_t put_len(uint8_t *o, uint32_t n) { /* 255-continuation length */
    uint32_t k = 0;
    while (n >= 255) { o[k++] = 255; n -= 255; }
    o[k++] = (uint8_t)n;
    return k;
}

static uint32_t compress(const uint8_t *in, uint32_t n, uint8_t *out) {
    uint32_t ip = 0, anchor = 0, op = 0, i;
    for (i = 0; i < (1u << HBITS); i++)
        htab[i] = 0xffffffffu;
    while (ip + MINMATCH + 8 < n) {
        uint32_t v = rd32(in + ip), h = hash4(v), ref = htab[h];
        htab[h] = ip;
        if (ref != 0xffffffffu && ip - ref <= MAXOFF && rd32(in + ref) == v) {
            uint32_t len = MINMATCH, lit = ip - anchor, tok = op++;
            while (ip + len < n && in[ref + len] == in[ip + len])
                len++;
            out[tok] = (uint8_t)((lit < 15 ? lit : 15) << 4 | (len - MINMATCH < 15 ? len - MINMATCH : 15));
            if (lit >= 15) op += put_len(out + op, lit - 15);
            for (i = 0; i < lit; i++) out[op++] = in[anchor + i];
            out[op++] = (uint8_t)(ip - ref);
            out[op++] = (uint8_t)((ip - ref) >> 8);
            if (len - MINMATCH >= 15) op += put_len(out + op, len - MINMATCH - 15);
            ip += len;
            anchor = ip;
        } else {
            ip++;
        }
    }
    { /* last literals */
        uint32_t lit = n - anchor;
        out[op++] = (uint8_t)((lit < 15 ? lit : 15) << 4);
        if (lit >= 15) op += put_len(out + op, lit - 15);
        for (i = 0; i < lit; i++) out[op++] = in[anchor + i];
    }
    return op;
}

static uint32_t get_len(const uint8_t *in, uint32_t *ip) {
    uint32_t n = 0, b;
    do { b = in[(*ip)++]; n += b; } while (b == 255);
    return n;
}

static uint32_t decompress(const uint8_t *in, uint32_t n, uint8_t *out) {
    uint32_t ip = 0, op = 0;
    while (ip < n) {
        uint32_t tok = in[ip++], lit = tok >> 4, len, off, i;
        if (lit == 15) lit += get_len(in, &ip);
        for (i = 0; i < lit; i++) out[op++] = in[ip++];
        if (ip >= n) break;
        off = in[ip] | (uint32_t)in[ip + 1] << 8;
        ip += 2;
        len = (tok & 15);
        if (len == 15) len += get_len(in, &ip);
        len += MINMATCH;
        for (i = 0; i < len; i++, op++) out[op] = out[op - off];
    }
    return op;
}

static const char *const words[16] = {"the ", "wasm ", "module ", "memory ", "of ", "a ", "table ",
                                      "function ", "and ", "import ", "export ", "to ", "compile ",
                                      "native ", "speed ", "\n"};

BENCH_EXPORT uint64_t run(void) {
    uint32_t seed = 5, i = 0, r, clen = 0, dlen, bad = 0;
    uint64_t h = 0;
    while (i < LEN) {
        const char *w = words[bench_rand(&seed) & 15];
        if ((bench_rand(&seed) & 31) == 0)
            src[i++] = (uint8_t)(bench_rand(&seed) & 0x7f); /* noise */
        while (*w && i < LEN) src[i++] = (uint8_t)*w++;
    }
    for (r = 0; r < REPS; r++) {
        src[(r * 7919u) % LEN] ^= (uint8_t)r;
        clen = compress(src, LEN, comp);
        dlen = decompress(comp, clen, back);
        for (i = 0; i < LEN; i += 1)
            bad += back[i] != src[i];
        h = bench_mix64(h, (uint64_t)clen << 32 | dlen);
    }
    for (i = 0; i < clen; i += 257)
        h = bench_mix64(h, comp[i]);
    return bench_mix64(h, bad);
}
