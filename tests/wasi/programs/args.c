// Command-line arguments, including spaces, an empty one and non-ASCII bytes.
// ARGS: one "two words" --flag "" "café"
#include <stdio.h>

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=[%s]\n", i, argv[i]);
    printf("argv[argc]==NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
    return argc == 6 ? 0 : 1;
}
