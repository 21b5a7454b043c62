/*
 * libFuzzer target: the whole translation (decode, validate, emit) of the
 * input bytes, with a fixed prefix. Build and run with fuzz/fuzz.sh.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I translator \
 *         fuzz/fuzz_translate.c $(ls translator/*.c | grep -v main.c)
 */
#include <stddef.h>
#include <stdint.h>

#include "translate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static diag d; /* static, as in main.c: translate() longjmps through it */
    strbuf h, c;
    sb_init(&h, &d);
    sb_init(&c, &d);
    (void)translate("fuzz.wasm", data, size, "fz", "fz.h", &h, &c, &d);
    sb_free(&h);
    sb_free(&c);
    return 0;
}
