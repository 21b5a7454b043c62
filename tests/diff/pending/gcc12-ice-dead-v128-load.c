/* gcc 12.2 -O2: internal compiler error (segfault) in RTL expand */
#include <stdint.h>
#include <string.h>
typedef uint8_t v16 __attribute__((vector_size(16)));
typedef struct { uint8_t *data; uint64_t size; } mem;
void trap(void) __attribute__((noreturn));
static inline uint8_t *ptr(const mem *m, uint64_t ea, uint64_t n) {
    if (__builtin_expect(ea + n > m->size, 0)) trap();
    return m->data + ea;
}
void f(const mem *m) {
    double d, c = 140737488355327.0;
    v16 v;
    uint32_t a;
    memcpy(&d, ptr(m, 22, 8), 8);
    a = d > c;
    memcpy(&v, ptr(m, (uint64_t)a + 22, 16), 16);
    (void)v;
}
