/* SIMD: separable 5-tap Gaussian blur ([1 4 6 4 1] horizontally, then vertically, /256) of a
   1024x1024 8-bit image with 16-bit accumulation, followed by an unsharp-mask step
   (a = clamp(2a - blur(a), 0, 255)), repeated. Plain C written so that clang -msimd128
   vectorises it for wasm (i16x8/i8x16 operations) and gcc/clang -O2 for the host (SSE2). */
#define BENCH_SIMD 1
#include "bench.h"

#ifndef W
#define W 1024
#endif
#ifndef H
#define H 1024
#endif
#ifndef REPS
#define REPS 1200
#endif

static uint8_t img[H * W], blur[H * W];
static uint16_t tmp[H * W];   /* horizontal pass: at most 16 * 255 = 4080 */
static uint8_t pad[W + 4];    /* one row with its two edge pixels replicated on each side */

/* t[x] = p0[x] + 4p1[x] + 6p2[x] + 4p3[x] + p4[x], p_k = the padded row shifted by k. Five
   pointers into one row, in a function that is not inlined: otherwise clang forwards each
   iteration's loads to the next as scalar phis and gives up vectorising the loop. */
__attribute__((noinline))
static void hpass(uint16_t *restrict t, const uint8_t *p0, const uint8_t *p1, const uint8_t *p2,
                  const uint8_t *p3, const uint8_t *p4) {
    int x;
    for (x = 0; x < W; x++)
        t[x] = (uint16_t)(p0[x] + 4 * p1[x] + 6 * p2[x] + 4 * p3[x] + p4[x]);
}

/* at most 16 * 4080 + 128 = 65408: the whole sum fits 16 bits */
static void vpass(uint8_t *restrict o, const uint16_t *restrict r0, const uint16_t *restrict r1,
                  const uint16_t *restrict r2, const uint16_t *restrict r3,
                  const uint16_t *restrict r4) {
    int x;
    for (x = 0; x < W; x++)
        o[x] = (uint8_t)((uint16_t)(r0[x] + 4 * r1[x] + 6 * r2[x] + 4 * r3[x] + r4[x] + 128) >> 8);
}

static void sharpen(uint8_t *restrict a, const uint8_t *restrict b, int n) {
    int i;
    for (i = 0; i < n; i++) {
        int16_t v = (int16_t)(2 * a[i] - b[i]);
        a[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

static void gauss5(void) {
    int y;
    for (y = 0; y < H; y++) {
        const uint8_t *row = &img[y * W];
        bench_memcpy(pad + 2, row, W);
        pad[0] = pad[1] = row[0];
        pad[W + 2] = pad[W + 3] = row[W - 1];
        hpass(&tmp[y * W], pad, pad + 1, pad + 2, pad + 3, pad + 4);
    }
    for (y = 0; y < H; y++)
        vpass(&blur[y * W], &tmp[clampi(y - 2, 0, H - 1) * W], &tmp[clampi(y - 1, 0, H - 1) * W],
              &tmp[y * W], &tmp[clampi(y + 1, 0, H - 1) * W], &tmp[clampi(y + 2, 0, H - 1) * W]);
}

static uint64_t hash_bytes(uint64_t h, const uint8_t *p, int n) {
    uint64_t w;
    int i;
    for (i = 0; i < n; i += 8) {
        bench_memcpy(&w, p + i, 8);
        h = bench_mix64(h, w);
    }
    return h;
}

BENCH_EXPORT uint64_t run(void) {
    uint32_t seed = 8675309;
    uint64_t h = 0;
    int i, r;
    /* smooth gradients plus noise, so both the blur and the clamps have work to do */
    for (i = 0; i < W * H; i++) {
        int x = i % W, y = i / W;
        img[i] = (uint8_t)(((x * 3 + y * 5) & 255) / 2 + (bench_rand(&seed) & 127));
    }
    for (r = 0; r < REPS; r++) {
        gauss5();
        sharpen(img, blur, W * H);
        h = hash_bytes(h, &blur[((r * 131) % H) * W], W);
        h = hash_bytes(h, &img[((r * 337) % H) * W], W);
    }
    return hash_bytes(h, img, W * H);
}
