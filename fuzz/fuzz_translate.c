/*
 * libFuzzer target: the whole translation (decode, validate, emit) of the
 * input bytes, without and with the proposals, with a fixed prefix. fuzz/fuzz.sh builds it with
 * clang -g -O1 -fsanitize=fuzzer,address,undefined together with every
 * translator source except main.c, and runs it.
 */
#include <stddef.h>
#include <stdint.h>

#include "translate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static diag d; /* static, as in main.c: translate() longjmps through it */
    /* Once as WebAssembly 2.0, once with every proposal we support. */
    static const unsigned feature_sets[] = {0, FEAT_ALL};
    for (size_t i = 0; i < sizeof feature_sets / sizeof feature_sets[0]; i++) {
        strbuf h, c;
        sb_init(&h, &d);
        sb_init(&c, &d);
        (void)translate_features("fuzz.wasm", data, size, feature_sets[i], "fz", "fz.h", &h, &c, &d);
        sb_free(&h);
        sb_free(&c);
        diag_trim(&d); /* small blocks kept for reuse: the leak check sees none */
    }
    return 0;
}
