/* Integer: table-driven CRC-32 (IEEE, byte at a time) plus Adler-32 over a 1 MiB buffer. */
#include "bench.h"

#ifndef PASSES
#define PASSES 150
#endif
#define LEN (1u << 20)

static uint32_t table[256];
static uint8_t data[LEN];

static void make_table(void) {
    uint32_t n, k, c;
    for (n = 0; n < 256; n++) {
        c = n;
        for (k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, uint32_t n) {
    crc = ~crc;
    while (n--)
        crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint32_t adler32(const uint8_t *p, uint32_t n) {
    uint32_t a = 1, b = 0;
    while (n) {
        uint32_t k = n < 5552 ? n : 5552;
        n -= k;
        while (k--) {
            a += *p++;
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    return b << 16 | a;
}

BENCH_EXPORT uint32_t run(void) {
    uint32_t seed = 777, i, crc = 0, ad = 0;
    make_table();
    for (i = 0; i < LEN; i++)
        data[i] = (uint8_t)(bench_rand(&seed) >> 7);
    for (i = 0; i < PASSES; i++) {
        crc = crc32(crc, data + (i & 1023), LEN - 1024);
        if ((i & 7) == 0)
            ad ^= adler32(data + (i & 511), LEN - 512);
        data[i & (LEN - 1)] ^= (uint8_t)crc;
    }
    return crc ^ (ad * 3);
}
