/* Two modules translated with --split (prefixes sa and sb) and one without
   (whole), linked into one program: the same calls must agree, and the
   extern names of the split ones must not clash. */
#include <stdio.h>

#include "sa.h"
#include "sb.h"
#include "whole.h"

static int failures;

static void expect(const char *what, uint32_t got, uint32_t want) {
    if (got != want) {
        printf("FAIL %s: %u, want %u\n", what, got, want);
        failures++;
    }
}

int main(void) {
    static sa_instance a;
    static sb_instance b;
    static whole_instance w;
    if (sa_instantiate(&a, NULL) != W2CL_OK || sb_instantiate(&b, NULL) != W2CL_OK ||
        whole_instantiate(&w, NULL) != W2CL_OK) {
        puts("FAIL instantiate");
        return 1;
    }
    w2cl_trap_frame frame;
    w2cl_push_frame(&frame);
    if (setjmp(frame.jmp) != 0) {
        printf("FAIL trap: %s\n", w2cl_status_text(frame.status));
        return 1;
    }
    static const uint32_t n[] = {0, 7, 10, 100001};
    for (unsigned i = 0; i < sizeof n / sizeof n[0]; i++) {
        expect("sa iseven", sa_iseven(&a, n[i]), n[i] % 2 == 0);
        expect("sb iseven", sb_iseven(&b, n[i]), whole_iseven(&w, n[i]));
    }
    expect("sa apply fac", sa_apply(&a, 2, 5), 120);
    expect("sa f0 (export)", sa_f0(&a, 5), 120);
    expect("sa type0 (export)", sa_type0(&a, 3), 12);
    expect("sa data0 (export)", sa_data0(&a, 3), 1);
    expect("sb apply twice", sb_apply(&b, 3, 4), whole_apply(&w, 3, 4));
    expect("sa lastbyte", sa_lastbyte(&a), '!');
    expect("sa count", sa_count(&a), 1);
    expect("sa count", sa_count(&a), 2);
    expect("sb count", sb_count(&b), 1); /* separate instances, separate globals */
    w2cl_pop_frame(&frame);
    sa_free(&a);
    sb_free(&b);
    whole_free(&w);
    if (!failures)
        puts("split: all calls agree");
    return failures != 0;
}
