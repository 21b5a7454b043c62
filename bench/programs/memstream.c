/* Memory-bound streaming: STREAM-like copy / scale / add / triad on 4 MiB arrays of
   32-bit words, plus a block copy (memcpy, memory.copy in wasm). */
#include "bench.h"

#ifndef WORDS
#define WORDS (1u << 20)
#endif
#ifndef REPS
#define REPS 240
#endif

static uint32_t a[WORDS], b[WORDS], c[WORDS];

BENCH_EXPORT uint64_t run(void) {
    uint32_t i, r, seed = 99, k = 3;
    uint64_t h = 0;
    for (i = 0; i < WORDS; i++) {
        a[i] = bench_rand(&seed);
        b[i] = i;
        c[i] = 0;
    }
    for (r = 0; r < REPS; r++) {
        for (i = 0; i < WORDS; i++) /* copy, with a twist so it stays a loop */
            c[i] = a[i] ^ r;
        for (i = 0; i < WORDS; i++) /* scale */
            b[i] = k * c[i];
        for (i = 0; i < WORDS; i++) /* add */
            c[i] = a[i] + b[i];
        for (i = 0; i < WORDS; i++) /* triad */
            a[i] = b[i] + k * c[i];
        /* block copy of half of the array, shifted */
        bench_memcpy(b + (r & 15), a + WORDS / 2, (WORDS / 2 - 16) * sizeof(uint32_t));
        h = bench_mix64(h, (uint64_t)a[(r * 7919u) % WORDS] << 32 | b[(r * 104729u) % WORDS]);
        k += 2;
    }
    for (i = 0; i < WORDS; i += 4099)
        h = bench_mix64(h, a[i] ^ b[i] ^ c[i]);
    return h;
}
