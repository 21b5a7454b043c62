/* Virtual dispatch through function pointers (call_indirect in wasm). */
#include "bench.h"

#ifndef OBJS
#define OBJS 4096
#endif
#ifndef PASSES
#define PASSES 6000
#endif

struct shape;
typedef struct {
    uint32_t (*area)(const struct shape *);
    uint32_t (*scale)(struct shape *, uint32_t);
} vtable;

typedef struct shape {
    const vtable *vt;
    uint32_t a, b;
} shape;

static uint32_t sq_area(const shape *s) { return s->a * s->a; }
static uint32_t sq_scale(shape *s, uint32_t k) { s->a = (s->a * k) & 0xffff; return s->a; }
static uint32_t rect_area(const shape *s) { return s->a * s->b; }
static uint32_t rect_scale(shape *s, uint32_t k) { s->a = (s->a + k) & 0xffff; s->b ^= k; return s->b; }
static uint32_t tri_area(const shape *s) { return (s->a * s->b) >> 1; }
static uint32_t tri_scale(shape *s, uint32_t k) { s->b = (s->b * 3 + k) & 0xffff; return s->a + s->b; }
static uint32_t circ_area(const shape *s) { return (s->a * s->a * 355u) / 113u; }
static uint32_t circ_scale(shape *s, uint32_t k) { s->a = (s->a >> 1) + (k & 0xff) + 1; return s->a; }

static const vtable vts[4] = {{sq_area, sq_scale}, {rect_area, rect_scale}, {tri_area, tri_scale}, {circ_area, circ_scale}};

static shape objs[OBJS];

BENCH_EXPORT uint32_t run(void) {
    uint32_t seed = 31337, i, p, acc = 0;
    for (i = 0; i < OBJS; i++) {
        objs[i].vt = &vts[bench_rand(&seed) & 3];
        objs[i].a = bench_rand(&seed) & 0xfff;
        objs[i].b = bench_rand(&seed) & 0xfff;
    }
    for (p = 0; p < PASSES; p++) {
        for (i = 0; i < OBJS; i++) {
            shape *s = &objs[i];
            acc += s->vt->area(s);
            if ((i & 3) == (p & 3))
                acc ^= s->vt->scale(s, acc & 0xff);
        }
    }
    return acc;
}
