// random_get through getentropy and the raw call: properties only.
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

int main(void) {
    unsigned char a[64], b[64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    printf("getentropy: %d %d\n", getentropy(a, sizeof a), getentropy(b, sizeof b));
    int nonzero = 0;
    for (size_t i = 0; i < sizeof a; i++)
        nonzero += a[i] != 0;
    printf("mostly non-zero: %s\n", nonzero > 32 ? "yes" : "no");
    printf("two draws differ: %s\n", memcmp(a, b, sizeof a) ? "yes" : "no");

    static unsigned char big[65536];
    printf("random_get 64K: %d\n", __wasi_random_get(big, sizeof big));
    int seen[256] = {0}, distinct = 0;
    long ones = 0;
    for (size_t i = 0; i < sizeof big; i++) {
        if (!seen[big[i]]++)
            distinct++;
        ones += __builtin_popcount(big[i]);
    }
    printf("all 256 byte values seen: %s\n", distinct == 256 ? "yes" : "no");
    double ratio = (double)ones / (8.0 * sizeof big);
    printf("bit balance within 1%%: %s\n", ratio > 0.49 && ratio < 0.51 ? "yes" : "no");
    printf("random_get 0 bytes: %d\n", __wasi_random_get(big, 0));
    return 0;
}
