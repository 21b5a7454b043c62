/* Memory-bound: sieve of Eratosthenes over a 16 MiB byte array, repeated. */
#include "bench.h"

#ifndef LIMIT
#define LIMIT (16u << 20)
#endif
#ifndef REPS
#define REPS 7
#endif

static uint8_t composite[LIMIT];

static uint32_t sieve(uint32_t limit) {
    uint32_t i, j, count = 0, sum = 0;
    bench_memset(composite, 0, limit);
    for (i = 2; i * i < limit; i++)
        if (!composite[i])
            for (j = i * i; j < limit; j += i)
                composite[j] = 1;
    for (i = 2; i < limit; i++)
        if (!composite[i]) {
            count++;
            sum += i;
        }
    return count * 2654435761u ^ sum;
}

BENCH_EXPORT uint32_t run(void) {
    uint32_t x = 0, r;
    for (r = 0; r < REPS; r++)
        x = x * 31 + sieve(LIMIT - r * 1000003u);
    return x;
}
