// A trap ends the program (exit 134 in both harnesses) after what was already written.
// EXIT: 134
#include <stdio.h>
#include <unistd.h>

volatile int zero = 0;

int main(void) {
    printf("before the trap\n");
    fflush(stdout);
    __builtin_trap();
    printf("not reached\n");
    return 0;
}
