// exit() from a nested call: atexit handlers run, buffered stdout is flushed, the code comes back.
// EXIT: 42
#include <stdio.h>
#include <stdlib.h>

static void bye(void) { printf("atexit handler ran\n"); }

static int depth(int n) {
    if (n == 0) {
        printf("exiting from depth 10 (buffered, no flush)\n");
        exit(42);
    }
    return depth(n - 1) + 1;
}

int main(void) {
    atexit(bye);
    printf("start\n");
    depth(10);
    printf("not reached\n");
    return 0;
}
