// The value main returns is the exit code; stderr and stdout both arrive.
// EXIT: 7
#include <stdio.h>

int main(void) {
    fprintf(stderr, "warning: about to return 7\n");
    printf("returning 7\n");
    return 7;
}
