/* Sorting: quicksort (median of three, insertion sort for small ranges) and heapsort of 1M keys. */
#include "bench.h"

#ifndef COUNT
#define COUNT (1u << 20)
#endif

static uint32_t keys[COUNT], work[COUNT];

static void insertion(uint32_t *a, int n) {
    int i, j;
    for (i = 1; i < n; i++) {
        uint32_t v = a[i];
        for (j = i; j > 0 && a[j - 1] > v; j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

static void quicksort(uint32_t *a, int n) {
    while (n > 16) {
        uint32_t x = a[0], y = a[n / 2], z = a[n - 1], p, t;
        int i = 0, j = n - 1;
        p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        for (;;) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i >= j) break;
            t = a[i]; a[i] = a[j]; a[j] = t;
            i++; j--;
        }
        /* recurse into the smaller half */
        if (j + 1 < n - j - 1) {
            quicksort(a, j + 1);
            a += j + 1;
            n -= j + 1;
        } else {
            quicksort(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    insertion(a, n);
}

static void sift(uint32_t *a, uint32_t root, uint32_t n) {
    uint32_t v = a[root], child;
    while ((child = 2 * root + 1) < n) {
        if (child + 1 < n && a[child + 1] > a[child])
            child++;
        if (a[child] <= v)
            break;
        a[root] = a[child];
        root = child;
    }
    a[root] = v;
}

static void heapsort(uint32_t *a, uint32_t n) {
    uint32_t i, t;
    for (i = n / 2; i-- > 0;)
        sift(a, i, n);
    for (i = n - 1; i > 0; i--) {
        t = a[0]; a[0] = a[i]; a[i] = t;
        sift(a, 0, i);
    }
}

static uint64_t check(const uint32_t *a, uint32_t n) {
    uint64_t h = 0;
    uint32_t i, bad = 0;
    for (i = 1; i < n; i++)
        bad += a[i - 1] > a[i];
    for (i = 0; i < n; i += 1021)
        h = bench_mix64(h, a[i]);
    return bench_mix64(h, bad);
}

BENCH_EXPORT uint64_t run(void) {
    uint32_t seed = 2024, i;
    uint64_t h;
    for (i = 0; i < COUNT; i++)
        keys[i] = bench_rand(&seed) % 1000000007u;
    bench_memcpy(work, keys, sizeof keys);
    quicksort(work, COUNT);
    h = check(work, COUNT);
    bench_memcpy(work, keys, sizeof keys);
    heapsort(work, COUNT);
    return bench_mix64(h, check(work, COUNT));
}
