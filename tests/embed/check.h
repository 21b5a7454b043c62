/* Tiny check helpers for the embedder tests: each program prints its failed
   checks and exits 1 if there were any. */
#ifndef EMBED_CHECK_H
#define EMBED_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int check_failures;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);      \
            check_failures++;                                                    \
        }                                                                        \
    } while (0)

#define CHECK_EQ(a, b)                                                           \
    do {                                                                         \
        unsigned long long check_a_ = (unsigned long long)(a);                   \
        unsigned long long check_b_ = (unsigned long long)(b);                   \
        if (check_a_ != check_b_) {                                              \
            printf("%s:%d: check failed: %s == %s (%llu vs %llu)\n", __FILE__,   \
                   __LINE__, #a, #b, check_a_, check_b_);                        \
            check_failures++;                                                    \
        }                                                                        \
    } while (0)

static int check_done(const char *name) {
    printf("%s: %s\n", name, check_failures ? "FAILED" : "ok");
    return check_failures ? 1 : 0;
}

#endif
